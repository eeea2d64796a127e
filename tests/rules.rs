//! Every rule in `rules/*.toml` carries its own examples: the ones it must fire on and the ones it
//! must not. This test reads the rule files themselves (not the compiled tables), checks that each
//! rule is complete, and runs every example through the real detector.

use std::collections::BTreeMap;

use vigie::{Detector, Options};

#[derive(serde::Deserialize)]
struct Pack {
    lang: String,
    #[serde(default)]
    rule: Vec<Rule>,
}

#[derive(serde::Deserialize)]
struct Rule {
    id: String,
    description: Option<String>,
    #[serde(default, rename = "match")]
    matches: Vec<String>,
    #[serde(default)]
    no_match: Vec<String>,
    #[serde(default)]
    known_misses: Vec<String>,
}

fn packs() -> Vec<(String, Pack)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir("rules").expect("rules/") {
        let path = entry.expect("dir entry").path();
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
        if path.extension().is_some_and(|e| e == "toml") && stem != "explanations" && stem != "everyday" {
            let text = std::fs::read_to_string(&path).expect("read rule pack");
            let pack: Pack = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            out.push((path.display().to_string(), pack));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn fired(detector: &Detector, text: &str) -> Vec<&'static str> {
    let report = detector.analyze_message(text, &Options::default());
    report.signals.iter().chain(&report.counter_signals).map(|s| s.rule).collect()
}

#[test]
fn every_rule_is_documented_and_has_examples() {
    let mut problems = Vec::new();
    for (file, pack) in packs() {
        assert!(!pack.rule.is_empty(), "{file} has no rules");
        for rule in &pack.rule {
            if rule.description.as_deref().is_none_or(|d| d.trim().len() < 10) {
                problems.push(format!("{file}: {} needs a description", rule.id));
            }
            if rule.matches.len() < 2 || rule.no_match.len() < 2 {
                problems.push(format!("{file}: {} needs at least two `match` and two `no_match` examples", rule.id));
            }
        }
        assert!(pack.rule.iter().all(|r| r.id.starts_with(&format!("{}.", pack.lang))), "{file}: ids must start with the language");
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn every_example_behaves_as_its_rule_says() {
    let detector = Detector::new();
    let compiled: BTreeMap<&str, ()> = vigie::rules().map(|r| (r.0, ())).collect();
    let mut problems = Vec::new();
    let mut checked = 0;
    for (file, pack) in packs() {
        for rule in &pack.rule {
            assert!(compiled.contains_key(rule.id.as_str()), "{file}: {} is not compiled in; rebuild", rule.id);
            for text in &rule.matches {
                checked += 1;
                if !fired(&detector, text).contains(&rule.id.as_str()) {
                    problems.push(format!("{file}: {} should fire on {text:?}", rule.id));
                }
            }
            for text in &rule.no_match {
                checked += 1;
                if fired(&detector, text).contains(&rule.id.as_str()) {
                    problems.push(format!("{file}: {} should NOT fire on {text:?}", rule.id));
                }
            }
            for text in &rule.known_misses {
                if fired(&detector, text).contains(&rule.id.as_str()) {
                    problems.push(format!("{file}: {} now catches known miss {text:?}: move it to `match`", rule.id));
                }
            }
        }
    }
    assert!(checked > 0, "no examples were checked");
    assert!(problems.is_empty(), "\n{} problem(s):\n{}\n", problems.len(), problems.join("\n"));
}

/// Every explanation has a Spanish sentence, the engine returns it for `es`, and a language without
/// sentences (German here) gets the English one rather than nothing.
#[test]
fn explanations_in_spanish_with_english_fallback() {
    let text = std::fs::read_to_string("rules/explanations.toml").expect("read explanations");
    let table: BTreeMap<String, BTreeMap<String, String>> = toml::from_str(&text).expect("parse explanations");
    assert!(table.len() > 30, "only {} explanation keys", table.len());
    for (key, langs) in &table {
        let es = langs.get("es").unwrap_or_else(|| panic!("{key}: no es sentence"));
        assert_ne!(es, &langs["en"], "{key}: es is a copy of en");
        assert_eq!(vigie::explanation(key, "es"), es, "{key}: es");
        assert_eq!(vigie::explanation(key, "fr"), langs["fr"], "{key}: fr");
        assert_eq!(vigie::explanation(key, "de"), langs["en"], "{key}: de falls back to en");
    }
}
