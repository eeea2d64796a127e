//! The detector: built once from the compiled rule packs, then analyses any number of messages.

use std::sync::Mutex;

use super::alias_table::AliasTable;
use super::matcher::Matcher;
use super::options::Options;
use super::recent_texts::{Matches, RecentTexts};
use super::report::{Level, MessageReport, Signal};
use super::scoring::{score_message, MessageScore};
use super::pack::Pack;
use super::rule_index::RuleIndex;
use super::tables::{Extractor, Stage, ALIASES};
use crate::extract::bitcoin;
use crate::text::{Lexicon, Normalized, Normalizer};

/// Recognises the sextortion playbook in text. Immutable once built; cheap to share.
pub struct Detector {
    matcher: Matcher,
    extractor_rules: Vec<usize>,
    aliases: AliasTable,
    /// Reused from message to message so that normalising allocates nothing; a second thread
    /// analysing at the same moment uses its own.
    normalizer: Mutex<(Normalizer, Normalized)>,
    /// Off unless asked for ([`Detector::remembering_recent_texts`]).
    recent: Option<Mutex<RecentTexts>>,
}

/// Longer texts are not remembered: the memo's memory stays bounded whatever the input.
const MAX_REMEMBERED_BYTES: usize = 2048;

impl Default for Detector {
    fn default() -> Self {
        Detector::new()
    }
}

impl Detector {
    /// Builds the detector from the rule packs compiled into the crate (a few milliseconds): every
    /// language natively, English and French in WebAssembly (see [`Detector::with_packs`]).
    pub fn new() -> Detector {
        Detector::from_index(RuleIndex::new())
    }

    /// The packs compiled into the crate and more, each the bytes of a pack file (`<lang>.pack`,
    /// written by the build beside the WebAssembly module). The same packs give the same results
    /// whatever their order; a pack already compiled in is read once. An error when a file is not
    /// a pack of this version.
    pub fn with_packs(mut files: Vec<&'static [u8]>) -> Result<Detector, String> {
        files.splice(0..0, super::pack::builtin_files());
        Detector::from_pack_files(files)
    }

    /// A detector of these packs only: a message in a language without its pack gets
    /// [`MessageReport::missing_packs`](super::MessageReport::missing_packs) instead of signals.
    pub fn from_pack_files(files: Vec<&'static [u8]>) -> Result<Detector, String> {
        let index = super::pack::read_all(files).and_then(RuleIndex::from_packs).map_err(String::from)?;
        Ok(Detector::from_index(index))
    }

    /// The bytes of every pack compiled into the crate, with its language (every pack natively).
    pub fn compiled_pack_files() -> Vec<(&'static str, &'static [u8])> {
        super::pack::builtin_files().into_iter().filter_map(|b| Some((Pack::lang_of(b).ok()?, b))).collect()
    }

    fn from_index(index: RuleIndex) -> Detector {
        let extractor_rules = index.rules().iter().enumerate().filter(|(_, r)| r.extractor.is_some()).map(|(i, _)| i).collect();
        let aliases = AliasTable::new(ALIASES);
        let matcher = Matcher::with_index(index);
        Detector { matcher, extractor_rules, aliases, normalizer: Mutex::new((Normalizer::new(), Normalized::default())), recent: None }
    }

    /// The languages whose packs this detector reads with.
    pub fn languages(&self) -> Vec<&'static str> {
        let mut langs: Vec<&'static str> = self.matcher.index().rules().iter().map(|r| r.lang).collect();
        langs.dedup();
        langs
    }

    /// Remembers what the rules found in up to `2 × per_generation` recent texts (of up to 2 KB),
    /// for a caller that sends the same conversation again with a few new messages: each message
    /// is then read once. Same results as without; scores follow the options of each call.
    pub fn remembering_recent_texts(mut self, per_generation: usize) -> Detector {
        self.recent = Some(Mutex::new(RecentTexts::new(per_generation)));
        self
    }

    /// The normalised words of `text`, as the rules see them.
    pub fn normalize(&self, text: &str) -> Normalized {
        Normalizer::new().normalize(text, self)
    }

    /// Analyses one message on its own.
    pub fn analyze_message(&self, text: &str, options: &Options) -> MessageReport {
        self.analyze_scored(text, options).0
    }

    pub(crate) fn analyze_scored(&self, text: &str, options: &Options) -> (MessageReport, MessageScore) {
        scored(self.find_matches(text), options)
    }

    /// [`Detector::analyze_scored`], from the memo of recent texts when there is one.
    pub(crate) fn analyze_remembered(&self, text: &str, options: &Options) -> (MessageReport, MessageScore) {
        let Some(recent) = self.recent.as_ref().filter(|_| text.len() <= MAX_REMEMBERED_BYTES) else {
            return self.analyze_scored(text, options);
        };
        if let Some(known) = recent.lock().ok().and_then(|mut r| r.get(text)) {
            return scored(known, options);
        }
        let matches = self.find_matches(text);
        if let Ok(mut r) = recent.lock() {
            r.insert(text.to_string(), matches.clone());
        }
        scored(matches, options)
    }

    /// What the rules find in `text`: signals in text order, counter-evidence apart.
    fn find_matches(&self, text: &str) -> Matches {
        let mut own = None;
        let mut guard = self.normalizer.try_lock().ok();
        let (normalizer, normalized) = match guard.as_deref_mut() {
            Some(reused) => reused,
            None => own.insert((Normalizer::new(), Normalized::default())),
        };
        normalizer.normalize_into(text, self, normalized);
        let normalized = &*normalized;
        let mut signals = Vec::new();
        let mut counter_signals = Vec::new();
        let mut wants = 0u8;
        let index = self.matcher.index();
        for hit in self.matcher.find(normalized, &mut wants) {
            let start = normalized.tokens[hit.first_token].orig_start as usize;
            let end = normalized.tokens[hit.last_token].orig_end as usize;
            let signal = signal(index, hit.rule, start, end, text);
            if signal.stage == Stage::Prevention {
                counter_signals.push(signal);
            } else {
                signals.push(signal);
            }
        }
        let read = &text[..crate::extract::floor_boundary(text, crate::text::MAX_TEXT_BYTES)];
        for &rule in &self.extractor_rules {
            let found = match index.rule(rule).extractor {
                Some(Extractor::BitcoinAddress) => bitcoin::find_addresses(read).into_iter().next(),
                None => None,
            };
            if let Some((start, end)) = found {
                signals.push(signal(index, rule, start, end, text));
            }
        }
        signals.sort_by_key(|s| (s.start, s.end));
        let missing_packs = index.missing().iter().enumerate().filter(|(i, _)| wants & (1 << i) != 0).map(|(_, l)| *l).collect();
        Matches { signals, counter_signals, truncated: normalized.truncated, missing_packs }
    }
}

/// Scores what was found, with the options of this call.
fn scored(matches: Matches, options: &Options) -> (MessageReport, MessageScore) {
    let score = score_message(&matches.signals, &matches.counter_signals, options);
    let report = MessageReport {
        level: Level::from_score(score.score, options),
        score: score.score,
        stage: score.dominant(),
        signals: matches.signals,
        counter_signals: matches.counter_signals,
        truncated: matches.truncated,
        missing_packs: matches.missing_packs,
    };
    (report, score)
}

/// The normaliser's questions about words, answered from the rule packs.
impl Lexicon for Detector {
    fn alias(&self, word: &str) -> Option<&str> {
        self.aliases.get(word)
    }

    fn cut_joined(&self, letters: &str, cuts: &mut Vec<usize>) {
        self.matcher.cut_joined(letters, cuts);
    }
}

fn signal(index: &RuleIndex, rule: usize, start: usize, end: usize, text: &str) -> Signal {
    let def = index.rule(rule);
    Signal {
        rule: def.id,
        stage: def.stage,
        family: def.family,
        start,
        end,
        text: text.get(start..end).unwrap_or_default().to_string(),
        explain: def.explain,
        weight: def.weight,
    }
}
