//! The detection engine: rule tables (generated from `rules/`), the literal matcher, message
//! scoring and conversation analysis.

mod alias_table;
mod conversation;
mod detector;
mod matcher;
mod options;
mod pack;
mod reach;
mod recent_texts;
mod report;
mod rule_index;
mod scoring;
pub(crate) mod tables;
mod token_bits;
mod word_ids;
mod word_table;

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
    let index = rule_index::RuleIndex::new();
    index.rules().iter().map(|r| (r.id, r.lang, r.stage, r.weight)).collect::<Vec<_>>().into_iter()
}

/// The language of every rule pack there is, compiled in or a file beside the WebAssembly module.
pub fn pack_languages() -> &'static [&'static str] {
    pack::languages()
}

/// The languages of the packs compiled into the crate: every one natively, English and French in
/// WebAssembly; the others are files beside the module.
pub fn compiled_languages() -> &'static [&'static str] {
    pack::compiled_languages()
}

/// The compiled rule tables as plain data (words, rules with their patterns as word ids, aliases),
/// for tools outside Rust: the JavaScript port used by the WASM-vs-JS benchmark reads this.
pub fn compiled_tables() -> serde_json::Value {
    use rule_index::WordKind;
    use serde_json::json;
    let index = rule_index::RuleIndex::new();
    let words: Vec<_> = (0..index.word_count() as u16)
        .map(|id| match index.word(id) {
            (text, WordKind::Exact) => json!({"kind": "exact", "text": text}),
            (text, WordKind::Prefix) => json!({"kind": "prefix", "text": text}),
            (_, WordKind::Number) => json!({"kind": "number"}),
        })
        .collect();
    let rules: Vec<_> = index
        .rules()
        .iter()
        .enumerate()
        .map(|(r, rule)| {
            let patterns: Vec<_> = index
                .patterns(r)
                .map(|p| {
                    index
                        .terms(p)
                        .map(|t| {
                            let (gap, set) = index.term(t);
                            let alts: Vec<_> = index.set(set).iter().map(|&a| index.alt(a)).collect();
                            json!({"gap": gap, "alts": alts})
                        })
                        .collect::<Vec<_>>()
                })
                .collect();
            json!({
                "id": rule.id, "lang": rule.lang, "stage": rule.stage, "family": rule.family, "weight": rule.weight,
                "explain": rule.explain, "extractor": rule.extractor.map(|_| "bitcoin_address"), "patterns": patterns,
            })
        })
        .collect();
    json!({"words": words, "rules": rules, "aliases": tables::ALIASES})
}
