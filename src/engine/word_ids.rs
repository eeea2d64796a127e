//! The words of several packs numbered once each: a word in two packs is one word, looked up once
//! per token. Open addressing on FNV-1a over our own packs' words (no flooding to fear); a general
//! map's code would weigh more in the module than this one use is worth.

use super::rule_index::WordKind;

pub struct WordIds {
    /// Id + 1 of the word in each slot; 0 for a free slot. At most half full.
    slots: Vec<u16>,
    words: Vec<(&'static str, WordKind)>,
}

fn hash(text: &str, kind: WordKind) -> u32 {
    text.bytes().fold(0x811c_9dc5u32 ^ kind as u32, |h, b| (h ^ b as u32).wrapping_mul(0x0100_0193))
}

impl WordIds {
    pub fn with_capacity(words: usize) -> WordIds {
        let size = (words * 2).next_power_of_two().max(16);
        WordIds { slots: vec![0; size], words: Vec::with_capacity(words) }
    }

    /// The id of a word, numbered now if it is new; `None` past 65,534 words.
    pub fn id(&mut self, word: (&'static str, WordKind)) -> Option<u16> {
        if self.words.len() * 2 >= self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut at = hash(word.0, word.1) as usize & mask;
        loop {
            match self.slots[at] {
                0 => break,
                id if self.words[id as usize - 1] == word => return Some(id - 1),
                _ => at = (at + 1) & mask,
            }
        }
        if self.words.len() >= u16::MAX as usize - 1 {
            return None;
        }
        self.words.push(word);
        self.slots[at] = self.words.len() as u16;
        Some(self.words.len() as u16 - 1)
    }

    fn grow(&mut self) {
        let size = self.slots.len() * 2;
        self.slots = vec![0; size];
        for (i, w) in self.words.iter().enumerate() {
            let mut at = hash(w.0, w.1) as usize & (size - 1);
            while self.slots[at] != 0 {
                at = (at + 1) & (size - 1);
            }
            self.slots[at] = i as u16 + 1;
        }
    }

    pub fn into_words(self) -> Vec<(&'static str, WordKind)> {
        self.words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_has_one_id_and_kinds_are_different_words() {
        let mut ids = WordIds::with_capacity(1);
        let a = ids.id(("film", WordKind::Exact)).unwrap();
        let b = ids.id(("film", WordKind::Prefix)).unwrap();
        assert_ne!(a, b);
        // Past the first table size: it grows and keeps every id.
        let words: Vec<&'static str> = (0..100).map(|i| &*Box::leak(format!("w{i}").into_boxed_str())).collect();
        let first: Vec<u16> = words.iter().map(|w| ids.id((w, WordKind::Exact)).unwrap()).collect();
        let again: Vec<u16> = words.iter().map(|w| ids.id((w, WordKind::Exact)).unwrap()).collect();
        assert_eq!(first, again);
        assert_eq!(ids.id(("film", WordKind::Exact)), Some(a));
        assert_eq!(ids.into_words().len(), 102);
    }
}
