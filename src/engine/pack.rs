//! A rule pack as build.rs writes it: one language's tables in one byte string.
//!
//! The English and French packs are compiled into the crate; in the WebAssembly build the other
//! languages' packs are files beside the module, which the extension loads only when a message
//! has one of their words (see [`super::Detector::with_packs`]). Their tables are most of the
//! module's size.
//!
//! Layout: `VIGIEPK1`, the language (a length byte and its letters), then ten sections, each a
//! little-endian u32 length and its bytes: the words (text, one per line), the alternatives' word
//! ids, the alternatives' keys, the patterns' triggers, the lists' lengths (u16), the lists'
//! alternatives, the terms' gaps, the terms' lists, the patterns' term counts, and the rules.
//! What each holds is written down in build.rs, which writes it.

use super::tables::{Extractor, Family, RuleDef, Stage};

const MAGIC: &[u8] = b"VIGIEPK1";

/// What is wrong with a pack file (static text: error formatting would weigh in the module).
pub type PackError = &'static str;
const SECTIONS: usize = 10;

/// One pack, read from bytes that live as long as the program (compiled in, or leaked once when
/// loaded: a pack is loaded at most once per engine and kept).
pub struct Pack {
    /// The bytes it was read from.
    pub file: &'static [u8],
    pub lang: &'static str,
    pub words_text: &'static str,
    pub alt_words: &'static [u8],
    pub alt_keys: &'static [u8],
    pub pattern_triggers: &'static [u8],
    /// u16 little-endian.
    pub set_lens: &'static [u8],
    pub set_alt_deltas: &'static [u8],
    pub term_gaps: &'static [u8],
    pub term_set_deltas: &'static [u8],
    pub pattern_terms: &'static [u8],
    pub rules: Vec<RuleDef>,
}

/// Reads bytes one field at a time; every read is checked, so a damaged file is an error.
struct Reader {
    bytes: &'static [u8],
    at: usize,
}

impl Reader {
    fn take(&mut self, n: usize) -> Result<&'static [u8], PackError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len()).ok_or("the pack file is cut short")?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn byte(&mut self) -> Result<u8, PackError> {
        Ok(self.take(1)?[0])
    }

    fn text(&mut self, n: usize) -> Result<&'static str, PackError> {
        std::str::from_utf8(self.take(n)?).map_err(|_| "the pack file has text that is not UTF-8")
    }

    fn short_text(&mut self) -> Result<&'static str, PackError> {
        let n = self.byte()? as usize;
        self.text(n)
    }

    fn section(&mut self) -> Result<&'static [u8], PackError> {
        let len = u32::from_le_bytes(self.take(4)?.try_into().unwrap_or_default());
        self.take(len as usize)
    }
}

impl Pack {
    /// Reads a pack. Fails on anything but a file build.rs wrote for this version of the engine.
    pub fn read(bytes: &'static [u8]) -> Result<Pack, PackError> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(MAGIC.len()).ok() != Some(MAGIC) {
            return Err("not a Vigie rule pack of this version");
        }
        let lang = r.short_text()?;
        let mut sections = [&[][..]; SECTIONS];
        for s in &mut sections {
            *s = r.section()?;
        }
        if r.at != bytes.len() {
            return Err("the pack file has bytes after its last section");
        }
        let [words, alt_words, alt_keys, pattern_triggers, set_lens, set_alt_deltas, term_gaps, term_set_deltas, pattern_terms, rules] = sections;
        let words_text = std::str::from_utf8(words).map_err(|_| "the pack's words are not UTF-8")?;
        Ok(Pack {
            file: bytes,
            lang,
            words_text,
            alt_words,
            alt_keys,
            pattern_triggers,
            set_lens,
            set_alt_deltas,
            term_gaps,
            term_set_deltas,
            pattern_terms,
            rules: read_rules(rules, lang)?,
        })
    }

    /// The language of a pack file, from its header alone.
    pub fn lang_of(bytes: &'static [u8]) -> Result<&'static str, PackError> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(MAGIC.len()).ok() != Some(MAGIC) {
            return Err("not a Vigie rule pack of this version");
        }
        r.short_text()
    }

    /// The lengths of the alternative lists.
    pub fn set_lens(&self) -> impl Iterator<Item = usize> + '_ {
        self.set_lens.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]]) as usize)
    }
}

fn read_rules(bytes: &'static [u8], lang: &'static str) -> Result<Vec<RuleDef>, PackError> {
    const STAGES: [Stage; 6] = [Stage::Contact, Stage::Isolation, Stage::Trap, Stage::Blackmail, Stage::Payment, Stage::Prevention];
    const FAMILIES: [Family; 5] = [Family::Sextortion, Family::MassEmail, Family::Romance, Family::Grooming, Family::Prevention];
    let mut r = Reader { bytes, at: 0 };
    let mut rules = Vec::new();
    while r.at < bytes.len() {
        let id = r.short_text()?;
        let stage = *STAGES.get(r.byte()? as usize).ok_or("a rule has an unknown stage")?;
        let family = *FAMILIES.get(r.byte()? as usize).ok_or("a rule has an unknown family")?;
        let weight = f32::from_le_bytes(r.take(4)?.try_into().unwrap_or_default());
        let explain = r.short_text()?;
        let extractor = match r.byte()? {
            0 => None,
            1 => Some(Extractor::BitcoinAddress),
            _ => return Err("a rule has an unknown extractor"),
        };
        let pattern_count = u16::from_le_bytes(r.take(2)?.try_into().unwrap_or_default()) as usize;
        if !(weight > 0.0 && weight <= 1.0) {
            return Err("a rule has a weight out of (0, 1]");
        }
        rules.push(RuleDef { id, lang, stage, family, weight, explain, extractor, pattern_count });
    }
    Ok(rules)
}

/// Puts `item` in its place in `sorted` (by `key`), or leaves it out when one with the same key
/// is there. The lists are a few languages long: a whole sort's code in the module would cost
/// more than it saves.
pub fn insert_sorted<T, K: Ord>(sorted: &mut Vec<T>, item: T, key: impl Fn(&T) -> K) {
    let k = key(&item);
    let at = sorted.iter().position(|x| key(x) >= k).unwrap_or(sorted.len());
    if sorted.get(at).is_none_or(|x| key(x) != k) {
        sorted.insert(at, item);
    }
}

/// The pack files compiled into the crate: every language natively, English and French in
/// WebAssembly.
pub fn builtin_files() -> Vec<&'static [u8]> {
    #[cfg(not(target_arch = "wasm32"))]
    return super::tables::CORE_PACKS.iter().chain(super::tables::OTHER_PACKS).copied().collect();
    #[cfg(target_arch = "wasm32")]
    return super::tables::CORE_PACKS.to_vec();
}

/// The packs compiled into the crate, in language order (build.rs wrote them for this very build).
pub fn builtin() -> Result<Vec<Pack>, PackError> {
    read_all(builtin_files())
}

/// Reads pack files and puts them in language order: the order of the rules, which decides the
/// order of signals with the same span, so the same packs always give the same results. A
/// language given twice is read once.
pub fn read_all(files: Vec<&'static [u8]>) -> Result<Vec<Pack>, PackError> {
    let mut packs = Vec::with_capacity(files.len());
    for file in files {
        insert_sorted(&mut packs, Pack::read(file)?, |p| p.lang);
    }
    Ok(packs)
}

/// Whether `packs` are the packs compiled into the WebAssembly module (English and French), read
/// from the very bytes compiled in: the start-up then numbers their words by the plan build.rs
/// wrote for them ([`super::tables::CORE_WORD_PLAN`]).
pub fn are_the_core(packs: &[Pack]) -> bool {
    packs.len() == super::tables::CORE_PACKS.len() && packs.iter().zip(super::tables::CORE_PACKS).all(|(p, &f)| std::ptr::eq(p.file, f))
}

/// The languages of the packs compiled into the crate, in order.
pub fn compiled_languages() -> &'static [&'static str] {
    #[cfg(not(target_arch = "wasm32"))]
    return super::tables::PACK_LANGUAGES;
    #[cfg(target_arch = "wasm32")]
    return super::tables::CORE_LANGUAGES;
}

/// Every language with a pack, loaded or not, in order.
pub fn languages() -> &'static [&'static str] {
    super::tables::PACK_LANGUAGES
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_compiled_pack_reads_back() {
        let packs = builtin().expect("compiled packs");
        assert_eq!(packs.len(), super::super::tables::CORE_PACKS.len() + super::super::tables::OTHER_PACKS.len());
        for pack in &packs {
            assert!(!pack.rules.is_empty(), "{}", pack.lang);
            assert!(pack.rules.iter().all(|r| r.id.starts_with(&format!("{}.", pack.lang)) && r.lang == pack.lang));
            assert_eq!(pack.set_lens.len() % 2, 0);
        }
        assert_eq!(languages(), ["de", "en", "es", "fr", "it", "nl", "pt"]);
    }

    #[test]
    fn damaged_files_are_errors_not_panics() {
        let good: &'static [u8] = super::super::tables::OTHER_PACKS[0];
        assert!(Pack::read(good).is_ok());
        for cut in [0, 3, 8, 9, 12, good.len() / 2, good.len() - 1] {
            assert!(Pack::read(&good[..cut]).is_err(), "cut at {cut}");
        }
        let mut longer = good.to_vec();
        longer.push(0);
        assert!(Pack::read(Box::leak(longer.into_boxed_slice())).is_err());
        let mut wrong_magic = good.to_vec();
        wrong_magic[7] = b'9';
        assert!(Pack::read(Box::leak(wrong_magic.into_boxed_slice())).is_err());
        assert!(Pack::read(b"").is_err());
    }
}
