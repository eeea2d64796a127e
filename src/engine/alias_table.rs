//! The packs' SMS and phonetic spellings (`jve` → `je vais`), asked about every token of every
//! message: an open-addressing table on a 32-bit FNV-1a hash, a few instructions per token where a
//! general-purpose map cost ~150. The keys come from our own rule packs, so no hash flooding.

const FNV_OFFSET: u32 = 0x811c_9dc5;
const FNV_PRIME: u32 = 0x0100_0193;

pub struct AliasTable {
    /// Per (first letter, second letter): bit `n` set when some alias of `n` bytes (31 for longer)
    /// starts with them. Most tokens are ruled out here without hashing.
    gate: Vec<u32>,
    /// (hash, index into `entries` + 1); 0 for a free slot. At most half full.
    slots: Vec<(u32, u16)>,
    mask: usize,
    entries: &'static [(&'static str, &'static str)],
}

/// The gate's cell and bit for a word.
fn gate_bit(word: &[u8]) -> (usize, u32) {
    let letter = |i: usize| word.get(i).map_or(26, |b| match b {
        b'a'..=b'z' => (b - b'a') as usize,
        _ => 26,
    });
    (letter(0) * 27 + letter(1), 1 << word.len().min(31))
}

fn hash(word: &[u8]) -> u32 {
    word.iter().fold(FNV_OFFSET, |h, &b| (h ^ b as u32).wrapping_mul(FNV_PRIME))
}

impl AliasTable {
    pub fn new(entries: &'static [(&'static str, &'static str)]) -> AliasTable {
        let size = (entries.len() * 2).next_power_of_two().max(16);
        let mut table = AliasTable { gate: vec![0; 27 * 27], slots: vec![(0, 0); size], mask: size - 1, entries };
        for (i, (word, _)) in entries.iter().enumerate() {
            let (cell, bit) = gate_bit(word.as_bytes());
            table.gate[cell] |= bit;
            let h = hash(word.as_bytes());
            let mut at = table.home(h);
            // A spelling given twice keeps the last meaning, as a map built in order would.
            while table.slots[at].1 != 0 && table.entries[table.slots[at].1 as usize - 1].0 != *word {
                at = (at + 1) & table.mask;
            }
            table.slots[at] = (h, i as u16 + 1);
        }
        table
    }

    fn home(&self, h: u32) -> usize {
        ((h ^ (h >> 16)) as usize) & self.mask
    }

    /// What `word` stands for, if it is an alias.
    pub fn get(&self, word: &str) -> Option<&'static str> {
        let (cell, bit) = gate_bit(word.as_bytes());
        if self.gate[cell] & bit == 0 {
            return None;
        }
        let h = hash(word.as_bytes());
        let mut at = self.home(h);
        loop {
            let (slot_hash, entry) = self.slots[at];
            if entry == 0 {
                return None;
            }
            let (key, value) = self.entries[entry as usize - 1];
            if slot_hash == h && key == word {
                return Some(value);
            }
            at = (at + 1) & self.mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_alias_and_nothing_else() {
        let entries: &'static [(&str, &str)] = &[("jve", "je vais"), ("tkt", "t inquiete"), ("u", "you"), ("tkt", "t inquiete pas")];
        let table = AliasTable::new(entries);
        assert_eq!(table.get("jve"), Some("je vais"));
        assert_eq!(table.get("tkt"), Some("t inquiete pas"));
        assert_eq!(table.get("u"), Some("you"));
        for word in ["", "j", "jv", "jvee", "video", "tk", "uu", "ùa", "jve-"] {
            assert_eq!(table.get(word), None, "{word}");
        }
    }

    #[test]
    fn the_packs_aliases_all_resolve() {
        let table = AliasTable::new(super::super::tables::ALIASES);
        for (word, value) in super::super::tables::ALIASES {
            assert!(table.get(word).is_some(), "{word} -> {value}");
        }
    }
}
