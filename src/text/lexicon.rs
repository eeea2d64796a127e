//! What the normaliser asks about words. The text module knows no rules; the engine answers.

/// Knowledge of words the normaliser uses.
pub trait Lexicon {
    /// The words an SMS or phonetic spelling stands for (`jve` → `je vais`).
    fn alias(&self, word: &str) -> Option<&str>;

    /// `letters` were spaced out and joined back ("s e n d n u d e s" → `sendnudes`):
    /// appends the offsets inside it where known words meet (`[4]`), nothing when it is one word
    /// already or not made of known words.
    fn cut_joined(&self, _letters: &str, _cuts: &mut Vec<usize>) {}
}

/// A function is a lexicon of aliases that knows no words to cut at.
impl<F: Fn(&str) -> Option<&'static str>> Lexicon for F {
    fn alias(&self, word: &str) -> Option<&str> {
        self(word)
    }
}
