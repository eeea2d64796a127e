//! Which rule words a normalised token is: the token's first eight bytes, packed into one number,
//! answer both "is the whole token a rule word" and "does the token start with a rule stem",
//! because the head of every prefix is that number shifted right.
//!
//! This replaces a multi-pattern automaton over the text: the normaliser has already cut the text
//! into words and every rule word is a whole word or a word start, so the automaton only ever
//! reported matches at token starts, and building it over ~25,000 words dominated start-up.

use super::rule_index::{RuleIndex, WordKind};

/// Fibonacci hashing's multiplier (2^64 divided by the golden ratio): the high bits of the product
/// depend on every bit of the key.
const SPREAD: u64 = 0x9e37_79b9_7f4a_7c15;

/// A word's first eight bytes (fewer if it is shorter), packed with the first byte highest: with
/// the length, the whole key of a word of up to eight bytes, so that most look-ups compare two
/// numbers instead of calling `memcmp` on the word's text (an out-of-line byte loop in
/// WebAssembly). The head of a prefix of `n <= 8` bytes is the head shifted right.
fn head_of(bytes: &[u8]) -> u64 {
    let mut head = 0;
    for &b in &bytes[..bytes.len().min(8)] {
        head = head << 8 | b as u64;
    }
    head
}

/// A place in a table: the word's head and length, and its id + 1 (0 for a free slot, so that a
/// new table is zeroed memory).
#[derive(Clone, Copy, Default)]
struct Slot {
    head: u64,
    len: u16,
    entry: u16,
}

/// Open addressing with linear probing, at most half full.
struct Table {
    slots: Vec<Slot>,
    mask: usize,
    /// 64 minus the table's size in bits: the product's top bits are the home slot.
    shift: u32,
}

impl Table {
    fn with_capacity(n: usize) -> Table {
        let size = (n * 2).next_power_of_two().max(16);
        Table { slots: vec![Slot::default(); size], mask: size - 1, shift: 64 - size.trailing_zeros() }
    }

    fn home(&self, head: u64, len: usize) -> usize {
        ((head ^ len as u64).wrapping_mul(SPREAD) >> self.shift) as usize
    }

    #[inline(never)]
    fn insert(&mut self, word: &[u8], id: u16) {
        let head = head_of(word);
        let mut at = self.home(head, word.len());
        while self.slots[at].entry != 0 {
            at = (at + 1) & self.mask;
        }
        // build.rs refuses words of 64 bytes or more; ids stop below u16::MAX.
        self.slots[at] = Slot { head, len: word.len() as u16, entry: id + 1 };
    }

    /// The id of the word `key`, whose head is `head`: a word of more than eight bytes also
    /// compares the bytes after its head.
    fn get(&self, head: u64, key: &[u8], index: &RuleIndex) -> Option<u16> {
        let mut at = self.home(head, key.len());
        loop {
            let slot = self.slots[at];
            if slot.entry == 0 {
                return None;
            }
            if slot.head == head && slot.len as usize == key.len() {
                let id = slot.entry - 1;
                if key.len() <= 8 || index.word(id).0.as_bytes()[8..] == key[8..] {
                    return Some(id);
                }
            }
            at = (at + 1) & self.mask;
        }
    }
}

pub struct WordTable {
    exact: Table,
    prefix: Table,
    /// Bit `n` is set when some stem is `n` bytes long: the only prefix lengths worth a probe.
    prefix_lengths: u64,
    /// Per (first byte, second byte) class: the lengths of the stems that start that way (bit `n`
    /// for `n` bytes). Most tokens start like no stem, and skip every prefix probe.
    stem_gate: Vec<u64>,
    /// The lengths of stems too short for the gate (none in the packs today).
    short_stems: u64,
    number: Option<u16>,
}

/// The gate's cell for a token of at least two bytes: its first two letters, any other byte in
/// one class.
fn gate_cell(bytes: &[u8]) -> usize {
    let class = |b: u8| if b.is_ascii_lowercase() { (b - b'a') as usize } else { 26 };
    class(bytes[0]) * 27 + class(bytes[1])
}

/// Bits 1..=n: the prefix lengths a token of `n` bytes has.
fn lengths_up_to(n: usize) -> u64 {
    if n >= 63 {
        u64::MAX
    } else {
        (2u64 << n) - 1
    }
}

impl WordTable {
    #[inline(never)]
    pub fn new(index: &RuleIndex) -> WordTable {
        let prefixes = (0..index.word_count() as u16).filter(|&i| index.word(i).1 == WordKind::Prefix).count();
        let mut table = WordTable {
            exact: Table::with_capacity(index.word_count() - prefixes),
            prefix: Table::with_capacity(prefixes),
            prefix_lengths: 0,
            stem_gate: vec![0; 27 * 27],
            short_stems: 0,
            number: None,
        };
        // The loops that key and place the words are small functions of their own: the
        // WebAssembly engines compile this start-up code a second time, optimised, and their work
        // grows with the size of the function (docs/performance.md §20).
        for id in 0..index.word_count() as u16 {
            let (text, kind) = index.word(id);
            match kind {
                WordKind::Exact => table.exact.insert(text.as_bytes(), id),
                WordKind::Prefix => {
                    table.prefix.insert(text.as_bytes(), id);
                    // build.rs refuses stems of 64 bytes or more.
                    table.prefix_lengths |= 1 << text.len();
                    match text.as_bytes() {
                        stem @ [_, _, ..] => table.stem_gate[gate_cell(stem)] |= 1 << text.len(),
                        _ => table.short_stems |= 1 << text.len(),
                    }
                }
                WordKind::Number => table.number = Some(id),
            }
        }
        table
    }

    /// Calls `found` with every rule word the token `bytes` is: its prefixes first, shortest
    /// first, then the whole word, then the number class.
    pub fn lookup(&self, bytes: &[u8], index: &RuleIndex, mut found: impl FnMut(u16)) {
        let gated = if bytes.len() >= 2 { self.stem_gate[gate_cell(bytes)] } else { 0 };
        let mut stems = (gated | self.short_stems) & lengths_up_to(bytes.len());
        // The head of the whole token, then each stem length's from it: no byte is read twice
        // and no byte after the eighth at all.
        let head = head_of(bytes);
        let read = bytes.len().min(8);
        while stems != 0 {
            let len = stems.trailing_zeros() as usize;
            stems &= stems - 1;
            let stem_head = if len >= read { head } else { head >> (8 * (read - len)) };
            if let Some(id) = self.prefix.get(stem_head, &bytes[..len], index) {
                found(id);
            }
        }
        if let Some(id) = self.exact.get(head, bytes, index) {
            found(id);
        }
        if let Some(id) = self.number {
            if !bytes.is_empty() && bytes.iter().all(u8::is_ascii_digit) {
                found(id);
            }
        }
    }
}

/// A piece of joined letters is at least this long: the old joined forms of the packs were made of
/// words of three letters or more, and shorter pieces ("a", "l", "t") would cut any spaced-out word
/// into letters.
const MIN_PIECE: usize = 3;
/// Longer runs of spaced letters are left whole (the cut is quadratic in their length).
const MAX_JOINED: usize = 64;

impl WordTable {
    /// Cuts letters that were spaced out and joined ("westernunion") into rule words ("western",
    /// "union"): the fewest pieces, the longest first piece on a tie, each piece a whole rule word
    /// or exactly a stem, the last one also any ending of a stem ("sendnudes" → "send", "nudes"
    /// with `nud*`). Appends the offsets of the cuts; nothing when the letters are one rule word
    /// already or cannot be read as several.
    pub fn cut_joined(&self, letters: &[u8], index: &RuleIndex, cuts: &mut Vec<usize>) {
        let n = letters.len();
        if !(2 * MIN_PIECE..=MAX_JOINED).contains(&n) {
            return;
        }
        // best[i]: for letters[i..], the fewest letters left to a stem's ending, then the fewest
        // pieces; end[i]: where the first piece ends. A stem could otherwise swallow the rest
        // ("send*" + "nudes").
        const NONE: (u8, u8) = (u8::MAX, u8::MAX);
        let mut best = [NONE; MAX_JOINED + 1];
        let mut end = [0u8; MAX_JOINED + 1];
        best[n] = (0, 0);
        for i in (0..n).rev() {
            let mut head = 0u64;
            for j in i + 1..=n {
                if j - i <= 8 {
                    head = head << 8 | letters[j - 1] as u64;
                }
                if j - i < MIN_PIECE {
                    continue;
                }
                let piece = &letters[i..j];
                let stem = j - i < 64 && self.prefix_lengths & (1 << (j - i)) != 0 && self.prefix.get(head, piece, index).is_some();
                let word = stem || self.exact.get(head, piece, index).is_some();
                let after = best[j];
                let mut offer = |cost: (u8, u8), to: usize| {
                    if cost < best[i] || (cost == best[i] && to > end[i] as usize) {
                        best[i] = cost;
                        end[i] = to as u8;
                    }
                };
                if stem {
                    offer(((n - j) as u8, 1), n); // the rest is the stem's ending
                }
                if word && after != NONE {
                    offer((after.0, after.1 + 1), j);
                }
            }
        }
        if best[0] == NONE || best[0].1 < 2 {
            return;
        }
        let mut at = end[0] as usize;
        while at < n {
            cuts.push(at);
            at = end[at] as usize;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words_of(token: &str) -> Vec<(String, WordKind)> {
        let index = RuleIndex::new();
        let table = WordTable::new(&index);
        let mut out = Vec::new();
        table.lookup(token.as_bytes(), &index, |id| out.push((index.word(id).0.to_string(), index.word(id).1)));
        out
    }

    #[test]
    fn finds_the_whole_word_and_every_stem_it_starts_with() {
        let index = RuleIndex::new();
        let table = WordTable::new(&index);
        // Every word of the tables finds itself.
        for id in 0..index.word_count() as u16 {
            let (text, kind) = index.word(id);
            if kind == WordKind::Number {
                continue;
            }
            let mut hits = Vec::new();
            table.lookup(text.as_bytes(), &index, |found| hits.push(found));
            assert!(hits.contains(&id), "{text:?} not found");
            // and nothing it does not start with.
            for found in hits {
                let (stem, kind) = index.word(found);
                match kind {
                    WordKind::Exact => assert_eq!(stem, text),
                    WordKind::Prefix => assert!(text.starts_with(stem)),
                    WordKind::Number => assert!(text.bytes().all(|b| b.is_ascii_digit())),
                }
            }
        }
    }

    fn cuts(letters: &str) -> Vec<String> {
        let index = RuleIndex::new();
        let table = WordTable::new(&index);
        let mut at = Vec::new();
        table.cut_joined(letters.as_bytes(), &index, &mut at);
        let mut from = 0;
        let mut pieces: Vec<String> = at.iter().map(|&to| std::mem::replace(&mut from, to)).zip(at.iter()).map(|(a, &b)| letters[a..b].to_string()).collect();
        if !at.is_empty() {
            pieces.push(letters[from..].to_string());
        }
        pieces
    }

    #[test]
    fn joined_letters_are_cut_into_the_rule_words_they_spell() {
        assert_eq!(cuts("sendnudes"), ["send", "nudes"]);
        assert_eq!(cuts("envoiemoitesnudes"), ["envoie", "moi", "tes", "nudes"]);
        // A rule word (or a stem and its ending) stays whole; so do letters that are no words,
        // words shorter than three letters, and runs too long to be a spaced-out phrase.
        for whole in ["bitcoin", "filmee", "zzzzzzzz", "tafamille", "lol", &"sendnudes".repeat(8)] {
            assert_eq!(cuts(whole), Vec::<String>::new(), "{whole}");
        }
    }

    #[test]
    fn digits_are_the_number_class_and_unknown_words_nothing() {
        assert!(words_of("2500").iter().any(|w| w.1 == WordKind::Number));
        assert!(words_of("25a0").iter().all(|w| w.1 != WordKind::Number));
        assert!(words_of("zzqxjv").is_empty());
        assert!(words_of("").is_empty());
    }

    #[test]
    fn non_ascii_tokens_are_compared_bytewise_without_panicking() {
        for token in ["é", "ﬁlm", "日本語", "\u{10FFFF}", &"a".repeat(300)] {
            let _ = words_of(token);
        }
    }

    /// What `lookup` must answer, found the plain way: every stem compared, the whole word and
    /// the number class looked up without hashing tricks.
    fn every_word_of(token: &[u8], index: &RuleIndex, stems: &[u16], exact: &std::collections::HashMap<&[u8], u16>) -> Vec<u16> {
        let mut found: Vec<u16> = stems.iter().copied().filter(|&id| token.starts_with(index.word(id).0.as_bytes())).collect();
        found.sort_by_key(|&id| index.word(id).0.len());
        found.extend(exact.get(token));
        if !token.is_empty() && token.iter().all(u8::is_ascii_digit) {
            found.extend((0..index.word_count() as u16).filter(|&id| index.word(id).1 == WordKind::Number));
        }
        found
    }

    #[test]
    fn the_stem_gate_skips_no_stem_a_token_starts_with() {
        let index = RuleIndex::new();
        let table = WordTable::new(&index);
        let mut tokens: Vec<Vec<u8>> = vec![b"".to_vec(), b"7".to_vec(), b"2026".to_vec(), b"x".to_vec()];
        for id in 0..index.word_count() as u16 {
            let word = index.word(id).0.as_bytes();
            for ending in [&b""[..], b"s", b"ions", b"er", b"7", "é".as_bytes()] {
                tokens.push([word, ending].concat());
            }
            tokens.push(word[..word.len() / 2].to_vec());
            tokens.push([b"#", word].concat());
            // Same head and length, another byte after the eighth; a zero byte, which packs like
            // nothing at the head's top; the head alone.
            if word.len() > 8 {
                let mut other = word.to_vec();
                *other.last_mut().unwrap() ^= 1;
                tokens.push(other);
                tokens.push(word[..8].to_vec());
            }
            tokens.push([b"\0", word].concat());
            tokens.push([word, b"\0"].concat());
        }
        let stems: Vec<u16> = (0..index.word_count() as u16).filter(|&id| index.word(id).1 == WordKind::Prefix).collect();
        let exact = (0..index.word_count() as u16)
            .filter(|&id| index.word(id).1 == WordKind::Exact)
            .map(|id| (index.word(id).0.as_bytes(), id))
            .collect();
        for token in &tokens {
            let mut found = Vec::new();
            table.lookup(token, &index, |id| found.push(id));
            assert_eq!(found, every_word_of(token, &index, &stems, &exact), "{:?}", String::from_utf8_lossy(token));
        }
    }
}
