//! Measures the detector on a labelled corpus: per language and category, how many items reach a
//! level, and per language precision, recall and false-alarm rate. Used by the test suite (which
//! sets the bar) and by `vigie eval` (which reports figures on any JSON Lines file).

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;

use crate::{Detector, Level, Options};

/// Categories that are scams but not Vigie's: generic phishing (parcels, prizes, banks). Leaving
/// them unflagged is right, so they count neither for nor against recall.
pub const OUT_OF_SCOPE: &[&str] = &["scam_other"];

/// One labelled text. Extra fields in the file are ignored.
#[derive(Clone, Debug, Deserialize)]
pub struct LabelledItem {
    pub id: String,
    #[serde(default)]
    pub lang: String,
    /// `scam` or `benign`.
    pub label: String,
    #[serde(default)]
    pub category: String,
    pub text: String,
}

impl LabelledItem {
    pub fn is_scam(&self) -> bool {
        self.label == "scam"
    }

    pub fn in_scope(&self) -> bool {
        !OUT_OF_SCOPE.contains(&self.category.as_str())
    }
}

/// Parses JSON Lines; a bad line is an error naming its number.
pub fn parse_jsonl(text: &str) -> Result<Vec<LabelledItem>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| serde_json::from_str(l).map_err(|e| format!("line {}: {e}", n + 1)))
        .collect()
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Counts {
    pub items: usize,
    pub flagged: usize,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct LanguageSummary {
    pub true_positives: usize,
    pub false_negatives: usize,
    pub false_positives: usize,
    pub true_negatives: usize,
}

impl LanguageSummary {
    pub fn recall(&self) -> f64 {
        ratio(self.true_positives, self.true_positives + self.false_negatives)
    }
    pub fn precision(&self) -> f64 {
        ratio(self.true_positives, self.true_positives + self.false_positives)
    }
    pub fn false_alarm_rate(&self) -> f64 {
        ratio(self.false_positives, self.false_positives + self.true_negatives)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        f64::NAN
    } else {
        a as f64 / b as f64
    }
}

/// An item the detector got wrong.
#[derive(Clone, Debug)]
pub struct Failure {
    pub id: String,
    pub label: String,
    pub category: String,
    pub level: Level,
    pub rules: Vec<&'static str>,
    pub text: String,
}

#[derive(Clone, Debug, Default)]
pub struct Evaluation {
    pub flag_at: Level,
    /// (lang, label, category) → counts.
    pub categories: BTreeMap<(String, String, String), Counts>,
    /// lang → confusion counts over in-scope items ("all" for every language together).
    pub languages: BTreeMap<String, LanguageSummary>,
    pub failures: Vec<Failure>,
}

/// Runs every item through the detector; an item is "flagged" when its level is `flag_at` or more.
pub fn evaluate(detector: &Detector, items: &[LabelledItem], options: &Options, flag_at: Level) -> Evaluation {
    let mut out = Evaluation { flag_at, ..Default::default() };
    for item in items {
        let report = detector.analyze_message(&item.text, options);
        let flagged = report.level >= flag_at;
        let c = out.categories.entry((item.lang.clone(), item.label.clone(), item.category.clone())).or_default();
        c.items += 1;
        c.flagged += usize::from(flagged);
        if !item.in_scope() {
            continue;
        }
        for lang in [item.lang.as_str(), "all"] {
            let s = out.languages.entry(lang.to_string()).or_default();
            match (item.is_scam(), flagged) {
                (true, true) => s.true_positives += 1,
                (true, false) => s.false_negatives += 1,
                (false, true) => s.false_positives += 1,
                (false, false) => s.true_negatives += 1,
            }
        }
        if item.is_scam() != flagged {
            out.failures.push(Failure {
                id: item.id.clone(),
                label: item.label.clone(),
                category: item.category.clone(),
                level: report.level,
                rules: report.signals.iter().chain(&report.counter_signals).map(|s| s.rule).collect(),
                text: item.text.clone(),
            });
        }
    }
    out
}

impl fmt::Display for Evaluation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Flagged = level {} or more.\n", self.flag_at.as_str())?;
        writeln!(f, "| lang | label | category | items | flagged | rate |")?;
        writeln!(f, "|---|---|---|---:|---:|---:|")?;
        for ((lang, label, category), c) in &self.categories {
            let scope = if OUT_OF_SCOPE.contains(&category.as_str()) { " (out of scope)" } else { "" };
            writeln!(f, "| {lang} | {label} | {category}{scope} | {} | {} | {:.0} % |", c.items, c.flagged, 100.0 * ratio(c.flagged, c.items))?;
        }
        writeln!(f, "\n| lang | recall | precision | false alarms | scam items | benign items |")?;
        writeln!(f, "|---|---:|---:|---:|---:|---:|")?;
        for (lang, s) in &self.languages {
            writeln!(
                f,
                "| {lang} | {:.3} | {:.3} | {:.1} % | {} | {} |",
                s.recall(),
                s.precision(),
                100.0 * s.false_alarm_rate(),
                s.true_positives + s.false_negatives,
                s.false_positives + s.true_negatives
            )?;
        }
        Ok(())
    }
}
