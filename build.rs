//! Compiles the rule packs in `rules/` into static Rust tables (`$OUT_DIR/rules.rs`).
//!
//! Why at build time: the WebAssembly module then carries no TOML parser and does no parsing at
//! start-up, and a malformed rule is a compile error that names the file, the rule and the fault
//! instead of a runtime surprise in a user's browser.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

// The pattern language lives in the library, so that it is unit-tested and fuzzed there too.
#[path = "src/rule_syntax.rs"]
#[allow(dead_code)] // render() is for the fuzzer
mod rule_syntax;
use rule_syntax::{parse_pattern, Term, Word};

#[derive(serde::Deserialize)]
struct Pack {
    lang: String,
    #[serde(default)]
    aliases: BTreeMap<String, String>,
    #[serde(default)]
    rule: Vec<Rule>,
}

#[derive(serde::Deserialize)]
struct Rule {
    id: String,
    stage: String,
    family: String,
    weight: f64,
    explain: String,
    #[serde(default)]
    patterns: Vec<String>,
    #[serde(default)]
    extractor: Option<String>,
}

// In the order of the engine's enums (src/engine/tables.rs): the pack files store the position.
const STAGES: &[&str] = &["contact", "isolation", "trap", "blackmail", "payment", "prevention"];
const FAMILIES: &[&str] = &["sextortion", "mass_email", "romance", "grooming", "prevention"];
const EXTRACTORS: &[&str] = &["bitcoin_address"];
/// The packs compiled into the WebAssembly module; the others are files the extension loads when a
/// message has one of their words (src/engine/pack.rs). Native builds carry every pack.
const CORE_LANGS: &[&str] = &["en", "fr"];
const UI_LANGS: &[&str] = &["fr", "en"];
/// For a pack not compiled in, how many terms of each pattern, and words of each alternative, the
/// module keeps to tell when a text needs the pack (src/engine/rule_index.rs): more is more data
/// in the module, and fewer packs loaded for nothing. At most 8 terms and 8 words (bit sets).
const NEED_TERMS: usize = 3;
const NEED_WORDS: usize = 2;
const NEED_RARE_ENOUGH: f64 = 1e-4;
/// The matcher tracks which terms of a pattern were seen in one 16-bit mask.
const MAX_TERMS: usize = 16;

fn main() {
    println!("cargo:rerun-if-changed=rules");
    let dir = Path::new("rules");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("rules/ directory is missing")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .filter(|p| p.file_stem().is_some_and(|s| s != "explanations" && s != "everyday"))
        .collect();
    files.sort();

    let explanations = load_explanations(&dir.join("explanations.toml"));
    // All packs together decide which word of an alternative is its key and which term of a
    // pattern triggers it (how common a word is across every pack); each pack is then written
    // alone, so that the extension loads a language's tables only when its words show up.
    let mut all = TableBuilder::default();
    let mut packs: Vec<(String, TableBuilder, Vec<u8>)> = Vec::new();
    let mut seen_ids = HashSet::new();
    let mut aliases: BTreeMap<String, String> = BTreeMap::new();

    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| fail(&name, "", &e.to_string()));
        let pack: Pack = toml::from_str(&text).unwrap_or_else(|e| fail(&name, "", &e.to_string()));
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        if pack.lang != stem {
            fail(&name, "", &format!("lang = {:?} but the file is named {stem}.toml", pack.lang));
        }
        if !(2..=8).contains(&pack.lang.len()) || !pack.lang.bytes().all(|b| b.is_ascii_lowercase()) {
            fail(&name, "", "lang is a lowercase language code");
        }
        for (from, to) in pack.aliases {
            check_plain_words(&name, "[aliases]", &from);
            check_plain_words(&name, "[aliases]", &to);
            if from.contains(' ') {
                fail(&name, "[aliases]", &format!("{from:?}: aliases replace single words"));
            }
            aliases.entry(from).or_insert(to);
        }
        let mut tables = TableBuilder::default();
        let mut rules = Vec::new();
        for rule in &pack.rule {
            let ctx = &rule.id;
            if !seen_ids.insert(rule.id.clone()) {
                fail(&name, ctx, "duplicate rule id");
            }
            if !rule.id.starts_with(&format!("{}.", pack.lang)) {
                fail(&name, ctx, &format!("rule ids start with the pack language `{}.`", pack.lang));
            }
            let stage = position(STAGES, &rule.stage).unwrap_or_else(|| fail(&name, ctx, "unknown stage"));
            let family = position(FAMILIES, &rule.family).unwrap_or_else(|| fail(&name, ctx, "unknown family"));
            if !(rule.weight > 0.0 && rule.weight <= 1.0) {
                fail(&name, ctx, "weight must be in (0, 1]");
            }
            for lang in UI_LANGS {
                if !explanations.contains_key(&(rule.explain.clone(), lang.to_string())) {
                    fail(&name, ctx, &format!("explain key {:?} has no {lang} text in explanations.toml", rule.explain));
                }
            }
            let extractor = match (&rule.extractor, rule.patterns.is_empty()) {
                (Some(x), true) => position(EXTRACTORS, x).unwrap_or_else(|| fail(&name, ctx, "unknown extractor")) as u8 + 1,
                (None, false) => 0,
                _ => fail(&name, ctx, "a rule has either `patterns` or `extractor`"),
            };
            if extractor != 0 && !CORE_LANGS.contains(&pack.lang.as_str()) {
                fail(&name, ctx, "extractors run on every message: they belong to a pack always loaded (en, fr)");
            }
            if rule.id.len() > 255 || rule.explain.len() > 255 || rule.patterns.len() > u16::MAX as usize {
                fail(&name, ctx, "id or explain key longer than 255 bytes, or too many patterns");
            }
            let rule_index = tables.rule_count;
            tables.rule_count += 1;
            all.rule_count += 1;
            for pattern in &rule.patterns {
                let terms = parse_pattern(pattern).unwrap_or_else(|e| fail(&name, ctx, &format!("pattern {pattern:?}: {e}")));
                if terms.len() > MAX_TERMS {
                    fail(&name, ctx, &format!("pattern {pattern:?} has more than {MAX_TERMS} terms"));
                }
                all.add_pattern(rule_index, terms.clone());
                tables.add_pattern(rule_index, terms);
            }
            // The rule's record in the pack file (see src/engine/pack.rs).
            rules.push(rule.id.len() as u8);
            rules.extend_from_slice(rule.id.as_bytes());
            rules.extend_from_slice(&[stage as u8, family as u8]);
            rules.extend_from_slice(&(rule.weight as f32).to_le_bytes());
            rules.push(rule.explain.len() as u8);
            rules.extend_from_slice(rule.explain.as_bytes());
            rules.push(extractor);
            rules.extend_from_slice(&(rule.patterns.len() as u16).to_le_bytes());
        }
        packs.push((pack.lang.clone(), tables, rules));
    }

    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let cost = all.word_costs();
    let mut out = String::from("// Generated by build.rs from rules/*.toml: edit the rule files, not this.\n");
    let (mut core, mut other, mut needs) = (String::new(), String::new(), Vec::new());
    let core_words: HashSet<Word> =
        packs.iter().filter(|p| CORE_LANGS.contains(&p.0.as_str())).flat_map(|p| p.1.words.iter().cloned()).collect();
    let everyday = load_everyday(&dir.join("everyday.toml"));
    let mut core_files = Vec::new();
    for (lang, tables, rules) in &packs {
        let bytes = tables.pack_file(lang, rules, &cost);
        if CORE_LANGS.contains(&lang.as_str()) {
            core_files.push(bytes.clone());
        }
        // The packs that are not compiled into the WebAssembly module go to packs/, which
        // `cargo xtask wasm` copies beside it.
        let dir = if CORE_LANGS.contains(&lang.as_str()) { out_dir.clone() } else { out_dir.join("packs") };
        std::fs::create_dir_all(&dir).expect("cannot create the packs directory");
        let file = dir.join(format!("{lang}.pack"));
        std::fs::write(&file, bytes).expect("cannot write a pack file");
        let entry = format!("include_bytes!({:?}),\n", file.display().to_string());
        if CORE_LANGS.contains(&lang.as_str()) {
            core.push_str(&entry);
        } else {
            other.push_str(&entry);
            needs.push((lang.clone(), tables.wanted_by(&core_words, &everyday)));
        }
    }
    for lang in CORE_LANGS {
        if !packs.iter().any(|p| p.0 == *lang) {
            fail("rules/", "", &format!("the pack {lang}.toml is always loaded and must exist"));
        }
    }
    writeln!(out, "pub static CORE_PACKS: &[&[u8]] = &[\n{core}];").ok();
    let langs: Vec<&str> = packs.iter().map(|p| p.0.as_str()).collect();
    writeln!(out, "/// Every pack's language, in order.\npub static PACK_LANGUAGES: &[&str] = &{langs:?};").ok();
    writeln!(out, "/// The languages of CORE_PACKS.\n#[allow(dead_code)]\npub static CORE_LANGUAGES: &[&str] = &{CORE_LANGS:?};").ok();
    writeln!(out, "#[cfg(not(target_arch = \"wasm32\"))]\npub static OTHER_PACKS: &[&[u8]] = &[\n{other}];").ok();
    let mut need_words: Vec<String> = needs.iter().flat_map(|(_, n)| n.iter().flatten().flatten().flatten().cloned()).collect();
    need_words.sort();
    need_words.dedup();
    writeln!(out, "pub static NEED_WORDS_TEXT: &str = {:?};", need_words.join("\n")).ok();
    out.push_str("pub static OTHER_PACK_NEEDS: &[(&str, &[u8])] = &[\n");
    for (lang, n) in &needs {
        writeln!(out, "({lang:?}, &{:?}),", encode_needs(n, &need_words)).ok();
    }
    out.push_str("];\n");
    let plan = core_word_plan(&core_files, &need_words);
    writeln!(out, "/// The ids the start-up gives the words of CORE_PACKS and their needs (see core_word_plan in build.rs).\npub static CORE_WORD_PLAN: &[u8] = &{plan:?};").ok();
    out.push_str("pub static ALIASES: &[(&str, &str)] = &[\n");
    for (from, to) in &aliases {
        writeln!(out, "({from:?}, {to:?}),").ok();
    }
    out.push_str("];\npub static EXPLANATIONS: &[(&str, &str, &str)] = &[\n");
    for ((key, lang), text) in &explanations {
        writeln!(out, "({key:?}, {lang:?}, {text:?}),").ok();
    }
    out.push_str("];\n");
    std::fs::write(out_dir.join("rules.rs"), out).expect("cannot write the generated rule tables");
}

/// Lays the rules out as flat, deduplicated arrays: the packs repeat the same words, alternatives
/// and whole alternative lists across patterns, and a table of slices of slices costs a pointer and
/// a length per entry in the module. Everything is stored once and referred to by index.
#[derive(Default)]
struct TableBuilder {
    words: Vec<Word>,
    word_ids: HashMap<Word, u32>,
    alts: Vec<Vec<u32>>,
    alt_ids: HashMap<Vec<u32>, u32>,
    sets: Vec<Vec<u32>>,
    set_ids: HashMap<Vec<u32>, u32>,
    /// (gap, set) per term, patterns one after the other.
    terms: Vec<(u32, u32)>,
    /// (rule, number of terms) per pattern, rules one after the other.
    patterns: Vec<(usize, usize)>,
    rule_count: usize,
}

impl TableBuilder {
    fn intern<T: Clone + Eq + std::hash::Hash>(list: &mut Vec<T>, ids: &mut HashMap<T, u32>, item: T) -> u32 {
        let next = list.len() as u32;
        *ids.entry(item.clone()).or_insert_with(|| {
            list.push(item);
            next
        })
    }

    fn add_pattern(&mut self, rule: usize, terms: Vec<Term>) {
        self.patterns.push((rule, terms.len()));
        for term in terms {
            let mut set = Vec::new();
            for alt in term.alts {
                let words: Vec<u32> = alt.into_iter().map(|w| Self::intern(&mut self.words, &mut self.word_ids, w)).collect();
                let alt = Self::intern(&mut self.alts, &mut self.alt_ids, words);
                if !set.contains(&alt) {
                    set.push(alt);
                }
            }
            let set = Self::intern(&mut self.sets, &mut self.set_ids, set);
            self.terms.push((term.gap, set));
        }
    }

    /// How likely each word is in a message, from every pack: the number of lists it is in,
    /// weighed by how common its length makes it.
    fn word_costs(&self) -> HashMap<Word, usize> {
        let mut lists_with = vec![0usize; self.words.len()];
        for set in &self.sets {
            let mut words: Vec<u32> = set.iter().flat_map(|&a| self.alts[a as usize].iter().copied()).collect();
            words.sort_unstable();
            words.dedup();
            for w in words {
                lists_with[w as usize] += 1;
            }
        }
        self.words.iter().enumerate().map(|(i, w)| (w.clone(), lists_with[i] * commonness(w))).collect()
    }

    /// The pack file (layout in src/engine/pack.rs).
    fn pack_file(&self, lang: &str, rules: &[u8], cost: &HashMap<Word, usize>) -> Vec<u8> {
        let limit = u16::MAX as usize;
        if self.words.len() > limit || self.alts.len() > limit || self.sets.len() > limit || self.rule_count > limit {
            fail("rules/", "", "a pack exceeds 65535 distinct words, alternatives, alternative lists or rules");
        }
        if self.alts.iter().any(|a| a.len() > u8::MAX as usize) {
            fail("rules/", "", "an alternative has more than 255 words");
        }
        if self.words.iter().any(|w| matches!(w, Word::Prefix(s) if s.len() >= 64)) {
            fail("rules/", "", "a prefix word is 64 letters or longer");
        }
        // Words are numbered in the order the alternatives first use them, so that a word's first
        // use is written as 0 ("the next new word"), later ones as id + 1, and the start-up only
        // splits and decodes:
        // interning ~40,000 spellings from text cost ~10 M instructions on every start.
        let mut order = vec![u32::MAX; self.words.len()];
        let mut words_text = Vec::new();
        let mut alt_words = Vec::new();
        // The lowest bit marks an alternative's last word.
        for alt in &self.alts {
            for (i, &w) in alt.iter().enumerate() {
                let last = u64::from(i + 1 == alt.len());
                if order[w as usize] == u32::MAX {
                    order[w as usize] = words_text.len() as u32;
                    words_text.push(spelling(&self.words[w as usize]));
                    write_varint(&mut alt_words, last);
                } else {
                    write_varint(&mut alt_words, (order[w as usize] as u64 + 1) << 1 | last);
                }
            }
        }
        let (keys, triggers) = self.keys_and_triggers(|w| cost[&self.words[w as usize]]);
        // Lists mostly refer to alternatives defined just before them: successive differences
        // are small numbers, one byte each.
        let deltas = |ids: &mut dyn Iterator<Item = u32>| {
            let mut bytes = Vec::new();
            let mut previous = 0i64;
            for id in ids {
                write_varint(&mut bytes, zigzag(id as i64 - previous));
                previous = id as i64;
            }
            bytes
        };
        let set_lens: Vec<u8> = self.sets.iter().flat_map(|s| (s.len() as u16).to_le_bytes()).collect();
        let term_gaps: Vec<u8> = self.terms.iter().map(|t| t.0 as u8).collect();
        let pattern_terms: Vec<u8> = self.patterns.iter().map(|p| p.1 as u8).collect();
        let mut file = b"VIGIEPK1".to_vec();
        file.push(lang.len() as u8);
        file.extend_from_slice(lang.as_bytes());
        for section in [
            words_text.join("\n").as_bytes(),
            &alt_words,
            &keys,
            &triggers,
            &set_lens,
            &deltas(&mut self.sets.iter().flatten().copied()),
            &term_gaps,
            &deltas(&mut self.terms.iter().map(|t| t.1)),
            &pattern_terms,
            rules,
        ] {
            file.extend_from_slice(&(section.len() as u32).to_le_bytes());
            file.extend_from_slice(section);
        }
        file
    }
}

impl TableBuilder {
    /// Per alternative, the position of its key: the word of it least likely to be in a message
    /// (the matcher looks an alternative up by its key). Per pattern, the term that triggers it:
    /// the one whose keys are the rarest. These only decide the matcher's order of work, never
    /// its result.
    fn keys_and_triggers(&self, cost: impl Fn(u32) -> usize) -> (Vec<u8>, Vec<u8>) {
        let keys: Vec<u8> = self
            .alts
            .iter()
            .map(|alt| alt.iter().enumerate().min_by_key(|&(_, &w)| cost(w)).map_or(0, |(i, _)| i as u8))
            .collect();
        let list_cost: Vec<usize> = self
            .sets
            .iter()
            .map(|set| {
                let mut set_keys: Vec<u32> = set.iter().map(|&a| self.alts[a as usize][keys[a as usize] as usize]).collect();
                set_keys.sort_unstable();
                set_keys.dedup();
                set_keys.into_iter().map(&cost).sum()
            })
            .collect();
        let mut triggers = Vec::new();
        let mut term = 0;
        for &(_, count) in &self.patterns {
            let terms = &self.terms[term..term + count];
            triggers.push(terms.iter().enumerate().min_by_key(|(_, t)| list_cost[t.1 as usize]).map_or(0, |(i, _)| i as u8));
            term += count;
        }
        (keys, triggers)
    }
}

/// Per pattern (patterns that need the same once), its terms, each its alternatives, each its
/// words.
type Needs = Vec<Vec<Vec<Vec<String>>>>;

/// A pack's needs in bytes, words as indices into `words` (every pack's need words, sorted): per
/// need the number of terms, per term the number of alternatives, per alternative the number of
/// words, its first word as the difference from the previous alternative's (alternatives sorted
/// by it), then its other words. All varints.
fn encode_needs(needs: &Needs, words: &[String]) -> Vec<u8> {
    let index = |w: &String| words.binary_search(w).unwrap_or(0) as u64;
    let mut bytes = Vec::new();
    for terms in needs {
        write_varint(&mut bytes, terms.len() as u64);
        for alts in terms {
            let mut alts: Vec<Vec<u64>> = alts.iter().map(|alt| alt.iter().map(index).collect()).collect();
            for alt in &mut alts {
                alt.sort_unstable();
            }
            alts.sort();
            write_varint(&mut bytes, alts.len() as u64);
            let mut previous = 0;
            for alt in &alts {
                write_varint(&mut bytes, alt.len() as u64);
                write_varint(&mut bytes, alt[0] - previous);
                previous = alt[0];
                for &w in &alt[1..] {
                    write_varint(&mut bytes, w);
                }
            }
        }
    }
    bytes
}

/// The words of a pack file (its first section), in the order the start-up numbers them.
fn pack_words(file: &[u8]) -> Vec<&str> {
    let lang_len = file[8] as usize;
    let at = 9 + lang_len;
    let len = u32::from_le_bytes(file[at..at + 4].try_into().expect("four bytes")) as usize;
    std::str::from_utf8(&file[at + 4..at + 4 + len]).expect("words are UTF-8").split('\n').collect()
}

/// The start-up with the packs compiled in (English and French, and the other packs' needs) gives
/// each word the id the general merge would (src/engine/rule_index.rs: packs in order, a pack's
/// words in file order, then the needs' words in `need_words` order), but without looking a
/// single spelling up: this plan lists, per core pack and then for the needs, the words that are
/// already numbered by then and their id; every other word is new and takes the next id.
///
/// Layout, all varints: per core pack, the number of entries, then per entry the difference from
/// the previous entry's position in the pack's words and the id; the same for the needs' words,
/// positions in `need_words`.
fn core_word_plan(core_files: &[Vec<u8>], need_words: &[String]) -> Vec<u8> {
    let mut ids: HashMap<&str, u32> = HashMap::new();
    let mut plan = Vec::new();
    let write_entries = |plan: &mut Vec<u8>, entries: &[(usize, u32)]| {
        write_varint(plan, entries.len() as u64);
        let mut previous = 0;
        for &(at, id) in entries {
            write_varint(plan, (at - previous) as u64);
            write_varint(plan, u64::from(id));
            previous = at;
        }
    };
    for file in core_files {
        let mut known = Vec::new();
        for (at, word) in pack_words(file).into_iter().enumerate() {
            let next = ids.len() as u32;
            match ids.get(word) {
                Some(&id) => known.push((at, id)),
                None => {
                    ids.insert(word, next);
                }
            }
        }
        write_entries(&mut plan, &known);
    }
    // Then the needs' words: those that are words of the core packs keep their id.
    let known: Vec<(usize, u32)> = need_words.iter().enumerate().filter_map(|(n, w)| Some((n, *ids.get(w.as_str())?))).collect();
    write_entries(&mut plan, &known);
    plan
}

fn spelling(w: &Word) -> String {
    match w {
        Word::Exact(s) => s.clone(),
        Word::Prefix(s) => format!("{s}*"),
        Word::Number => "<num>".to_string(),
    }
}

impl TableBuilder {
    /// What a message needs for any pattern of this pack to match, per pattern: up to
    /// `NEED_TERMS` of its terms, those least likely in the languages compiled in, each as its
    /// alternatives, each alternative as its one or two rarest words. A text without all of
    /// them, for some term, any alternative, cannot match the pattern (order and distance are
    /// left to the pack, once loaded).
    ///
    /// Spelled out; [`encode_needs`] writes them.
    ///
    /// The words of the packs compiled in (`core_words`) are avoided most, then short words, so
    /// that French and English chat seldom makes the extension load this pack.
    fn wanted_by(&self, core_words: &HashSet<Word>, everyday: &HashSet<String>) -> Needs {
        // Roughly how likely a word is in a French or English message.
        let cost = |w: &Word| -> f64 {
            match w {
                Word::Number => 0.5,
                Word::Exact(s) if everyday.contains(s) => 0.1,
                Word::Prefix(s) if everyday.iter().any(|e| e.starts_with(s.as_str())) => 0.1,
                w if core_words.contains(w) => 0.01,
                w => commonness(w) as f64 * 1e-6,
            }
        };
        let word_cost = |w: u32| cost(&self.words[w as usize]);
        // How likely an alternative's words all are in a text (as if they came independently),
        // and a term's: any of its alternatives.
        let alt_cost = |alt: &[u32]| alt.iter().map(|&w| word_cost(w)).product::<f64>();
        let term_alts = |set: u32| {
            let mut alts: Vec<Vec<u32>> = self.sets[set as usize]
                .iter()
                .map(|&a| {
                    let mut words = self.alts[a as usize].clone();
                    words.sort_by(|&x, &y| word_cost(x).total_cmp(&word_cost(y)));
                    words.dedup();
                    // A word of no pack compiled in is rare enough on its own in French and
                    // English text; a common one is kept with the next rarest.
                    let enough = words.iter().take(NEED_WORDS).position(|&w| word_cost(w) < 1e-3).map_or(NEED_WORDS, |i| i + 1);
                    words.truncate(enough);
                    words.sort_unstable();
                    words
                })
                .collect();
            alts.sort();
            alts.dedup();
            // An alternative that has all the words of another adds nothing to the term.
            let kept: Vec<Vec<u32>> =
                alts.iter().filter(|a| !alts.iter().any(|b| b != *a && b.len() < a.len() && b.iter().all(|w| a.contains(w)))).cloned().collect();
            kept
        };
        let mut needs: Vec<Vec<Vec<Vec<u32>>>> = Vec::new();
        let mut term = 0;
        for &(_, count) in &self.patterns {
            let mut terms: Vec<Vec<Vec<u32>>> = self.terms[term..term + count].iter().map(|t| term_alts(t.1)).collect();
            terms.sort_by(|x, y| {
                let sum = |alts: &Vec<Vec<u32>>| alts.iter().map(|a| alt_cost(a)).sum::<f64>();
                sum(x).total_cmp(&sum(y))
            });
            terms.dedup();
            // More terms only while the ones kept are likely in a French or English text.
            let mut likely = 1.0;
            let mut kept = 0;
            while kept < terms.len().min(NEED_TERMS) && likely > NEED_RARE_ENOUGH {
                likely *= terms[kept].iter().map(|a| alt_cost(a)).sum::<f64>();
                kept += 1;
            }
            terms.truncate(kept);
            needs.push(terms);
            term += count;
        }
        needs.sort();
        needs.dedup();
        needs
            .into_iter()
            .map(|terms| terms.into_iter().map(|alts| {
                let mut alts: Vec<Vec<String>> = alts.into_iter().map(|alt| {
                    let mut alt: Vec<String> = alt.iter().map(|&w| spelling(&self.words[w as usize])).collect();
                    alt.sort();
                    alt.dedup();
                    alt
                }).collect();
                alts.sort();
                alts.dedup();
                alts.iter().filter(|a| !alts.iter().any(|b| b != *a && b.len() < a.len() && b.iter().all(|w| a.contains(w)))).cloned().collect()
            }).collect())
            .collect()
    }
}

/// How much more often than a long word a rule word is expected in everyday text: short words are
/// the articles, pronouns and prepositions of every language ("a", "tu", "de", "the"), and numbers
/// are in most messages (times, prices).
fn commonness(word: &Word) -> usize {
    match word {
        Word::Number => 64,
        Word::Exact(s) | Word::Prefix(s) if s.len() <= 2 => 64,
        Word::Exact(s) if s.len() == 3 => 16,
        Word::Prefix(s) if s.len() <= 3 => 16,
        Word::Exact(s) | Word::Prefix(s) if s.len() == 4 => 4,
        _ => 1,
    }
}

/// Signed to unsigned, small magnitudes first (0, -1, 1, -2, ...).
fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

/// LEB128: seven bits per byte, high bit set on every byte but the last.
fn write_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7f) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn fail(file: &str, rule: &str, msg: &str) -> ! {
    let at = if rule.is_empty() { String::new() } else { format!(", rule {rule}") };
    panic!("\n\nInvalid rule pack {file}{at}: {msg}\nSee rules/README.md for the format.\n\n");
}

fn position(table: &[&str], key: &str) -> Option<usize> {
    table.iter().position(|k| *k == key)
}

/// The everyday words of the languages compiled in (rules/everyday.toml), every language together.
fn load_everyday(path: &Path) -> HashSet<String> {
    println!("cargo:rerun-if-changed={}", path.display());
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| fail(&name, "", &e.to_string()));
    let table: BTreeMap<String, String> = toml::from_str(&text).unwrap_or_else(|e| fail(&name, "", &e.to_string()));
    for lang in CORE_LANGS {
        if !table.contains_key(*lang) {
            fail(&name, "", &format!("no everyday words for {lang}, a language compiled in"));
        }
    }
    table.values().flat_map(|words| words.split_whitespace().map(String::from)).collect()
}

fn load_explanations(path: &Path) -> BTreeMap<(String, String), String> {
    println!("cargo:rerun-if-changed={}", path.display());
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| fail(&name, "", &e.to_string()));
    let table: BTreeMap<String, BTreeMap<String, String>> =
        toml::from_str(&text).unwrap_or_else(|e| fail(&name, "", &e.to_string()));
    let mut out = BTreeMap::new();
    for (key, langs) in table {
        for (lang, sentence) in langs {
            out.insert((key.clone(), lang), sentence);
        }
    }
    out
}

fn check_plain_words(file: &str, ctx: &str, s: &str) {
    if s.is_empty() || !s.split(' ').all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())) {
        fail(file, ctx, &format!("{s:?} must be lowercase ASCII words separated by single spaces"));
    }
}
