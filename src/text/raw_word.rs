//! Reads one raw word — the characters between two separators — into one or more plain words:
//! look-alike letters are read in Latin only when the whole word can be, digits and symbols become
//! letters only where l33t spelling puts them, digits and letters are split apart, and letters
//! repeated three times or more count once.

use super::fold::{leet_letter, Folded};
use super::lexicon::Lexicon;
use super::token_writer::TokenWriter;

/// A character of a raw word, before the word-level decisions (look-alikes, l33t) are taken.
#[derive(Clone, Copy)]
pub(super) struct Unit {
    pub folded: Folded,
    pub orig_start: u32,
    pub orig_end: u32,
}

/// The plain word being written, squeezed as it is written so that no second pass or copy is
/// needed. Kept between words (and between texts, inside a `Normalizer`) to reuse its allocation.
#[derive(Default)]
pub(super) struct Piece {
    text: String,
    /// Digit pieces keep their repeats: "1000" is a number, not "10".
    squeeze: bool,
    last: u8,
    run: u8,
}

impl Piece {
    pub fn clear(&mut self) {
        self.text.clear();
        self.last = 0;
        self.run = 0;
    }

    fn begin(&mut self, squeeze: bool) {
        self.clear();
        self.squeeze = squeeze;
    }

    /// Appends one ASCII byte. Letters repeated three times or more count once ("nuuudes" →
    /// "nudes"); a run of `#` (letters with no Latin reading) is kept as long as the word was.
    fn push(&mut self, b: u8) {
        if b == self.last {
            self.run = self.run.saturating_add(1);
            if self.squeeze && b != b'#' && self.run >= 3 {
                if self.run == 3 {
                    self.text.pop();
                }
                return;
            }
        } else {
            self.last = b;
            self.run = 1;
        }
        self.text.push(char::from(b));
    }

    fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    fn as_str(&self) -> &str {
        &self.text
    }
}

/// The fast path for the most common raw word: ASCII letters only. It needs none of the
/// word-level decisions, so it skips building units; and unless a letter is repeated three times,
/// nothing is squeezed and the letters go straight to the output, lowercased there.
pub(super) fn read_ascii_word<L: Lexicon + ?Sized>(letters: &str, orig_start: u32, tight_before: bool, piece: &mut Piece, out: &mut TokenWriter<L>) {
    let orig_end = orig_start + letters.len() as u32;
    if out.ascii_word(letters, orig_start, orig_end, tight_before) {
        return;
    }
    piece.begin(true);
    for b in letters.bytes() {
        piece.push(b.to_ascii_lowercase());
    }
    out.word(piece.as_str(), orig_start, orig_end, tight_before);
}

/// Turns one raw word into one or more plain words (digits and letters are split apart, unless the
/// digits are l33t letters). Only the first of them inherits `tight_before`.
pub(super) fn read_word<L: Lexicon + ?Sized>(units: &[Unit], tight_before: bool, piece: &mut Piece, out: &mut TokenWriter<L>) {
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

    let mut first_piece = true;
    let mut piece_start = 0u32;
    let mut piece_is_digits = false;
    let mut last_end = 0u32;
    let mut emit = |piece: &mut Piece, start: u32, end: u32| {
        out.word(piece.as_str(), start, end, first_piece && tight_before);
        first_piece = false;
        piece.clear();
    };
    piece.clear();
    for (i, u) in units.iter().enumerate() {
        let (letter, second, digit) = match u.folded {
            Folded::Letter(a, b) => (a, b, false),
            Folded::LookAlike(a) if latin_readable => (a, None, false),
            Folded::LookAlike(_) | Folded::OtherLetter => (b'#', None, false),
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
                    Some(l) => (l, None, false),
                    None if matches!(u.folded, Folded::Digit(_)) => (d, None, true),
                    None => {
                        // A symbol that is not a letter here separates words ("a@b" stays l33t).
                        if !piece.is_empty() {
                            emit(piece, piece_start, last_end);
                        }
                        continue;
                    }
                }
            }
            Folded::Word(_) | Folded::Drop | Folded::Separator => continue,
        };
        if !piece.is_empty() && piece_is_digits != digit {
            emit(piece, piece_start, last_end);
        }
        if piece.is_empty() {
            piece_start = u.orig_start;
            piece_is_digits = digit;
            piece.begin(!digit);
        }
        piece.push(letter);
        if let Some(b) = second {
            piece.push(b);
        }
        last_end = u.orig_end;
    }
    if !piece.is_empty() {
        emit(piece, piece_start, last_end);
    }
}
