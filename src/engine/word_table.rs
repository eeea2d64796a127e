//! Which rule words a normalised token is: one hash per token, computed byte by byte, answers both
//! "is the whole token a rule word" and "does the token start with a rule stem", because the hash
//! of every prefix of the token is met on the way.
//!
//! This replaces a multi-pattern automaton over the text: the normaliser has already cut the text
//! into words and every rule word is a whole word or a word start, so the automaton only ever
//! reported matches at token starts, and building it over ~25,000 words dominated start-up.

use super::rule_index::{RuleIndex, WordKind};

const FNV_OFFSET: u32 = 0x811c_9dc5;
const FNV_PRIME: u32 = 0x0100_0193;
const EMPTY: u16 = u16::MAX;

fn step(hash: u32, byte: u8) -> u32 {
    (hash ^ byte as u32).wrapping_mul(FNV_PRIME)
}

#[inline(never)]
fn hash_of(bytes: &[u8]) -> u32 {
    bytes.iter().fold(FNV_OFFSET, |hash, &b| step(hash, b))
}

/// Open addressing with linear probing, at most half full.
struct Table {
    /// (hash, word id); `EMPTY` id for a free slot.
    slots: Vec<(u32, u16)>,
    mask: usize,
}

impl Table {
    fn with_capacity(n: usize) -> Table {
        let size = (n * 2).next_power_of_two().max(16);
        Table { slots: vec![(0, EMPTY); size], mask: size - 1 }
    }

    fn home(&self, hash: u32) -> usize {
        // FNV's low bits are weak for short keys: fold the high bits in.
        ((hash ^ (hash >> 16)) as usize) & self.mask
    }

    #[inline(never)]
    fn insert(&mut self, hash: u32, id: u16) {
        let mut at = self.home(hash);
        while self.slots[at].1 != EMPTY {
            at = (at + 1) & self.mask;
        }
        self.slots[at] = (hash, id);
    }

    fn get(&self, hash: u32, key: &[u8], index: &RuleIndex) -> Option<u16> {
        let mut at = self.home(hash);
        loop {
            let (h, id) = self.slots[at];
            if id == EMPTY {
                return None;
            }
            if h == hash && index.word(id).0.as_bytes() == key {
                return Some(id);
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
        // The loops that hash and place the words are small functions of their own: the
        // WebAssembly engines compile this start-up code a second time, optimised, and their work
        // grows with the size of the function (docs/performance.md §20).
        for id in 0..index.word_count() as u16 {
            let (text, kind) = index.word(id);
            let hash = hash_of(text.as_bytes());
            match kind {
                WordKind::Exact => table.exact.insert(hash, id),
                WordKind::Prefix => {
                    table.prefix.insert(hash, id);
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
        let stems = (gated | self.short_stems) & lengths_up_to(bytes.len());
        let mut hash = FNV_OFFSET;
        if stems == 0 {
            for &b in bytes {
                hash = step(hash, b);
            }
        } else {
            for (i, &b) in bytes.iter().enumerate() {
                hash = step(hash, b);
                let len = i + 1;
                if len < 64 && stems & (1 << len) != 0 {
                    if let Some(id) = self.prefix.get(hash, &bytes[..len], index) {
                        found(id);
                    }
                }
            }
        }
        if let Some(id) = self.exact.get(hash, bytes, index) {
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
            let mut hash = FNV_OFFSET;
            for j in i + 1..=n {
                hash = step(hash, letters[j - 1]);
                if j - i < MIN_PIECE {
                    continue;
                }
                let piece = &letters[i..j];
                let stem = j - i < 64 && self.prefix_lengths & (1 << (j - i)) != 0 && self.prefix.get(hash, piece, index).is_some();
                let word = stem || self.exact.get(hash, piece, index).is_some();
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
