//! Text normalisation: turns untrusted, obfuscated chat text into plain lowercase ASCII words, each
//! remembering the bytes of the original text it came from, so evidence spans point at what the
//! person actually received.

mod fold;
mod lexicon;
mod normalize;
mod raw_word;
mod token_writer;

pub use lexicon::Lexicon;
pub use normalize::{normalize, normalize_with_aliases, Normalized, Normalizer, Token, MAX_TEXT_BYTES};
