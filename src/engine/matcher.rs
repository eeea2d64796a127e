//! Finds which rules fire in a normalised text.
//!
//! One Aho-Corasick automaton holds every word of every rule (` word ` for exact words, ` stem` for
//! prefixes), so a single pass over the text finds all the words that matter. Only the patterns
//! whose first term was seen are then confirmed, by walking the word positions: no regular
//! expression is compiled, so building the matcher costs a few milliseconds and matching stays
//! linear in the text.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::tables::{RuleDef, Term, Word, RULES, WORDS};
use crate::text::Normalized;

/// Where a rule fired: its index in [`RULES`] and the first and last normalised word of the match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleHit {
    pub rule: usize,
    pub first_token: usize,
    pub last_token: usize,
}

pub struct Matcher {
    automaton: Option<AhoCorasick>,
    /// Automaton pattern index → word id.
    pattern_word: Vec<u16>,
    /// The id of `<num>`, when a rule uses it.
    number_word: Option<u16>,
    /// Word id → (rule, pattern) pairs whose first term can start with that word.
    triggers: Vec<Vec<(u16, u16)>>,
}

impl Matcher {
    pub fn new() -> Matcher {
        let mut literals = Vec::new();
        let mut pattern_word = Vec::new();
        let mut number_word = None;
        for (id, word) in WORDS.iter().enumerate() {
            match word {
                Word::Exact(w) => {
                    literals.push(format!(" {w} "));
                    pattern_word.push(id as u16);
                }
                Word::Prefix(w) => {
                    literals.push(format!(" {w}"));
                    pattern_word.push(id as u16);
                }
                Word::Number => number_word = Some(id as u16),
            }
        }
        // The DFA is several times faster than the NFA on a few thousand literals; overlapping
        // search needs the standard match semantics, so a short word inside a longer one is seen.
        let automaton = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .match_kind(MatchKind::Standard)
            .build(&literals)
            .ok();
        let mut triggers = vec![Vec::new(); WORDS.len()];
        for (r, rule) in RULES.iter().enumerate() {
            for (p, pattern) in rule.patterns.iter().enumerate() {
                if let Some(first) = pattern.first() {
                    for alt in first.alts {
                        if let Some(&w) = alt.first() {
                            let entry = (r as u16, p as u16);
                            if !triggers[w as usize].contains(&entry) {
                                triggers[w as usize].push(entry);
                            }
                        }
                    }
                }
            }
        }
        Matcher { automaton, pattern_word, number_word, triggers }
    }

    /// Every rule with patterns that fires in `text`, once each, at its first match.
    pub fn find(&self, text: &Normalized) -> Vec<RuleHit> {
        let hits = self.word_hits(text);
        if hits.is_empty() {
            return Vec::new();
        }
        let mut candidates: Vec<(u16, u16)> = Vec::new();
        let mut last_word = u16::MAX;
        let mut by_word: Vec<(u16, u32)> = hits.iter().map(|&(t, w)| (w, t)).collect();
        by_word.sort_unstable();
        for &(w, _) in &by_word {
            if w != last_word {
                candidates.extend_from_slice(&self.triggers[w as usize]);
                last_word = w;
            }
        }
        candidates.sort_unstable();
        candidates.dedup();

        let mut out: Vec<RuleHit> = Vec::new();
        for (rule, pattern) in candidates {
            let rule = rule as usize;
            if out.last().is_some_and(|h| h.rule == rule) {
                continue; // already fired through an earlier pattern
            }
            let def: &RuleDef = &RULES[rule];
            if let Some((first, last)) = match_pattern(def.patterns[pattern as usize], &hits, text.tokens.len()) {
                out.push(RuleHit { rule, first_token: first, last_token: last });
            }
        }
        out
    }

    /// (token index, word id) for every rule word found in the text, sorted.
    fn word_hits(&self, text: &Normalized) -> Vec<(u32, u16)> {
        let mut hits = Vec::new();
        let starts: Vec<u32> = text.tokens.iter().map(|t| t.start).collect();
        if let Some(ac) = &self.automaton {
            for m in ac.find_overlapping_iter(text.buffer.as_str()) {
                // Every literal begins with the space before a word.
                let word_start = m.start() as u32 + 1;
                if let Ok(token) = starts.binary_search(&word_start) {
                    hits.push((token as u32, self.pattern_word[m.pattern().as_usize()]));
                }
            }
        }
        if let Some(num) = self.number_word {
            for (i, _) in text.words().enumerate().filter(|(_, w)| w.bytes().all(|b| b.is_ascii_digit())) {
                hits.push((i as u32, num));
            }
        }
        hits.sort_unstable();
        hits.dedup();
        hits
    }
}

impl Default for Matcher {
    fn default() -> Self {
        Matcher::new()
    }
}

fn has(hits: &[(u32, u16)], token: usize, word: u16) -> bool {
    hits.binary_search(&(token as u32, word)).is_ok()
}

/// The end (exclusive token index) of `alt` matched at `start`, if it matches there.
fn match_alt(alt: &[u16], hits: &[(u32, u16)], start: usize, len: usize) -> Option<usize> {
    if start + alt.len() > len {
        return None;
    }
    alt.iter().enumerate().all(|(i, &w)| has(hits, start + i, w)).then_some(start + alt.len())
}

/// The first match of a pattern: the tokens of its first and last words.
fn match_pattern(terms: &[Term], hits: &[(u32, u16)], len: usize) -> Option<(usize, usize)> {
    let first = terms.first()?;
    // Candidate starts: tokens where the first word of an alternative of the first term was seen.
    let mut starts: Vec<usize> = hits
        .iter()
        .filter(|&&(_, w)| first.alts.iter().any(|a| a.first() == Some(&w)))
        .map(|&(t, _)| t as usize)
        .collect();
    starts.dedup();
    // (term, token) pairs already known to lead nowhere: keeps hostile repetitive text linear.
    let mut dead = vec![false; terms.len() * (len + 1)];
    let mut search = Search { terms, hits, len, dead: &mut dead };
    for start in starts {
        if let Some(last) = search.from(0, start) {
            return Some((start, last));
        }
    }
    None
}

struct Search<'a> {
    terms: &'a [Term],
    hits: &'a [(u32, u16)],
    len: usize,
    dead: &'a mut [bool],
}

impl Search<'_> {
    /// Matches terms `k..` with term `k` starting exactly at `start`; returns the last token used.
    fn from(&mut self, k: usize, start: usize) -> Option<usize> {
        let slot = k * (self.len + 1) + start;
        if self.dead[slot] {
            return None;
        }
        let term = &self.terms[k];
        for alt in term.alts {
            if let Some(end) = match_alt(alt, self.hits, start, self.len) {
                if k + 1 == self.terms.len() {
                    return Some(end - 1);
                }
                let latest = (end + self.terms[k + 1].gap as usize).min(self.len);
                for next in end..=latest {
                    if let Some(last) = self.from(k + 1, next) {
                        return Some(last);
                    }
                }
            }
        }
        self.dead[slot] = true;
        None
    }
}
