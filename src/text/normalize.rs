//! Splits a text into normalised words: case, accents, look-alike letters, l33t, spaced or dotted
//! letters, repeated letters, invisible characters and a few emoji are undone here, once, so that
//! the rules can stay simple lowercase words.

use super::fold::{fold, leet_letter, Folded};

/// Texts longer than this are analysed on their first `MAX_TEXT_BYTES` bytes only (cut on a
/// character boundary). Analysis is linear, so this bounds the work per message: a chat message
/// or a scam e-mail is far shorter, and a 1 MB paste is not a conversation.
pub const MAX_TEXT_BYTES: usize = 64 * 1024;

/// One normalised word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Where the word stands in [`Normalized::buffer`].
    pub start: u32,
    pub end: u32,
    /// The bytes of the original text the word was read from.
    pub orig_start: u32,
    pub orig_end: u32,
}

/// A normalised text: ` word word word ` (a space before and after every word) and its words.
#[derive(Clone, Debug, Default)]
pub struct Normalized {
    pub buffer: String,
    pub tokens: Vec<Token>,
    /// True when the text was longer than [`MAX_TEXT_BYTES`] and only its beginning was read.
    pub truncated: bool,
}

impl Normalized {
    pub fn word(&self, i: usize) -> &str {
        let t = &self.tokens[i];
        &self.buffer[t.start as usize..t.end as usize]
    }

    pub fn words(&self) -> impl Iterator<Item = &str> {
        (0..self.tokens.len()).map(|i| self.word(i))
    }
}

/// A character of a raw word, before the word-level decisions (look-alikes, l33t) are taken.
#[derive(Clone, Copy)]
struct Unit {
    folded: Folded,
    orig_start: u32,
    orig_end: u32,
}

/// A raw word and what separated it from the previous one.
struct RawWord {
    units: Vec<Unit>,
    /// The separator before this word was a single space, dot, dash, underscore, star or slash —
    /// the way letters are spaced out to dodge filters.
    tight_before: bool,
}

/// Normalises `text`. Never panics, whatever the input.
pub fn normalize(text: &str) -> Normalized {
    normalize_with_aliases(text, &|_| None)
}

/// Normalises `text`, replacing whole words found by `alias` (SMS and phonetic spellings).
pub fn normalize_with_aliases<'a>(text: &str, alias: &dyn Fn(&str) -> Option<&'a str>) -> Normalized {
    let (text, truncated) = cut(text);
    let raw = split_raw_words(text);
    let mut words: Vec<(String, u32, u32, bool)> = Vec::with_capacity(raw.len());
    for rw in &raw {
        read_word(rw, &mut words);
    }
    let words = join_spaced_letters(words);

    let mut out = Normalized { buffer: String::with_capacity(text.len() + 2), tokens: Vec::with_capacity(words.len()), truncated };
    out.buffer.push(' ');
    for (word, orig_start, orig_end, _) in &words {
        match alias(word) {
            Some(replacement) => {
                for part in replacement.split(' ') {
                    push_token(&mut out, part, *orig_start, *orig_end);
                }
            }
            None => push_token(&mut out, word, *orig_start, *orig_end),
        }
    }
    out
}

fn push_token(out: &mut Normalized, word: &str, orig_start: u32, orig_end: u32) {
    let start = out.buffer.len() as u32;
    out.buffer.push_str(word);
    let end = out.buffer.len() as u32;
    out.buffer.push(' ');
    out.tokens.push(Token { start, end, orig_start, orig_end });
}

fn cut(text: &str) -> (&str, bool) {
    if text.len() <= MAX_TEXT_BYTES {
        return (text, false);
    }
    let mut end = MAX_TEXT_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    (&text[..end], true)
}

fn split_raw_words(text: &str) -> Vec<RawWord> {
    let mut words = Vec::new();
    let mut current: Vec<Unit> = Vec::new();
    let mut separator_len = 0usize;
    let mut separator_tight = true;
    let flush = |current: &mut Vec<Unit>, words: &mut Vec<RawWord>, tight: bool| {
        if !current.is_empty() {
            words.push(RawWord { units: std::mem::take(current), tight_before: tight });
        }
    };
    let mut tight_for_next = false;
    for (i, c) in text.char_indices() {
        let folded = fold(c);
        let unit = Unit { folded, orig_start: i as u32, orig_end: (i + c.len_utf8()) as u32 };
        match folded {
            Folded::Drop => {}
            Folded::Separator => {
                if !current.is_empty() {
                    flush(&mut current, &mut words, tight_for_next);
                    separator_len = 0;
                    separator_tight = true;
                }
                separator_len += 1;
                separator_tight &= matches!(c, ' ' | '.' | '-' | '_' | '*' | '/' | '+' | '|');
            }
            Folded::Word(_) => {
                flush(&mut current, &mut words, tight_for_next);
                words.push(RawWord { units: vec![unit], tight_before: false });
                separator_len = 0;
                separator_tight = false;
            }
            _ => {
                if current.is_empty() {
                    tight_for_next = separator_len == 1 && separator_tight;
                    separator_len = 0;
                    separator_tight = true;
                }
                current.push(unit);
            }
        }
    }
    flush(&mut current, &mut words, tight_for_next);
    words
}

/// Turns one raw word into one or more ASCII words (digits and letters are split apart, unless the
/// digits are l33t letters), pushed as (word, orig_start, orig_end, tight_before).
fn read_word(rw: &RawWord, out: &mut Vec<(String, u32, u32, bool)>) {
    let units = &rw.units;
    if let [Unit { folded: Folded::Word(w), orig_start, orig_end }] = units.as_slice() {
        out.push(((*w).to_string(), *orig_start, *orig_end, false));
        return;
    }
    // A word written partly or wholly in look-alike letters is read in Latin only when every letter
    // has a Latin twin: a real Russian or Greek word keeps letters that have none.
    let latin_readable = !units.iter().any(|u| matches!(u.folded, Folded::OtherLetter));
    let is_letter = |i: usize| -> bool {
        match units.get(i).map(|u| u.folded) {
            Some(Folded::Letter(..)) => true,
            Some(Folded::LookAlike(_)) => latin_readable,
            _ => false,
        }
    };
    let letter_count = (0..units.len()).filter(|&i| is_letter(i)).count();

    let mut pieces: Vec<(String, u32, u32)> = Vec::new();
    let mut piece = String::new();
    let mut piece_start = 0u32;
    let mut piece_is_digits = false;
    let mut last_end = 0u32;
    for (i, u) in units.iter().enumerate() {
        let (bytes, digit): (&[u8], bool) = match u.folded {
            Folded::Letter(a, None) => (std::slice::from_ref(leak(a)), false),
            Folded::Letter(a, Some(b)) => (two(a, b), false),
            Folded::LookAlike(a) if latin_readable => (std::slice::from_ref(leak(a)), false),
            Folded::LookAlike(_) | Folded::OtherLetter => (b"#", false),
            Folded::Digit(d) | Folded::Symbol(d) => {
                let leet = leet_letter(d).filter(|_| {
                    let before = i > 0 && is_letter(i - 1);
                    let after = is_letter(i + 1);
                    (before && after)
                        // A digit closing a word ("vide0"); a closing `!` or `$` is punctuation.
                        || (before && i + 1 == units.len() && letter_count >= 3 && matches!(u.folded, Folded::Digit(_)))
                        || (i == 0 && after && letter_count >= 3 && (1..units.len()).all(is_letter))
                });
                match leet {
                    Some(l) => (std::slice::from_ref(leak(l)), false),
                    None if matches!(u.folded, Folded::Digit(_)) => (std::slice::from_ref(leak(d)), true),
                    None => {
                        // A symbol that is not a letter here separates words ("a@b" stays l33t).
                        if !piece.is_empty() {
                            pieces.push((std::mem::take(&mut piece), piece_start, last_end));
                        }
                        continue;
                    }
                }
            }
            Folded::Word(_) | Folded::Drop | Folded::Separator => continue,
        };
        if !piece.is_empty() && piece_is_digits != digit {
            pieces.push((std::mem::take(&mut piece), piece_start, last_end));
        }
        if piece.is_empty() {
            piece_start = u.orig_start;
            piece_is_digits = digit;
        }
        for &b in bytes {
            piece.push(b as char);
        }
        last_end = u.orig_end;
    }
    if !piece.is_empty() {
        pieces.push((piece, piece_start, last_end));
    }
    for (n, (text, s, e)) in pieces.into_iter().enumerate() {
        let text = if text.as_bytes()[0].is_ascii_digit() { text } else { squeeze(&text) };
        out.push((text, s, e, n == 0 && rw.tight_before));
    }
}

/// `static` single bytes, so a letter can be borrowed as a one-byte slice without allocating.
fn leak(b: u8) -> &'static u8 {
    static BYTES: [u8; 128] = {
        let mut t = [0u8; 128];
        let mut i = 0;
        while i < 128 {
            t[i] = i as u8;
            i += 1;
        }
        t
    };
    &BYTES[(b & 0x7F) as usize]
}

fn two(a: u8, b: u8) -> &'static [u8] {
    match (a, b) {
        (b'a', b'e') => b"ae",
        (b's', b's') => b"ss",
        (b't', b'h') => b"th",
        (b'o', b'e') => b"oe",
        _ => b"##",
    }
}

/// Letters repeated three times or more count once: "nuuudes" → "nudes".
fn squeeze(word: &str) -> String {
    let b = word.as_bytes();
    let mut out = String::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let mut j = i;
        while j < b.len() && b[j] == b[i] {
            j += 1;
        }
        let run = j - i;
        let keep = if run >= 3 && b[i] != b'#' { 1 } else { run };
        for _ in 0..keep {
            out.push(b[i] as char);
        }
        i = j;
    }
    out
}

/// Joins runs of three or more single letters spaced out with single separators
/// ("w e s t e r n" → "western"). A wider gap inside the run ends one joined word and starts the
/// next, so "w e s t e r n  u n i o n" reads "western union".
fn join_spaced_letters(words: Vec<(String, u32, u32, bool)>) -> Vec<(String, u32, u32, bool)> {
    let single = |w: &(String, u32, u32, bool)| w.0.len() == 1 && w.0.as_bytes()[0].is_ascii_lowercase();
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        if !single(&words[i]) {
            out.push(words[i].clone());
            i += 1;
            continue;
        }
        // The run of single letters starting here (a wide gap does not end it, it splits it).
        let mut j = i + 1;
        while j < words.len() && single(&words[j]) {
            j += 1;
        }
        if j - i < 3 {
            out.extend(words[i..j].iter().cloned());
            i = j;
            continue;
        }
        let mut k = i;
        while k < j {
            let mut end = k + 1;
            while end < j && words[end].3 {
                end += 1;
            }
            if end - k >= 3 {
                let joined: String = words[k..end].iter().map(|w| w.0.as_str()).collect();
                out.push((joined, words[k].1, words[end - 1].2, words[k].3));
            } else {
                out.extend(words[k..end].iter().cloned());
            }
            k = end;
        }
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        normalize(text).words().map(str::to_string).collect()
    }

    #[test]
    fn case_and_accents() {
        assert_eq!(words("Déshabille-TOI Ça"), ["deshabille", "toi", "ca"]);
        assert_eq!(words("cœur Straße"), ["coeur", "strasse"]);
    }

    #[test]
    fn combining_accents_and_zero_width() {
        assert_eq!(words("vide\u{301}o"), ["video"]);
        assert_eq!(words("bit\u{200B}coin we\u{FEFF}bcam"), ["bitcoin", "webcam"]);
    }

    #[test]
    fn leet() {
        assert_eq!(words("v1d3o b1tc0in webc@m $exe"), ["video", "bitcoin", "webcam", "sexe"]);
        assert_eq!(words("vide0"), ["video"]);
        assert_eq!(words("I RECORDED YOU!"), ["i", "recorded", "you"]);
    }

    #[test]
    fn numbers_stay_numbers() {
        assert_eq!(words("48h 500€ 24 heures covid19"), ["48", "h", "500", "eur", "24", "heures", "covid", "19"]);
    }

    #[test]
    fn spaced_and_dotted_letters() {
        assert_eq!(words("w e s t e r n  u n i o n"), ["western", "union"]);
        assert_eq!(words("par b.i.t.c.o.i.n vite"), ["par", "bitcoin", "vite"]);
        assert_eq!(words("W-E-B-C-A-M"), ["webcam"]);
    }

    #[test]
    fn french_elisions_are_not_spaced_letters() {
        assert_eq!(words("j'ai l'a t'as"), ["j", "ai", "l", "a", "t", "as"]);
    }

    #[test]
    fn repeated_letters() {
        assert_eq!(words("nuuuudes pleeease"), ["nudes", "please"]);
        assert_eq!(words("appelle 1000"), ["appelle", "1000"]);
    }

    #[test]
    fn look_alikes() {
        // Cyrillic а, е, о and Greek ο inside Latin words.
        assert_eq!(words("vid\u{435}\u{43E} \u{432}\u{438}\u{434}\u{435}\u{43E}"), ["video", "#####"]);
        assert_eq!(words("w\u{435}bc\u{430}m"), ["webcam"]);
        assert_eq!(words("ｗｅｂｃａｍ"), ["webcam"]);
        assert_eq!(words("\u{1D42F}\u{1D422}\u{1D41D}\u{1D41E}\u{1D428}"), ["video"]);
    }

    #[test]
    fn emoji_words() {
        assert_eq!(words("ta 📹 🤫"), ["ta", "video", "secret"]);
    }

    #[test]
    fn spans_point_into_the_original() {
        let text = "Jé t'ai FILMÉ 📹!";
        let n = normalize(text);
        let spans: Vec<&str> = n.tokens.iter().map(|t| &text[t.orig_start as usize..t.orig_end as usize]).collect();
        assert_eq!(spans, ["Jé", "t", "ai", "FILMÉ", "📹"]);
    }

    #[test]
    fn long_text_is_cut_on_a_char_boundary() {
        let text = "é".repeat(MAX_TEXT_BYTES);
        let n = normalize(&text);
        assert!(n.truncated);
        assert!(n.tokens.last().is_some_and(|t| (t.orig_end as usize) <= MAX_TEXT_BYTES));
    }

    #[test]
    fn aliases_replace_whole_words() {
        let n = normalize_with_aliases("jve le dire a ta famil", &|w| match w {
            "jve" => Some("je vais"),
            "famil" => Some("famille"),
            _ => None,
        });
        assert_eq!(n.words().collect::<Vec<_>>(), ["je", "vais", "le", "dire", "a", "ta", "famille"]);
        assert_eq!(n.tokens[0].orig_end, 3);
        assert_eq!(n.tokens[1].orig_start, 0);
    }
}
