//! What the rules found in recently analysed texts, kept so that a conversation sent again with one
//! more message costs one analysis instead of one per message.
//!
//! The extension asks about a chat's newest 200 messages every time a message arrives (each
//! request stands alone, so a restarted service worker loses nothing); without this memo every new
//! message made the engine read the 199 before it again. Only the rule matches are kept: scores
//! and levels depend on the options and are recomputed, which is cheap.

use std::collections::HashMap;

use super::report::Signal;

/// The rule matches of one text, before scoring.
#[derive(Clone, Debug, Default)]
pub struct Matches {
    pub signals: Vec<Signal>,
    pub counter_signals: Vec<Signal>,
    pub truncated: bool,
    /// Packs not loaded that have words of the text (see [`crate::MessageReport::missing_packs`]).
    pub missing_packs: Vec<&'static str>,
}

/// Two generations of texts: look-ups search both (moving a hit to the newer), and when the newer
/// is full the older is dropped. Memory stays under twice `per_generation` texts, and the texts
/// of the conversation being read stay in.
pub struct RecentTexts {
    per_generation: usize,
    newer: HashMap<String, Matches>,
    older: HashMap<String, Matches>,
}

impl RecentTexts {
    pub fn new(per_generation: usize) -> RecentTexts {
        RecentTexts { per_generation: per_generation.max(1), newer: HashMap::new(), older: HashMap::new() }
    }

    pub fn get(&mut self, text: &str) -> Option<Matches> {
        if let Some(found) = self.newer.get(text) {
            return Some(found.clone());
        }
        let (text, found) = self.older.remove_entry(text)?;
        self.insert(text, found.clone());
        Some(found)
    }

    pub fn insert(&mut self, text: String, matches: Matches) {
        if self.newer.len() >= self.per_generation {
            self.older = std::mem::take(&mut self.newer);
        }
        self.newer.insert(text, matches);
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.newer.len() + self.older.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn truncated(flag: bool) -> Matches {
        Matches { truncated: flag, ..Default::default() }
    }

    #[test]
    fn keeps_recent_texts_and_forgets_old_ones_within_its_bound() {
        let mut recent = RecentTexts::new(3);
        for i in 0..10 {
            recent.insert(format!("text {i}"), truncated(i % 2 == 0));
            assert!(recent.len() <= 6);
        }
        assert!(recent.get("text 0").is_none(), "the oldest are dropped");
        assert!(recent.get("text 9").is_some_and(|m| !m.truncated));
        assert!(recent.get("text 8").is_some_and(|m| m.truncated));
    }

    #[test]
    fn a_text_looked_up_again_survives_the_next_turnover() {
        let mut recent = RecentTexts::new(2);
        recent.insert("kept".into(), truncated(true));
        recent.insert("b".into(), truncated(false));
        recent.insert("c".into(), truncated(false)); // "kept" and "b" are now the older generation
        assert!(recent.get("kept").is_some());
        recent.insert("d".into(), truncated(false)); // "c" and "kept" become the older one
        assert!(recent.get("kept").is_some_and(|m| m.truncated));
        assert!(recent.get("b").is_none());
    }
}
