//! Whether a pattern can match anywhere in a text, and where it first does, answered with sets of
//! token positions.
//!
//! Most patterns whose every term has a word somewhere in a message still do not match: the words
//! are there, not in that order or not that close ("je", "video", "famille" all in an everyday
//! message). Walking the positions to find that out cost ~1,000 instructions per such pattern.
//! Here each word seen gets the set of tokens it stands at; each list of alternatives, when first
//! asked, the set of tokens where one of its alternatives begins (one set per alternative length);
//! and a pattern is followed term by term with shifts: where the term can end, then where the next
//! term may begin (1 to gap + 1 tokens later). The span of a pattern that passes is read from the
//! same sets, backwards then forwards ([`Positions::first_match`]).

use std::ops::Range;

use super::matcher::Matcher;
use super::token_bits::{and_shifted_down, first_in, followers, is_empty, or_shifted_up, reaching};

/// How many word ids there can be (they are `u16`): the per-word tables of a message are this
/// long, so that the compiler drops the bounds check from every read of them.
pub const WORD_IDS: usize = 1 << 16;

/// A per-word table of a message (see [`WORD_IDS`]).
pub fn per_word(table: &[u32]) -> &[u32; WORD_IDS] {
    table.try_into().expect("per-word tables have an entry for every u16")
}

/// The words of the current message that are rule words.
pub struct Seen<'a> {
    /// The distinct words, in order of first appearance; a word's place here is its slot.
    pub words: &'a [u16],
    /// Per word: the message generation it was last seen in.
    pub stamps: &'a [u32; WORD_IDS],
    /// Per word: its slot (valid when its stamp is current).
    pub slots: &'a [u32; WORD_IDS],
    pub generation: u32,
}

impl Seen<'_> {
    fn has(&self, word: u16) -> bool {
        self.stamps[word as usize] == self.generation
    }
}

/// Per-message position sets, reused from message to message.
#[derive(Default)]
pub struct Positions {
    /// 64-bit words per set: enough for every token of the message.
    stride: usize,
    /// Per slot of a seen word: the tokens it stands at.
    word_sets: Vec<u64>,
    /// Per list: the generation its sets were computed in, and their entries in `by_length`.
    list_stamps: Vec<u32>,
    /// Per list: the generation in which the key of one of its alternatives was seen.
    /// Indexed by a `u16` list id and sized for every one, so that the compiler drops the
    /// bounds check from the loop that marks them, the busiest loop per message (five
    /// instructions a list instead of seven).
    list_keys_seen: Vec<u32>,
    /// The busiest keys in the message, as their bits (see `Matcher::busy_bit`).
    busy_seen: u64,
    list_entries: Vec<(u32, u32)>,
    /// (alternative length, offset in `pool`): the tokens where an alternative of that length
    /// begins and matches whole.
    by_length: Vec<(u32, u32)>,
    pool: Vec<u64>,
    starts: Vec<u64>,
    ends: Vec<u64>,
    alternative: Vec<u64>,
    /// Per term of the pattern being matched: the tokens from which it and the terms after it
    /// can all match.
    completions: Vec<u64>,
    window: Vec<u64>,
}

impl Positions {
    /// Starts a message of `tokens` tokens with `slots` distinct rule words.
    pub fn begin(&mut self, tokens: usize, slots: usize, lists: usize, generation: u32) {
        self.stride = tokens / 64 + 1;
        self.busy_seen = 0;
        if self.list_stamps.len() != lists || generation == 1 {
            self.list_stamps = vec![0; lists];
            self.list_keys_seen = vec![0; 1 << 16];
            self.list_entries = vec![(0, 0); lists];
        }
        self.word_sets.clear();
        self.word_sets.resize(slots * self.stride, 0);
        self.by_length.clear();
        self.pool.clear();
        for buffer in [&mut self.starts, &mut self.ends, &mut self.alternative, &mut self.window] {
            buffer.clear();
            buffer.resize(self.stride, 0);
        }
    }

    /// Notes the marked lists that `word`, seen in this message, is a key in: only those can
    /// hold an alternative that matches. One of the busiest keys is noted as its bit instead.
    pub fn mark_keyed_lists(&mut self, word: u16, matcher: &Matcher, generation: u32) {
        if let Some(bit) = matcher.busy_bit(word) {
            self.busy_seen |= 1 << bit;
            return;
        }
        let stamps: &mut [u32; 1 << 16] = (&mut self.list_keys_seen[..]).try_into().expect("sized in begin");
        for &list in matcher.keyed_lists(word) {
            stamps[list as usize] = generation;
        }
    }

    /// Whether the message has a key of each of `lists` (marked lists, given with the bits of
    /// their busiest keys).
    fn has_every_key(&self, lists: &[u16], busy: &[u64], generation: u32) -> bool {
        let stamps: &[u32; 1 << 16] = (&self.list_keys_seen[..]).try_into().expect("sized in begin");
        lists.iter().zip(busy).all(|(&list, &bits)| stamps[list as usize] == generation || bits & self.busy_seen != 0)
    }

    /// Records that the word in `slot` stands at `token`.
    pub fn mark(&mut self, slot: usize, token: usize) {
        self.word_sets[slot * self.stride + token / 64] |= 1 << (token % 64);
    }

    fn word_set(&self, word: u16, seen: &Seen) -> &[u64] {
        let at = seen.slots[word as usize] as usize * self.stride;
        &self.word_sets[at..at + self.stride]
    }

    /// Whether `pattern` matches somewhere: every term in order, each within its gap of the
    /// previous one.
    pub fn can_match(&mut self, pattern: usize, matcher: &Matcher, seen: &Seen) -> bool {
        // Nine in ten triggered patterns have a term none of whose keys is in the message: one
        // stamp per term says so before any position set is built. The trigger term has one (it
        // triggered the pattern), and its list may not be marked.
        let (lists, busy) = matcher.filter(pattern);
        if !self.has_every_key(lists, busy, seen.generation) {
            return false;
        }
        if self.stride == 1 {
            return self.can_match_short(pattern, matcher, seen);
        }
        let index = matcher.index();
        let terms = index.terms(pattern);
        for term in terms.clone() {
            let (_, list) = index.term(term);
            let entries = self.list(list, matcher, seen);
            if entries.is_empty() {
                return false;
            }
            self.ends.fill(0);
            for entry in entries {
                let (length, offset) = self.by_length[entry];
                let offset = offset as usize;
                self.alternative.copy_from_slice(&self.pool[offset..offset + self.stride]);
                if term != terms.start {
                    for (a, s) in self.alternative.iter_mut().zip(&self.starts) {
                        *a &= s;
                    }
                }
                or_shifted_up(&mut self.ends, &self.alternative, length as usize - 1);
            }
            if is_empty(&self.ends) {
                return false;
            }
            if term + 1 == terms.end {
                return true;
            }
            let (gap, _) = index.term(term + 1);
            followers(&mut self.starts, &self.ends, gap);
        }
        false
    }

    /// The first match of a pattern that [`Positions::can_match`] accepted, as the tokens of its
    /// first and last words: the leftmost start; then, term by term, the first alternative in the
    /// rule's order that matches there and leaves the rest a match, and the nearest start for the
    /// next term. That is what a search trying every alternative and start in that order finds
    /// first (the matcher's tests compare the two on every pattern), without its dead ends: the
    /// sets of where each term can start and still complete are computed backwards first.
    pub fn first_match(&mut self, pattern: usize, matcher: &Matcher, seen: &Seen) -> Option<(usize, usize)> {
        let index = matcher.index();
        let terms = index.terms(pattern);
        let (count, stride) = (terms.len(), self.stride);
        let mut completions = std::mem::take(&mut self.completions);
        completions.clear();
        completions.resize(count * stride, 0);
        let mut window = std::mem::take(&mut self.window);
        for k in (0..count).rev() {
            let (_, list) = index.term(terms.start + k);
            let last = k + 1 == count;
            if !last {
                let (gap, _) = index.term(terms.start + k + 1);
                reaching(&mut window, &completions[(k + 1) * stride..(k + 2) * stride], gap);
            }
            for entry in self.list(list, matcher, seen) {
                let (length, offset) = self.by_length[entry];
                let offset = offset as usize;
                self.alternative.copy_from_slice(&self.pool[offset..offset + stride]);
                if !last {
                    and_shifted_down(&mut self.alternative, &window, length as usize);
                }
                for (c, a) in completions[k * stride..(k + 1) * stride].iter_mut().zip(&self.alternative) {
                    *c |= a;
                }
            }
        }
        let found = self.follow(pattern, matcher, seen, &completions);
        self.completions = completions;
        self.window = window;
        found
    }

    /// Follows the completions of [`Positions::first_match`] from the leftmost start.
    fn follow(&self, pattern: usize, matcher: &Matcher, seen: &Seen, completions: &[u64]) -> Option<(usize, usize)> {
        let index = matcher.index();
        let terms = index.terms(pattern);
        let stride = self.stride;
        let start = first_in(&completions[..stride], 0, usize::MAX)?;
        let mut at = start;
        for term in terms.clone() {
            let k = term - terms.start;
            let (_, list) = index.term(term);
            let next = (term + 1 < terms.end).then(|| (&completions[(k + 1) * stride..(k + 2) * stride], index.term(term + 1).0));
            let mut moved = false;
            for &alt in index.set(list) {
                let words = index.alt(alt);
                if !self.stands_at(words, at, seen) {
                    continue;
                }
                let end = at + words.len();
                match next {
                    None => return Some((start, end - 1)),
                    Some((next_completions, gap)) => {
                        if let Some(next_start) = first_in(next_completions, end, end + gap) {
                            at = next_start;
                            moved = true;
                            break;
                        }
                    }
                }
            }
            if !moved {
                return None;
            }
        }
        None
    }

    /// Whether `words` stand in a row from token `at`.
    fn stands_at(&self, words: &[u16], at: usize, seen: &Seen) -> bool {
        words.iter().enumerate().all(|(j, &word)| {
            let token = at + j;
            seen.has(word) && token < self.stride * 64 && self.word_sets[seen.slots[word as usize] as usize * self.stride + token / 64] >> (token % 64) & 1 == 1
        })
    }

    /// [`Positions::can_match`] for a message of at most 63 tokens: one machine word per set.
    fn can_match_short(&mut self, pattern: usize, matcher: &Matcher, seen: &Seen) -> bool {
        let index = matcher.index();
        let terms = index.terms(pattern);
        let mut starts = u64::MAX;
        for term in terms.clone() {
            let (_, list) = index.term(term);
            let mut ends = 0;
            for entry in self.list(list, matcher, seen) {
                let (length, offset) = self.by_length[entry];
                ends |= (self.pool[offset as usize] & starts) << (length - 1);
            }
            if ends == 0 {
                return false;
            }
            if term + 1 == terms.end {
                return true;
            }
            let (gap, _) = index.term(term + 1);
            // 1 to gap + 1 tokens after an end, by doubling.
            starts = ends << 1;
            let mut covered = 1;
            while covered < gap + 1 {
                let step = covered.min(gap + 1 - covered);
                starts |= starts << step;
                covered += step;
            }
        }
        false
    }

    /// The entries of `list`'s position sets, computed on first use in this message.
    fn list(&mut self, list: u16, matcher: &Matcher, seen: &Seen) -> Range<usize> {
        let l = list as usize;
        if self.list_stamps[l] == seen.generation {
            let (from, to) = self.list_entries[l];
            return from as usize..to as usize;
        }
        // No test of the list's marks here: it would only spare the sweep below for a list with
        // no key in the message, and lists are asked about for patterns whose every term has one
        // (`has_every_key`, and the key that triggered the pattern).
        let from = self.by_length.len();
        let alternatives = matcher.index().set(list);
        for (&alt, &key) in alternatives.iter().zip(matcher.set_keys(list)) {
            if seen.has(key) {
                self.add_alternative(matcher.index().alt(alt), from, seen);
            }
        }
        let to = self.by_length.len();
        self.list_stamps[l] = seen.generation;
        self.list_entries[l] = (from as u32, to as u32);
        from..to
    }

    /// Adds where `words` stand in a row to the current list's set for their length.
    ///
    /// Out of line, which keeps [`Positions::list`] small: it runs for most lists of most
    /// messages, so the WebAssembly engines recompile it optimised within the first message, and
    /// with this inlined twice that took them ~6 ms of compiling at the engine's start
    /// (docs/performance.md §20).
    #[inline(never)]
    fn add_alternative(&mut self, words: &[u16], list_from: usize, seen: &Seen) {
        if self.stride == 1 {
            let mut at = u64::MAX;
            for (j, &word) in words.iter().enumerate() {
                if !seen.has(word) {
                    return;
                }
                at &= self.word_sets[seen.slots[word as usize] as usize] >> j;
            }
            if at != 0 {
                let length = words.len() as u32;
                match self.by_length[list_from..].iter().find(|&&(l, _)| l == length) {
                    Some(&(_, offset)) => self.pool[offset as usize] |= at,
                    None => {
                        self.by_length.push((length, self.pool.len() as u32));
                        self.pool.push(at);
                    }
                }
            }
            return;
        }
        if !words.iter().all(|&w| seen.has(w)) {
            return;
        }
        let mut alternative = std::mem::take(&mut self.alternative);
        alternative.copy_from_slice(self.word_set(words[0], seen));
        for (j, &word) in words.iter().enumerate().skip(1) {
            and_shifted_down(&mut alternative, self.word_set(word, seen), j);
        }
        if !is_empty(&alternative) {
            let length = words.len() as u32;
            match self.by_length[list_from..].iter().find(|&&(l, _)| l == length) {
                Some(&(_, offset)) => {
                    let offset = offset as usize;
                    for (p, a) in self.pool[offset..offset + self.stride].iter_mut().zip(&alternative) {
                        *p |= a;
                    }
                }
                None => {
                    self.by_length.push((length, self.pool.len() as u32));
                    self.pool.extend_from_slice(&alternative);
                }
            }
        }
        self.alternative = alternative;
    }
}
