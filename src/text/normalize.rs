//! Splits a text into normalised words: case, accents, look-alike letters, l33t, spaced or dotted
//! letters, repeated letters, invisible characters and a few emoji are undone here, once, so that
//! the rules can stay simple lowercase words.

use super::fold::{fold, is_ascii_separator, Folded};
use super::lexicon::Lexicon;
use super::raw_word::{read_ascii_word, read_word, Piece, Unit};
use super::token_writer::{SpacedLetter, TokenWriter};

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

    /// [`Normalized::word`] as bytes, without the character-boundary checks of a string slice.
    pub fn word_bytes(&self, i: usize) -> &[u8] {
        let t = &self.tokens[i];
        &self.buffer.as_bytes()[t.start as usize..t.end as usize]
    }

    pub fn words(&self) -> impl Iterator<Item = &str> {
        (0..self.tokens.len()).map(|i| self.word(i))
    }
}

/// Normalises texts, keeping its scratch buffers from one text to the next: a caller that
/// normalises many messages can keep one `Normalizer` (and one [`Normalized`]) and allocate nothing
/// once they have grown. The free functions [`normalize`] and [`normalize_with_aliases`] give the
/// same result with a fresh one.
#[derive(Default)]
pub struct Normalizer {
    /// The raw word being read, when it needs more than the ASCII fast path.
    units: Vec<Unit>,
    piece: Piece,
    spaced: Vec<SpacedLetter>,
}

/// What separated the last word from the next one.
struct Gap {
    separators: usize,
    /// Every separator was a space, dot, dash, underscore, star, slash, plus or bar.
    tight: bool,
}

impl Gap {
    /// A word starts: was it set apart from the previous one by a single tight separator (the way
    /// letters are spaced out to dodge filters)?
    fn word_starts(&mut self) -> bool {
        let tight = self.separators == 1 && self.tight;
        self.word_ends();
        tight
    }

    fn word_ends(&mut self) {
        self.separators = 0;
        self.tight = true;
    }

    fn separator(&mut self, c: char) {
        self.separators += 1;
        self.tight &= matches!(c, ' ' | '.' | '-' | '_' | '*' | '/' | '+' | '|');
    }

    /// After a word shown as one character (emoji), the next word is never a spaced-out letter.
    fn after_symbol_word(&mut self) {
        self.separators = 0;
        self.tight = false;
    }
}

impl Normalizer {
    pub fn new() -> Normalizer {
        Normalizer::default()
    }

    /// Normalises `text`, replacing whole words found by `alias`. Never panics, whatever the input.
    pub fn normalize(&mut self, text: &str, lexicon: &dyn Lexicon) -> Normalized {
        let mut out = Normalized::default();
        self.normalize_into(text, lexicon, &mut out);
        out
    }

    /// Like [`Normalizer::normalize`], writing into `out` (cleared first) to reuse its buffers.
    pub fn normalize_into<L: Lexicon + ?Sized>(&mut self, text: &str, lexicon: &L, out: &mut Normalized) {
        let (text, truncated) = cut(text);
        out.buffer.clear();
        out.tokens.clear();
        out.truncated = truncated;
        out.buffer.reserve(text.len() + 2);
        // About one word in six bytes of chat text: enough to skip most regrowth.
        out.tokens.reserve(text.len() / 6 + 2);
        out.buffer.push(' ');

        let Normalizer { units, piece, spaced } = self;
        units.clear();
        let mut writer = TokenWriter::new(out, lexicon, spaced);
        let mut gap = Gap { separators: 0, tight: true };
        let mut tight_before = false;
        let bytes = text.as_bytes();
        let mut pos = 0;
        while pos < bytes.len() {
            let b = bytes[pos];
            if units.is_empty() && b.is_ascii_alphabetic() {
                let end = bytes[pos..].iter().position(|b| !b.is_ascii_alphabetic()).map_or(bytes.len(), |n| pos + n);
                // Only a run ended by an ASCII separator is the whole raw word: a digit, a l33t
                // symbol, an accented letter or an invisible character may continue it.
                if bytes.get(end).is_none_or(|&b| is_ascii_separator(b)) {
                    let tight = gap.word_starts();
                    read_ascii_word(&text[pos..end], pos as u32, tight, piece, &mut writer);
                    gap.word_ends();
                    pos = end;
                    continue;
                }
            }
            if units.is_empty() && is_ascii_separator(b) {
                // Between two words: what `Folded::Separator` below does when no word is open.
                gap.separator(char::from(b));
                pos += 1;
                continue;
            }
            let c = if b.is_ascii() { char::from(b) } else { text[pos..].chars().next().unwrap_or(' ') };
            let end = pos + c.len_utf8();
            let folded = fold(c);
            match folded {
                Folded::Drop => {}
                Folded::Separator => {
                    if !units.is_empty() {
                        read_word(units, tight_before, piece, &mut writer);
                        units.clear();
                        gap.word_ends();
                    }
                    gap.separator(c);
                }
                Folded::Word(word) => {
                    if !units.is_empty() {
                        read_word(units, tight_before, piece, &mut writer);
                        units.clear();
                    }
                    writer.word(word, pos as u32, end as u32, false);
                    gap.after_symbol_word();
                }
                _ => {
                    if units.is_empty() {
                        tight_before = gap.word_starts();
                    }
                    units.push(Unit { folded, orig_start: pos as u32, orig_end: end as u32 });
                }
            }
            pos = end;
        }
        if !units.is_empty() {
            read_word(units, tight_before, piece, &mut writer);
            units.clear();
        }
        writer.finish();
    }
}

/// Normalises `text`. Never panics, whatever the input.
pub fn normalize(text: &str) -> Normalized {
    normalize_with_aliases(text, &|_: &str| None)
}

/// Normalises `text`, replacing whole words found by `alias` (SMS and phonetic spellings).
pub fn normalize_with_aliases(text: &str, lexicon: &dyn Lexicon) -> Normalized {
    Normalizer::new().normalize(text, lexicon)
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

    fn flat(n: &Normalized) -> (String, Vec<Token>, bool) {
        (n.buffer.clone(), n.tokens.clone(), n.truncated)
    }

    #[test]
    fn a_reused_normalizer_gives_what_a_fresh_one_gives() {
        let texts = ["w e s t e r n", "ｗｅｂｃａｍ v1d3o 📹", &"é".repeat(MAX_TEXT_BYTES), "a b", "nuuudes \u{436}\u{435}", "", "j'ai l'a"];
        let alias = |w: &str| if w == "u" { Some("you") } else { None };
        let alias: &dyn Lexicon = &alias;
        let mut normalizer = Normalizer::new();
        let mut reused = Normalized::default();
        for text in texts.iter().chain(texts.iter().rev()) {
            normalizer.normalize_into(text, alias, &mut reused);
            assert_eq!(flat(&reused), flat(&normalize_with_aliases(text, alias)), "{text:?}");
        }
    }

    #[test]
    fn ascii_fast_path_agrees_with_the_general_path() {
        // A zero-width space closing each word keeps the words but sends them down the general
        // path, since it is not an ASCII separator.
        for fast_text in ["Salut TOI", "nuuuudes PLEEEASE aaa AAAa", "w e s t e r n  u n i o n", "W-E-B-C-A-M", "x y", "Bb bB bbB z"] {
            let general_text = fast_text.replace(' ', "\u{200B} ").replace('-', "\u{200B}-") + "\u{200B}";
            let (fast, general) = (normalize(fast_text), normalize(&general_text));
            assert_eq!(fast.buffer, general.buffer, "{fast_text:?}");
            let spans = |n: &Normalized, text: &str| -> Vec<String> {
                n.tokens.iter().map(|t| text[t.orig_start as usize..t.orig_end as usize].replace('\u{200B}', "")).collect()
            };
            assert_eq!(spans(&fast, fast_text), spans(&general, &general_text), "{fast_text:?}");
        }
    }

    /// Knows two words, for the cutting of spaced-out letters.
    struct TwoWords;
    impl Lexicon for TwoWords {
        fn alias(&self, _: &str) -> Option<&str> {
            None
        }
        fn cut_joined(&self, letters: &str, cuts: &mut Vec<usize>) {
            if letters == "westernunion" {
                cuts.push(7);
            }
        }
    }

    #[test]
    fn spaced_letters_are_cut_where_the_lexicon_says_each_word_spanning_its_own_letters() {
        let text = "par W e s t e r n U n i o n ce soir, ou u.n.i.o.n";
        let n = Normalizer::new().normalize(text, &TwoWords);
        assert_eq!(n.words().collect::<Vec<_>>(), ["par", "western", "union", "ce", "soir", "ou", "union"]);
        let spans: Vec<&str> = n.tokens.iter().map(|t| &text[t.orig_start as usize..t.orig_end as usize]).collect();
        assert_eq!(spans[1..3], ["W e s t e r n", "U n i o n"]);
        // Without a lexicon that knows the words, the letters stay one word.
        assert_eq!(normalize(text).words().nth(1), Some("westernunion"));
    }

    #[test]
    fn aliases_replace_whole_words() {
        let n = normalize_with_aliases("jve le dire a ta famil", &|w: &str| match w {
            "jve" => Some("je vais"),
            "famil" => Some("famille"),
            _ => None,
        });
        assert_eq!(n.words().collect::<Vec<_>>(), ["je", "vais", "le", "dire", "a", "ta", "famille"]);
        assert_eq!(n.tokens[0].orig_end, 3);
        assert_eq!(n.tokens[1].orig_start, 0);
    }
}
