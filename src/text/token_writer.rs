//! The last step of normalisation: joins letters spaced out to dodge filters (and cuts them back
//! into the words they spell), replaces aliases and writes each word into the output buffer with
//! its token.

use super::lexicon::Lexicon;
use super::normalize::{Normalized, Token};

/// The bit that tells an ASCII letter's case apart (set in lowercase).
const CASE_BIT: u8 = 0x20;

/// A one-letter word waiting to learn whether it is part of a spaced-out word ("w e s t e r n").
#[derive(Clone, Copy)]
pub(super) struct SpacedLetter {
    letter: u8,
    orig_start: u32,
    orig_end: u32,
}

/// Receives the plain words in order and writes the tokens.
pub(super) struct TokenWriter<'w, 'f, L: Lexicon + ?Sized> {
    out: &'w mut Normalized,
    lexicon: &'f L,
    /// The current group of one-letter words, each but the first after a single tight separator.
    spaced: &'w mut Vec<SpacedLetter>,
}

impl<'w, 'f, L: Lexicon + ?Sized> TokenWriter<'w, 'f, L> {
    pub fn new(out: &'w mut Normalized, lexicon: &'f L, spaced: &'w mut Vec<SpacedLetter>) -> Self {
        spaced.clear();
        TokenWriter { out, lexicon, spaced }
    }

    /// Takes the next word. `tight_before`: it came after a single space, dot, dash… — the way
    /// letters are spaced out.
    pub fn word(&mut self, word: &str, orig_start: u32, orig_end: u32, tight_before: bool) {
        if let &[letter] = word.as_bytes() {
            if letter.is_ascii_lowercase() {
                self.single_letter(letter, orig_start, orig_end, tight_before);
                return;
            }
        }
        self.flush_spaced();
        let start = self.out.buffer.len();
        self.out.buffer.push_str(word);
        self.finish_token(start, orig_start, orig_end);
    }

    /// Takes the next word, given as ASCII letters in any case, unless a letter is repeated three
    /// times in a row: then it writes nothing and returns false, and the word is to be squeezed
    /// and given to [`TokenWriter::word`].
    pub fn ascii_word(&mut self, letters: &str, orig_start: u32, orig_end: u32, tight_before: bool) -> bool {
        if let &[letter] = letters.as_bytes() {
            self.single_letter(letter.to_ascii_lowercase(), orig_start, orig_end, tight_before);
            return true;
        }
        if !self.spaced.is_empty() {
            self.flush_spaced();
        }
        // Every byte is an ASCII letter (the caller's scan): an uppercase one is below `a`, and
        // two are the same letter when they differ at most in the case bit. One pass finds both;
        // most words are written in lowercase already and are then copied as they are.
        let bytes = letters.as_bytes();
        let mut has_upper = bytes.first().is_some_and(|&b| b < b'a');
        let mut run = 1;
        for pair in bytes.windows(2) {
            has_upper |= pair[1] < b'a';
            run = if (pair[0] ^ pair[1]) & !CASE_BIT == 0 { run + 1 } else { 1 };
            if run == 3 {
                return false;
            }
        }
        let start = self.out.buffer.len();
        self.out.buffer.push_str(letters);
        if has_upper {
            self.out.buffer[start..].make_ascii_lowercase();
        }
        self.finish_token(start, orig_start, orig_end);
        true
    }

    /// A one-letter word joins the current group of spaced letters, or starts the next one.
    fn single_letter(&mut self, letter: u8, orig_start: u32, orig_end: u32, tight_before: bool) {
        if !tight_before {
            self.flush_spaced();
        }
        self.spaced.push(SpacedLetter { letter, orig_start, orig_end });
    }

    /// Writes what is still waiting; call once after the last word.
    pub fn finish(&mut self) {
        self.flush_spaced();
    }

    /// Three or more spaced letters make one word ("w e s t e r n" → "western"), or the words
    /// they spell when the lexicon knows them ("s e n d n u d e s" → "send", "nudes");
    /// one or two stay single letters ("j'ai", "a b").
    fn flush_spaced(&mut self) {
        let count = self.spaced.len();
        if count >= 3 {
            let start = self.out.buffer.len();
            for letter in self.spaced.iter() {
                self.out.buffer.push(char::from(letter.letter));
            }
            let mut cuts = Vec::new();
            self.lexicon.cut_joined(&self.out.buffer[start..], &mut cuts);
            if cuts.is_empty() {
                let (first, last) = (self.spaced[0], self.spaced[count - 1]);
                self.finish_token(start, first.orig_start, last.orig_end);
            } else {
                // Each word spans its own letters in the original text.
                self.out.buffer.truncate(start);
                let mut from = 0;
                for to in cuts.into_iter().filter(|&c| c > 0 && c < count).chain(std::iter::once(count)) {
                    if to <= from {
                        continue;
                    }
                    let start = self.out.buffer.len();
                    for letter in &self.spaced[from..to] {
                        self.out.buffer.push(char::from(letter.letter));
                    }
                    self.push_token(start, self.spaced[from].orig_start, self.spaced[to - 1].orig_end);
                    from = to;
                }
            }
        } else {
            for i in 0..count {
                let letter = self.spaced[i];
                let start = self.out.buffer.len();
                self.out.buffer.push(char::from(letter.letter));
                self.finish_token(start, letter.orig_start, letter.orig_end);
            }
        }
        self.spaced.clear();
    }

    /// The word is `buffer[start..]`: either it becomes a token, or its alias (one or more words,
    /// each spanning the whole original word) replaces it.
    fn finish_token(&mut self, start: usize, orig_start: u32, orig_end: u32) {
        match self.lexicon.alias(&self.out.buffer[start..]) {
            Some(replacement) => {
                self.out.buffer.truncate(start);
                for part in replacement.split(' ') {
                    let start = self.out.buffer.len();
                    self.out.buffer.push_str(part);
                    self.push_token(start, orig_start, orig_end);
                }
            }
            None => self.push_token(start, orig_start, orig_end),
        }
    }

    fn push_token(&mut self, start: usize, orig_start: u32, orig_end: u32) {
        let end = self.out.buffer.len();
        self.out.buffer.push(' ');
        self.out.tokens.push(Token { start: start as u32, end: end as u32, orig_start, orig_end });
    }
}
