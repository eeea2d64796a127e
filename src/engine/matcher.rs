//! Finds which rules fire in a normalised text.
//!
//! One Aho-Corasick automaton holds every word of every rule (` word ` for exact words, ` stem` for
//! prefixes), so a single pass over the text finds all the words that matter. A pattern is then
//! confirmed only when every one of its terms had a word seen somewhere in the text, by walking the
//! word positions from the places its first word was seen: no regular expression is compiled, so
//! building the matcher costs milliseconds and matching stays linear in the text.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::tables::{Term, Word, RULES, WORDS};
use crate::text::Normalized;

/// Where a rule fired: its index in [`RULES`] and the first and last normalised word of the match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleHit {
    pub rule: usize,
    pub first_token: usize,
    pub last_token: usize,
}

/// A pattern's identity and, per term, the words any of its alternatives starts with.
struct PatternIndex {
    rule: u16,
    pattern: u16,
    term_first_words: Vec<Vec<u16>>,
}

pub struct Matcher {
    automaton: Option<AhoCorasick>,
    /// Automaton pattern index → word id.
    pattern_word: Vec<u16>,
    /// The id of `<num>`, when a rule uses it.
    number_word: Option<u16>,
    patterns: Vec<PatternIndex>,
    /// Word id → indices into `patterns` whose first term can start with that word.
    triggers: Vec<Vec<u32>>,
}

/// The words seen in one text, indexed both ways.
struct Hits {
    /// (token, word), sorted: `by_token[offsets[t]..offsets[t + 1]]` are the words of token `t`.
    by_token: Vec<(u32, u16)>,
    offsets: Vec<u32>,
    /// (word, token), sorted.
    by_word: Vec<(u16, u32)>,
    /// One bit per word id.
    seen: Vec<u64>,
}

impl Hits {
    fn at(&self, token: usize) -> &[(u32, u16)] {
        match (self.offsets.get(token), self.offsets.get(token + 1)) {
            (Some(&a), Some(&b)) => &self.by_token[a as usize..b as usize],
            _ => &[],
        }
    }

    fn has(&self, token: usize, word: u16) -> bool {
        self.at(token).iter().any(|&(_, w)| w == word)
    }

    fn seen(&self, word: u16) -> bool {
        self.seen[word as usize / 64] & (1 << (word % 64)) != 0
    }

    fn positions(&self, word: u16) -> impl Iterator<Item = usize> + '_ {
        let lo = self.by_word.partition_point(|&(w, _)| w < word);
        self.by_word[lo..].iter().take_while(move |&&(w, _)| w == word).map(|&(_, t)| t as usize)
    }
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
        // With seven language packs (~25,000 words) the full DFA took 0.44 s to build natively for no
        // measurable gain per message, so the contiguous NFA (0.17 s). Overlapping search needs the
        // standard match semantics, so a short word inside a longer one is seen.
        let automaton = AhoCorasick::builder().kind(Some(AhoCorasickKind::ContiguousNFA)).match_kind(MatchKind::Standard).build(&literals).ok();
        let mut patterns = Vec::new();
        let mut triggers = vec![Vec::new(); WORDS.len()];
        for (r, rule) in RULES.iter().enumerate() {
            for (p, pattern) in rule.patterns.iter().enumerate() {
                let term_first_words: Vec<Vec<u16>> = pattern
                    .iter()
                    .map(|term| {
                        let mut words: Vec<u16> = term.alts.iter().filter_map(|a| a.first().copied()).collect();
                        words.sort_unstable();
                        words.dedup();
                        words
                    })
                    .collect();
                let index = patterns.len() as u32;
                for &w in term_first_words.first().into_iter().flatten() {
                    triggers[w as usize].push(index);
                }
                patterns.push(PatternIndex { rule: r as u16, pattern: p as u16, term_first_words });
            }
        }
        Matcher { automaton, pattern_word, number_word, patterns, triggers }
    }

    /// Every rule with patterns that fires in `text`, once each, at its first match.
    pub fn find(&self, text: &Normalized) -> Vec<RuleHit> {
        let Some(hits) = self.hits(text) else {
            return Vec::new();
        };
        // Candidate patterns: triggered by a word seen, and with every term's words seen somewhere.
        let mut candidates: Vec<u32> = Vec::new();
        let mut last = u16::MAX;
        for &(w, _) in &hits.by_word {
            if w != last {
                candidates.extend_from_slice(&self.triggers[w as usize]);
                last = w;
            }
        }
        candidates.sort_unstable();
        candidates.dedup();

        let len = text.tokens.len();
        let mut search = Search { hits: &hits, len, dead: Vec::new(), touched: Vec::new() };
        let mut out: Vec<RuleHit> = Vec::new();
        for index in candidates {
            let index = &self.patterns[index as usize];
            let rule = index.rule as usize;
            if out.last().is_some_and(|h| h.rule == rule) {
                continue; // already fired through an earlier pattern
            }
            if !index.term_first_words.iter().all(|words| words.iter().any(|&w| hits.seen(w))) {
                continue;
            }
            let terms = RULES[rule].patterns[index.pattern as usize];
            let mut starts: Vec<usize> = index.term_first_words[0].iter().flat_map(|&w| hits.positions(w)).collect();
            starts.sort_unstable();
            starts.dedup();
            if let Some((first, last)) = search.first_match(terms, &starts) {
                out.push(RuleHit { rule, first_token: first, last_token: last });
            }
        }
        out
    }

    fn hits(&self, text: &Normalized) -> Option<Hits> {
        let mut by_token: Vec<(u32, u16)> = Vec::new();
        let starts: Vec<u32> = text.tokens.iter().map(|t| t.start).collect();
        if let Some(ac) = &self.automaton {
            for m in ac.find_overlapping_iter(text.buffer.as_str()) {
                // Every literal begins with the space before a word.
                if let Ok(token) = starts.binary_search(&(m.start() as u32 + 1)) {
                    by_token.push((token as u32, self.pattern_word[m.pattern().as_usize()]));
                }
            }
        }
        if let Some(num) = self.number_word {
            for (i, _) in text.words().enumerate().filter(|(_, w)| w.bytes().all(|b| b.is_ascii_digit())) {
                by_token.push((i as u32, num));
            }
        }
        if by_token.is_empty() {
            return None;
        }
        by_token.sort_unstable();
        by_token.dedup();
        let mut offsets = vec![0u32; text.tokens.len() + 1];
        for &(t, _) in &by_token {
            offsets[t as usize + 1] += 1;
        }
        for t in 0..text.tokens.len() {
            offsets[t + 1] += offsets[t];
        }
        let mut by_word: Vec<(u16, u32)> = by_token.iter().map(|&(t, w)| (w, t)).collect();
        by_word.sort_unstable();
        let mut seen = vec![0u64; WORDS.len() / 64 + 1];
        for &(w, _) in &by_word {
            seen[w as usize / 64] |= 1 << (w % 64);
        }
        Some(Hits { by_token, offsets, by_word, seen })
    }
}

impl Default for Matcher {
    fn default() -> Self {
        Matcher::new()
    }
}

/// The walk over word positions for one text, reused from pattern to pattern.
struct Search<'a> {
    hits: &'a Hits,
    len: usize,
    /// (term, token) pairs known to lead nowhere for the current pattern: keeps hostile,
    /// repetitive text linear. Reset between patterns through `touched`.
    dead: Vec<bool>,
    touched: Vec<usize>,
}

impl Search<'_> {
    /// The first match of a pattern from one of `starts`: the tokens of its first and last words.
    fn first_match(&mut self, terms: &[Term], starts: &[usize]) -> Option<(usize, usize)> {
        let needed = terms.len() * (self.len + 1);
        if self.dead.len() < needed {
            self.dead.resize(needed, false);
        }
        let found = starts.iter().find_map(|&start| self.from(terms, 0, start).map(|last| (start, last)));
        for slot in self.touched.drain(..) {
            self.dead[slot] = false;
        }
        found
    }

    /// Matches terms `k..` with term `k` starting exactly at `start`; returns the last token used.
    fn from(&mut self, terms: &[Term], k: usize, start: usize) -> Option<usize> {
        let slot = k * (self.len + 1) + start;
        if self.dead[slot] {
            return None;
        }
        let here = self.hits.at(start);
        if !here.is_empty() {
            for alt in terms[k].alts {
                let Some(&first) = alt.first() else { continue };
                if !here.iter().any(|&(_, w)| w == first) || start + alt.len() > self.len {
                    continue;
                }
                if !alt.iter().enumerate().skip(1).all(|(i, &w)| self.hits.has(start + i, w)) {
                    continue;
                }
                let end = start + alt.len();
                if k + 1 == terms.len() {
                    return Some(end - 1);
                }
                let latest = (end + terms[k + 1].gap as usize).min(self.len);
                for next in end..=latest {
                    if let Some(last) = self.from(terms, k + 1, next) {
                        return Some(last);
                    }
                }
            }
        }
        self.dead[slot] = true;
        self.touched.push(slot);
        None
    }
}
