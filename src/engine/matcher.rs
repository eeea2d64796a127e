//! Finds which rules fire in a normalised text.
//!
//! 1. Each token is looked up in the word table (one hash per token): the rule words it is.
//! 2. Each pattern is triggered by its rarest term: the words that begin one of that term's
//!    alternatives point to it. Ordinary chat sees many rule words ("je", "you", "video") but a
//!    triggered pattern almost never has all its terms, in order and close enough.
//! 3. That is checked with sets of token positions (`reach.rs`): a few shifts and ANDs per term.
//! 4. Only a pattern that passes is followed for its exact span, with the same sets: where each
//!    term can begin and still complete the pattern, then the leftmost start and, term by term,
//!    the first alternative in the rule's order (linear in the pattern, whatever the text).
//!
//! Nothing is compiled at start-up beyond a few flat indexes over the generated tables, and the
//! per-message work reuses one scratch space.

use std::sync::Mutex;

use super::reach::{per_word, Positions, Seen, WORD_IDS};
use super::rule_index::RuleIndex;
use super::word_table::WordTable;
use crate::text::Normalized;

/// Where a rule fired: its index in the rule table and the first and last normalised word of the
/// match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleHit {
    pub rule: usize,
    pub first_token: usize,
    pub last_token: usize,
}

/// A compressed-row list: the items of row `r` are `items[starts[r]..starts[r + 1]]`.
struct Rows<T> {
    starts: Vec<u32>,
    items: Vec<T>,
}

impl<T: Copy + Default> Rows<T> {
    /// Groups `(row, item)` pairs, keeping the order in which each row's items were given (a
    /// counting sort: two linear passes, no comparison sort at start-up).
    #[inline(never)]
    fn build(rows: usize, pairs: Vec<(u16, T)>) -> Rows<T> {
        let mut starts = vec![0u32; rows + 1];
        for &(row, _) in &pairs {
            starts[row as usize + 1] += 1;
        }
        for r in 0..rows {
            starts[r + 1] += starts[r];
        }
        let mut next: Vec<u32> = starts[..rows].to_vec();
        let mut items = vec![T::default(); pairs.len()];
        for (row, item) in pairs {
            items[next[row as usize] as usize] = item;
            next[row as usize] += 1;
        }
        Rows { starts, items }
    }

    fn row(&self, r: usize) -> &[T] {
        &self.items[self.starts[r] as usize..self.starts[r + 1] as usize]
    }
}

/// The key of each alternative of each list, list after list (see [`Matcher::set_keys`]).
#[inline(never)]
fn set_keys(index: &RuleIndex) -> Vec<u16> {
    index.all_set_alternatives().iter().map(|&alt| index.alt_key(alt)).collect()
}

/// Per list: whether some pattern has it as a term other than its trigger. A list that only ever
/// triggers its patterns needs no marking: a pattern is only looked at when a key of its trigger
/// term's alternatives is in the message.
///
/// And per pattern, the lists of its terms other than the trigger: what
/// `Positions::has_every_key` asks before any position set is built
/// (`lists[starts[p]..starts[p + 1]]`). Flat, so that the question about a triggered pattern reads
/// one short run instead of its terms and their lists scattered over three tables.
#[inline(never)]
fn marked_lists(index: &RuleIndex) -> (Vec<bool>, Vec<u32>, Vec<u16>) {
    let mut marked = vec![false; index.set_count()];
    let patterns = index.pattern_count();
    let mut starts = Vec::with_capacity(patterns + 1);
    let mut lists = Vec::with_capacity(patterns * 2);
    starts.push(0);
    for pattern in 0..patterns {
        let trigger = index.trigger_term(pattern);
        for term in index.terms(pattern).filter(|&term| term != trigger) {
            let list = index.term(term).1;
            marked[list as usize] = true;
            lists.push(list);
        }
        starts.push(lists.len() as u32);
    }
    (marked, starts, lists)
}

/// How many of the words keyed in the most lists a message notes as bits of one machine word
/// instead of marking their lists one by one.
const BUSY_KEYS: usize = 64;

/// The words keyed in the most marked lists: their bit (or `u8::MAX`) per word, per list the bits
/// of those among its keys, and the (word, list) pairs of the other words. A message's common words
/// are keys in hundreds of lists, and marking each of them was the busiest loop per message; one
/// AND per list asked about replaces it.
#[inline(never)]
fn busy_keys(index: &RuleIndex, keyed: Vec<(u16, u16)>) -> (Vec<u8>, Vec<u64>, Vec<(u16, u16)>) {
    let mut lists_of = vec![0u32; index.word_count()];
    for &(word, _) in &keyed {
        lists_of[word as usize] += 1;
    }
    // The smallest count whose words, with all the busier ones, still fit in the bits: counted,
    // not sorted (this runs at start, §20).
    let most = lists_of.iter().copied().max().unwrap_or(0) as usize;
    let mut words_with = vec![0usize; most + 1];
    for &count in &lists_of {
        words_with[count as usize] += 1;
    }
    let (mut threshold, mut taken) = (most + 1, 0);
    while threshold > 2 && taken + words_with[threshold - 1] <= BUSY_KEYS {
        threshold -= 1;
        taken += words_with[threshold];
    }
    let mut bit_of = vec![u8::MAX; index.word_count()];
    let mut next_bit = 0;
    for (word, &count) in lists_of.iter().enumerate() {
        if count as usize >= threshold {
            bit_of[word] = next_bit;
            next_bit += 1;
        }
    }
    let mut list_bits = vec![0u64; index.set_count()];
    let mut rest = Vec::with_capacity(keyed.len());
    for (word, list) in keyed {
        match bit_of[word as usize] {
            u8::MAX => rest.push((word, list)),
            bit => list_bits[list as usize] |= 1 << bit,
        }
    }
    (bit_of, list_bits, rest)
}

/// (word, list) for each marked list in which the word is the key of an alternative, each pair
/// once (a stamp per word instead of a sort).
#[inline(never)]
fn keyed_lists(index: &RuleIndex, set_keys: &[u16], marked: &[bool]) -> Vec<(u16, u16)> {
    // Pairs of u16 and sized once: start-up runs in the WebAssembly baseline compiler's code,
    // where growing a vector of 16-byte pairs cost a millisecond of copies.
    let mut last = vec![u32::MAX; index.word_count()];
    let mut keyed = Vec::with_capacity(index.set_alt_count());
    for set in (0..index.set_count()).filter(|&set| marked[set]) {
        for &key in &set_keys[index.set_range(set as u16)] {
            if last[key as usize] != set as u32 {
                last[key as usize] = set as u32;
                keyed.push((key, set as u16));
            }
        }
    }
    keyed
}

/// (word, pattern) for each pattern that a key of its triggering term's alternatives triggers,
/// each pair once.
#[inline(never)]
fn triggers(index: &RuleIndex, set_keys: &[u16]) -> Vec<(u16, u32)> {
    let mut last = vec![u32::MAX; index.word_count()];
    let mut triggers = Vec::with_capacity(index.pattern_count() * 8);
    for pattern in 0..index.pattern_count() {
        let (_, set) = index.term(index.trigger_term(pattern));
        for &key in &set_keys[index.set_range(set)] {
            if last[key as usize] != pattern as u32 {
                last[key as usize] = pattern as u32;
                triggers.push((key, pattern as u32));
            }
        }
    }
    triggers
}

pub struct Matcher {
    index: RuleIndex,
    words: WordTable,
    /// Word → the patterns whose most selective term has it as the key of an alternative.
    word_triggers: Rows<u32>,
    /// Word → the marked lists in which it is the key (rarest word) of an alternative.
    key_lists: Rows<u16>,
    /// Per word: its bit among the busiest keys, `u8::MAX` for the others (see [`busy_keys`]).
    busy_bit: Vec<u8>,
    /// Per pattern: the lists its other terms need a key of, and those lists' busy bits
    /// (`filter_lists[filter_starts[p]..filter_starts[p + 1]]`, see [`marked_lists`]).
    filter_starts: Vec<u32>,
    filter_lists: Vec<u16>,
    filter_busy: Vec<u64>,
    /// Per place in the lists (`RuleIndex::all_set_alternatives`): the key of the alternative
    /// there, the word of it least likely to be in a message. A list's keys stand side by side,
    /// read in one sweep when the list's positions are computed.
    set_keys: Vec<u16>,
    /// Word → the alternatives of the needs of packs not loaded it is in (alternative × 8 +
    /// which of its words; see
    /// [`RuleIndex::need_packs`]).
    need_rows: Rows<u32>,
    scratch: Mutex<Scratch>,
}

impl Matcher {
    /// The matcher of the packs compiled into the crate.
    pub fn new() -> Matcher {
        Matcher::with_index(RuleIndex::new())
    }

    pub fn with_index(index: RuleIndex) -> Matcher {
        let words = WordTable::new(&index);
        // Each alternative is looked up by its key, its word least likely to be in a message, and
        // each pattern triggered by the keys of its rarest term (both chosen by build.rs): if a key
        // is not in a message, neither is its alternative.
        let set_keys = set_keys(&index);
        // Each loop over the tables is a function of its own: this runs once, at start, and the
        // WebAssembly engines compile the loops that run longest a second time with their
        // optimising compiler, whose work grows with the size of the function (§18 and §20 of
        // docs/performance.md).
        let (marked, filter_starts, filter_lists) = marked_lists(&index);
        let keyed = keyed_lists(&index, &set_keys, &marked);
        let (busy_bit, busy_lists, others) = busy_keys(&index, keyed);
        let key_lists = Rows::build(index.word_count(), others);
        let word_triggers = Rows::build(index.word_count(), triggers(&index, &set_keys));
        let need_rows = Rows::build(index.word_count(), index.need_words().to_vec());
        let filter_busy = filter_lists.iter().map(|&list| busy_lists[list as usize]).collect();
        let scratch = Mutex::new(Scratch::default());
        Matcher { index, words, word_triggers, key_lists, busy_bit, filter_starts, filter_lists, filter_busy, set_keys, need_rows, scratch }
    }

    pub(super) fn index(&self) -> &RuleIndex {
        &self.index
    }

    /// The keys of list `list`'s alternatives, in the list's order: if a key is not in a message,
    /// neither is its alternative.
    pub(super) fn set_keys(&self, list: u16) -> &[u16] {
        &self.set_keys[self.index.set_range(list)]
    }

    /// Where letters that were spaced out and joined meet rule words (see [`WordTable::cut_joined`]).
    pub fn cut_joined(&self, letters: &str, cuts: &mut Vec<usize>) {
        self.words.cut_joined(letters.as_bytes(), &self.index, cuts);
    }

    /// `word`'s bit among the busiest keys, if it is one.
    pub(super) fn busy_bit(&self, word: u16) -> Option<u8> {
        Some(self.busy_bit[word as usize]).filter(|&bit| bit != u8::MAX)
    }

    /// The marked lists in which `word`, not one of the busiest keys, is the key of an alternative.
    pub(super) fn keyed_lists(&self, word: u16) -> &[u16] {
        self.key_lists.row(word as usize)
    }

    /// The lists that `pattern`'s terms other than its trigger need a key of, and the bits of
    /// their busiest keys.
    pub(super) fn filter(&self, pattern: usize) -> (&[u16], &[u64]) {
        let range = self.filter_starts[pattern] as usize..self.filter_starts[pattern + 1] as usize;
        (&self.filter_lists[range.clone()], &self.filter_busy[range])
    }

    /// Every rule with patterns that fires in `text`, once each, at the first match of its first
    /// pattern that matches, in rule order. `wants` gets the bits of the packs not loaded that
    /// could match the text (see [`RuleIndex::missing`]).
    pub fn find(&self, text: &Normalized, wants: &mut u8) -> Vec<RuleHit> {
        // One scratch space is kept; a second thread analysing at the same moment gets its own.
        let mut own = None;
        let mut guard = self.scratch.try_lock().ok();
        let scratch = match guard.as_deref_mut() {
            Some(s) => s,
            None => own.insert(Scratch::default()),
        };
        scratch.prepare(self);
        self.collect_hits(text, scratch);
        if !self.index.missing().is_empty() {
            *wants |= self.packs_needed(scratch);
        }
        if scratch.seen_words.is_empty() {
            return Vec::new();
        }
        let candidates = self.candidates(scratch);
        let mut out: Vec<RuleHit> = Vec::new();
        let Scratch { seen_words, word_stamps, word_slots, reach, generation, .. } = scratch;
        let seen = Seen { words: seen_words, stamps: per_word(word_stamps), slots: per_word(word_slots), generation: *generation };
        for pattern in candidates {
            let rule = self.index.pattern_rule(pattern as usize);
            if out.last().is_some_and(|h| h.rule == rule) {
                continue; // already fired through an earlier pattern
            }
            if let Some((first, last)) = reach.first_match(pattern as usize, self, &seen) {
                out.push(RuleHit { rule, first_token: first, last_token: last });
            }
        }
        out
    }

    /// The packs not loaded (bit `i` for `index.missing()[i]`) with a pattern whose rarest terms
    /// all have an alternative with all its words in the text: a necessary condition for the
    /// pattern to match (see build.rs `wanted_by`).
    fn packs_needed(&self, s: &mut Scratch) -> u8 {
        let (needs, alts) = (self.index.need_packs(), self.index.need_alts());
        if s.need_stamps.len() != needs.len() || s.need_alt_stamps.len() != alts.len() {
            s.need_stamps = vec![(0, 0); needs.len()];
            s.need_alt_stamps = vec![(0, 0); alts.len()];
        }
        let mut wanted = 0u8;
        for &word in &s.seen_words {
            for &entry in self.need_rows.row(word as usize) {
                let slot = (entry >> 3) as usize;
                let words = &mut s.need_alt_stamps[slot];
                if words.0 != s.generation {
                    *words = (s.generation, 0);
                }
                words.1 |= 1 << (entry & 7);
                let (need, term, count) = alts[slot];
                if words.1.count_ones() != count as u32 {
                    continue;
                }
                let terms = &mut s.need_stamps[need as usize];
                if terms.0 != s.generation {
                    *terms = (s.generation, 0);
                }
                terms.1 |= 1 << term;
                let (pack, term_count) = needs[need as usize];
                if terms.1.count_ones() == term_count as u32 {
                    wanted |= 1 << pack;
                }
            }
        }
        wanted
    }

    /// The rule words of every token, and the distinct words seen.
    fn collect_hits(&self, text: &Normalized, s: &mut Scratch) {
        let generation = s.generation;
        for i in 0..text.tokens.len() {
            let Scratch { hit_words, word_stamps, seen_words, .. } = &mut *s;
            let word_stamps: &mut [u32; WORD_IDS] = (&mut word_stamps[..]).try_into().expect("sized in prepare");
            self.words.lookup(text.word_bytes(i), &self.index, |id| {
                hit_words.push(id);
                if word_stamps[id as usize] != generation {
                    word_stamps[id as usize] = generation;
                    seen_words.push(id);
                }
            });
            s.hit_starts.push(s.hit_words.len() as u32);
        }
        let word_slots: &mut [u32; WORD_IDS] = (&mut s.word_slots[..]).try_into().expect("sized in prepare");
        for (slot, &word) in s.seen_words.iter().enumerate() {
            word_slots[word as usize] = slot as u32;
        }
        s.reach.begin(text.tokens.len(), s.seen_words.len(), self.index.set_count(), generation);
        for &word in &s.seen_words {
            s.reach.mark_keyed_lists(word, self, generation);
        }
        let slots = per_word(&s.word_slots);
        for token in 0..text.tokens.len() {
            for at in s.hit_starts[token]..s.hit_starts[token + 1] {
                s.reach.mark(slots[s.hit_words[at as usize] as usize] as usize, token);
            }
        }
    }

    /// The patterns that match somewhere in the text, in table order.
    fn candidates(&self, s: &mut Scratch) -> Vec<u32> {
        let generation = s.generation;
        let mut out = Vec::new();
        let Scratch { seen_words, word_stamps, word_slots, pattern_stamps, reach, .. } = s;
        let seen = Seen { words: seen_words, stamps: per_word(word_stamps), slots: per_word(word_slots), generation };
        for &word in seen.words {
            for &pattern in self.word_triggers.row(word as usize) {
                let p = pattern as usize;
                if pattern_stamps[p] == generation {
                    continue; // triggered by another word already
                }
                pattern_stamps[p] = generation;
                if reach.can_match(p, self, &seen) {
                    out.push(pattern);
                }
            }
        }
        out.sort_unstable();
        out
    }
}

impl Default for Matcher {
    fn default() -> Self {
        Matcher::new()
    }
}

/// Per-message working memory, reused: generation stamps mean nothing is cleared between
/// messages except the short lists.
#[derive(Default)]
struct Scratch {
    generation: u32,
    /// Per word: the generation of the last message it was seen in. This and `word_slots` have
    /// an entry for every `u16` (see [`WORD_IDS`]).
    word_stamps: Vec<u32>,
    /// Per pattern: the generation it was last triggered in.
    pattern_stamps: Vec<u32>,
    /// Per need of a pack not loaded: the generation and which of its terms were seen; per
    /// alternative of those terms, which of its words.
    need_stamps: Vec<(u32, u8)>,
    need_alt_stamps: Vec<(u32, u8)>,
    seen_words: Vec<u16>,
    /// The rule words of token `t` are `hit_words[hit_starts[t]..hit_starts[t + 1]]`.
    hit_words: Vec<u16>,
    hit_starts: Vec<u32>,
    /// Per word: its index in `seen_words` (valid when its stamp is current).
    word_slots: Vec<u32>,
    /// Where each seen word and list stands, as sets of token positions.
    reach: Positions,
}

impl Scratch {
    fn prepare(&mut self, matcher: &Matcher) {
        if self.word_stamps.len() != WORD_IDS || self.pattern_stamps.len() != matcher.index.pattern_count() {
            self.word_stamps = vec![0; WORD_IDS];
            self.pattern_stamps = vec![0; matcher.index.pattern_count()];
            self.word_slots = vec![0; WORD_IDS];
            self.generation = 0;
        }
        if self.generation == u32::MAX {
            self.word_stamps.fill(0);
            self.pattern_stamps.fill(0);
            self.need_stamps.fill((0, 0));
            self.need_alt_stamps.fill((0, 0));
            self.generation = 0;
        }
        self.generation += 1;
        self.seen_words.clear();
        self.hit_words.clear();
        self.hit_starts.clear();
        self.hit_starts.push(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use super::super::rule_index::WordKind;
    use crate::text::Normalizer;
    use std::collections::HashSet;
    use std::ops::Range;

    /// A deterministic xorshift generator, so a failure names a reproducible text.
    struct Random(u32);
    impl Random {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 17;
            self.0 ^= self.0 << 5;
            self.0 as usize % n.max(1)
        }
    }

    /// Texts made of the terms of random patterns, with random gaps, sometimes out of order,
    /// mixed with words of other patterns: near misses as much as matches.
    fn pattern_texts(matcher: &Matcher, count: usize) -> Vec<String> {
        let index = &matcher.index;
        let mut random = Random(0x5eed);
        let spell = |word: u16| match index.word(word) {
            (text, WordKind::Prefix) => format!("{text}e"),
            (_, WordKind::Number) => "500".to_string(),
            (text, WordKind::Exact) => text.to_string(),
        };
        (0..count)
            .map(|_| {
                let mut words = Vec::new();
                for _ in 0..1 + random.below(3) {
                    let pattern = random.below(index.pattern_count());
                    let mut terms: Vec<usize> = index.terms(pattern).collect();
                    if random.below(4) == 0 {
                        terms.reverse();
                    }
                    for term in terms {
                        let (gap, set) = index.term(term);
                        for _ in 0..random.below(gap + 3) {
                            words.push(if random.below(2) == 0 { "zz".to_string() } else { spell(random.below(index.word_count()) as u16) });
                        }
                        let alternatives = index.set(set);
                        let alternative = alternatives[random.below(alternatives.len())];
                        words.extend(index.alt(alternative).iter().map(|&w| spell(w)));
                    }
                }
                words.join(" ")
            })
            .collect()
    }

    /// A pattern's first match, as defined, searched the plain way: every start from the left;
    /// at each term, every alternative in the rule's order, then every start of the next term from
    /// the nearest. `hits[t]` holds the rule words of token `t`; `present`, all of them.
    fn searched(index: &RuleIndex, hits: &[Vec<u16>], present: &HashSet<u16>, pattern: usize) -> Option<(usize, usize)> {
        // Only to keep the test fast: a term none of whose alternatives has all its words in the
        // text (`present`) matches nowhere.
        let possible = |term: usize| index.set(index.term(term).1).iter().any(|&alt| index.alt(alt).iter().all(|w| present.contains(w)));
        if !index.terms(pattern).all(possible) {
            return None;
        }
        let mut dead = HashSet::new();
        (0..hits.len()).find_map(|start| searched_from(index, hits, index.terms(pattern), start, &mut dead).map(|last| (start, last)))
    }

    fn searched_from(index: &RuleIndex, hits: &[Vec<u16>], terms: Range<usize>, start: usize, dead: &mut HashSet<(usize, usize)>) -> Option<usize> {
        if dead.contains(&(terms.start, start)) {
            return None;
        }
        let (_, list) = index.term(terms.start);
        for &alt in index.set(list) {
            let words = index.alt(alt);
            let end = start + words.len();
            if end > hits.len() || !words.iter().enumerate().all(|(j, w)| hits[start + j].contains(w)) {
                continue;
            }
            if terms.len() == 1 {
                return Some(end - 1);
            }
            let (gap, _) = index.term(terms.start + 1);
            for next in (end..=end + gap).filter(|&next| next < hits.len()) {
                if let Some(last) = searched_from(index, hits, terms.start + 1..terms.end, next, dead) {
                    return Some(last);
                }
            }
        }
        dead.insert((terms.start, start));
        None
    }

    #[test]
    fn position_sets_find_what_the_plain_search_finds_on_every_pattern() {
        let matcher = Matcher::new();
        let mut scratch = Scratch::default();
        let mut normalizer = Normalizer::new();
        let (mut matching, mut texts) = (0, pattern_texts(&matcher, 500));
        // Long texts take the multi-word position sets.
        texts.push(texts[..40].join(" "));
        for text in &texts {
            let normalized = normalizer.normalize(text, &|_: &str| None);
            let hits: Vec<Vec<u16>> = normalized
                .words()
                .map(|word| {
                    let mut ids = Vec::new();
                    matcher.words.lookup(word.as_bytes(), &matcher.index, |id| ids.push(id));
                    ids
                })
                .collect();
            let present: HashSet<u16> = hits.iter().flatten().copied().collect();
            scratch.prepare(&matcher);
            matcher.collect_hits(&normalized, &mut scratch);
            let Scratch { seen_words, word_stamps, word_slots, reach, generation, .. } = &mut scratch;
            let seen = Seen { words: seen_words, stamps: per_word(word_stamps), slots: per_word(word_slots), generation: *generation };
            for pattern in 0..matcher.index.pattern_count() {
                let expected = searched(&matcher.index, &hits, &present, pattern);
                assert_eq!(reach.can_match(pattern, &matcher, &seen), expected.is_some(), "pattern {pattern} on {text:?}");
                if expected.is_some() {
                    assert_eq!(reach.first_match(pattern, &matcher, &seen), expected, "pattern {pattern} on {text:?}");
                    matching += 1;
                }
            }
        }
        // The texts do exercise matches, not only misses.
        assert!(matching > 400, "{matching} matches");
    }
}
