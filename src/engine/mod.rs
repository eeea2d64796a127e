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

/// The compiled rule tables as plain data (words, rules with their patterns as word ids, aliases),
/// for tools outside Rust: the JavaScript port used by the WASM-vs-JS benchmark reads this.
pub fn compiled_tables() -> serde_json::Value {
    use serde_json::json;
    let words: Vec<_> = tables::WORDS
        .iter()
        .map(|w| match w {
            tables::Word::Exact(s) => json!({"kind": "exact", "text": s}),
            tables::Word::Prefix(s) => json!({"kind": "prefix", "text": s}),
            tables::Word::Number => json!({"kind": "number"}),
        })
        .collect();
    let rules: Vec<_> = tables::RULES
        .iter()
        .map(|r| {
            let patterns: Vec<_> = r.patterns.iter().map(|p| p.iter().map(|t| json!({"gap": t.gap, "alts": t.alts})).collect::<Vec<_>>()).collect();
            json!({
                "id": r.id, "lang": r.lang, "stage": r.stage, "family": r.family, "weight": r.weight,
                "explain": r.explain, "extractor": r.extractor.map(|_| "bitcoin_address"), "patterns": patterns,
            })
        })
        .collect();
    json!({"words": words, "rules": rules, "aliases": tables::ALIASES})
}
