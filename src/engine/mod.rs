//! The detection engine: rule tables (generated from `rules/`), the literal matcher, message
//! scoring and conversation analysis.

mod conversation;
mod detector;
mod matcher;
mod options;
mod report;
mod scoring;
pub(crate) mod tables;

pub use detector::Detector;
pub use options::{Options, Sensitivity};
pub use report::{ChatMessage, ConversationReport, Direction, Escalation, Level, MessageReport, MessageVerdict, Signal, StageReached};
pub use tables::{Family, Stage};

/// The plain-language sentence for an explanation key, in `lang` (falls back to English, then to
/// the key itself).
pub fn explanation(key: &str, lang: &str) -> &'static str {
    let find = |l: &str| tables::EXPLANATIONS.iter().find(|(k, x, _)| *k == key && *x == l).map(|e| e.2);
    find(lang).or_else(|| find("en")).unwrap_or("")
}

/// Metadata of every compiled rule: (id, lang, stage, weight), for tools and tests.
pub fn rules() -> impl Iterator<Item = (&'static str, &'static str, Stage, f32)> {
    tables::RULES.iter().map(|r| (r.id, r.lang, r.stage, r.weight))
}
