//! A fast hash for maps keyed by short words. The keys come from our own rule tables or are looked
//! up, never inserted, from page text, so hash flooding is no concern and SipHash's cost per word
//! is not worth paying on every token.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

pub type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// FNV-1a, 64 bits.
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for &b in bytes {
            h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

