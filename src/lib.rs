//! # Vigie
//!
//! Vigie reads chat messages and e-mails and tells, with evidence, how far a conversation has gone
//! down the sextortion playbook: **contact** (love-bombing from a stranger), **isolation** (another
//! app, secrecy, personal questions), **trap** (webcam, undressing, intimate photos), **blackmail**
//! ("I recorded you", threats to send it to family) and **payment** (coupons, transfers, gift
//! cards, bitcoin, deadlines).
//!
//! ```
//! use vigie::{Detector, Level, Options};
//!
//! let detector = Detector::new();
//! let report = detector.analyze_message("J'ai tout filmé. Je vais envoyer la vidéo à ta famille.", &Options::default());
//! assert!(report.level >= Level::Warning);
//! let signal = &report.signals[0];
//! println!("{} ({:?}) at {}..{}", signal.text, signal.stage, signal.start, signal.end);
//!
//! let calm = detector.analyze_message("On s'appelle en visio ce soir mon amour ?", &Options::default());
//! assert_eq!(calm.level, Level::None);
//! ```
//!
//! ## What is where
//! - [`text`]: normalisation (case, accents, look-alike letters, l33t, spaced letters, emoji) with
//!   spans back into the original text.
//! - [`Detector`]: built once from the rule packs in `rules/` (compiled into the crate by
//!   `build.rs`), then [`Detector::analyze_message`] and [`Detector::analyze_conversation`].
//! - [`extract`]: identifiers to keep as evidence, Bitcoin addresses checksum-validated.
//! - [`chat`]: WhatsApp and plain-text chat exports.
//! - [`evaluate`]: precision and recall on a labelled corpus.
//!
//! ## Untrusted input
//! Every function here takes text written by criminals. None panics on any input; work is linear
//! in the text; a message is read up to [`MAX_TEXT_BYTES`] and longer ones are flagged `truncated`.
//! Nothing is ever sent anywhere: this crate has no I/O.

pub mod chat;
mod engine;
pub mod evaluate;
pub mod extract;
/// The rule packs' pattern language, as `build.rs` compiles it (exposed for the fuzzer).
#[cfg(any(test, feature = "rule-syntax"))]
pub mod rule_syntax;
pub mod text;
#[cfg(target_arch = "wasm32")]
mod wasm;

pub use engine::{
    compiled_tables,
    compiled_languages, explanation, pack_languages, rules, ChatMessage, ConversationReport, Detector, Direction, Escalation, Family, Level, MessageReport, MessageVerdict, Options,
    Sensitivity, Signal, Stage, StageReached,
};
pub use text::MAX_TEXT_BYTES;
