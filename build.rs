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

const STAGES: &[(&str, &str)] = &[
    ("contact", "Contact"),
    ("isolation", "Isolation"),
    ("trap", "Trap"),
    ("blackmail", "Blackmail"),
    ("payment", "Payment"),
    ("prevention", "Prevention"),
];
const FAMILIES: &[(&str, &str)] = &[
    ("sextortion", "Sextortion"),
    ("mass_email", "MassEmail"),
    ("romance", "Romance"),
    ("grooming", "Grooming"),
    ("prevention", "Prevention"),
];
const EXTRACTORS: &[(&str, &str)] = &[("bitcoin_address", "BitcoinAddress")];
const UI_LANGS: &[&str] = &["fr", "en"];
/// The matcher tracks which terms of a pattern were seen in one 16-bit mask.
const MAX_TERMS: usize = 16;

fn main() {
    println!("cargo:rerun-if-changed=rules");
    let dir = Path::new("rules");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("rules/ directory is missing")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .filter(|p| p.file_stem().is_some_and(|s| s != "explanations"))
        .collect();
    files.sort();

    let explanations = load_explanations(&dir.join("explanations.toml"));
    let mut tables = TableBuilder::default();
    let mut seen_ids = HashSet::new();
    let mut aliases: BTreeMap<String, String> = BTreeMap::new();
    let mut rules_code = String::new();

    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| fail(&name, "", &e.to_string()));
        let pack: Pack = toml::from_str(&text).unwrap_or_else(|e| fail(&name, "", &e.to_string()));
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        if pack.lang != stem {
            fail(&name, "", &format!("lang = {:?} but the file is named {stem}.toml", pack.lang));
        }
        for (from, to) in pack.aliases {
            check_plain_words(&name, "[aliases]", &from);
            check_plain_words(&name, "[aliases]", &to);
            if from.contains(' ') {
                fail(&name, "[aliases]", &format!("{from:?}: aliases replace single words"));
            }
            aliases.entry(from).or_insert(to);
        }
        for rule in &pack.rule {
            let ctx = &rule.id;
            if !seen_ids.insert(rule.id.clone()) {
                fail(&name, ctx, "duplicate rule id");
            }
            if !rule.id.starts_with(&format!("{}.", pack.lang)) {
                fail(&name, ctx, &format!("rule ids start with the pack language `{}.`", pack.lang));
            }
            let stage = lookup(STAGES, &rule.stage).unwrap_or_else(|| fail(&name, ctx, "unknown stage"));
            let family = lookup(FAMILIES, &rule.family).unwrap_or_else(|| fail(&name, ctx, "unknown family"));
            if !(rule.weight > 0.0 && rule.weight <= 1.0) {
                fail(&name, ctx, "weight must be in (0, 1]");
            }
            for lang in UI_LANGS {
                if !explanations.contains_key(&(rule.explain.clone(), lang.to_string())) {
                    fail(&name, ctx, &format!("explain key {:?} has no {lang} text in explanations.toml", rule.explain));
                }
            }
            let extractor = match (&rule.extractor, rule.patterns.is_empty()) {
                (Some(x), true) => {
                    let v = lookup(EXTRACTORS, x).unwrap_or_else(|| fail(&name, ctx, "unknown extractor"));
                    format!("Some(Extractor::{v})")
                }
                (None, false) => "None".to_string(),
                _ => fail(&name, ctx, "a rule has either `patterns` or `extractor`"),
            };
            let rule_index = tables.rule_count;
            tables.rule_count += 1;
            for pattern in &rule.patterns {
                let terms = parse_pattern(pattern).unwrap_or_else(|e| fail(&name, ctx, &format!("pattern {pattern:?}: {e}")));
                if terms.len() > MAX_TERMS {
                    fail(&name, ctx, &format!("pattern {pattern:?} has more than {MAX_TERMS} terms"));
                }
                tables.add_pattern(rule_index, terms);
            }
            writeln!(
                rules_code,
                "RuleDef {{ id: {:?}, lang: {:?}, stage: Stage::{stage}, family: Family::{family}, weight: {:?}, explain: {:?}, extractor: {extractor}, pattern_count: {} }},",
                rule.id, pack.lang, rule.weight as f32, rule.explain, rule.patterns.len()
            )
            .ok();
        }
    }

    let mut out = String::from("// Generated by build.rs from rules/*.toml: edit the rule files, not this.\n");
    tables.emit(&mut out);
    out.push_str("pub static RULES: &[RuleDef] = &[\n");
    out.push_str(&rules_code);
    out.push_str("];\npub static ALIASES: &[(&str, &str)] = &[\n");
    for (from, to) in &aliases {
        writeln!(out, "({from:?}, {to:?}),").ok();
    }
    out.push_str("];\npub static EXPLANATIONS: &[(&str, &str, &str)] = &[\n");
    for ((key, lang), text) in &explanations {
        writeln!(out, "({key:?}, {lang:?}, {text:?}),").ok();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("rules.rs");
    std::fs::write(dest, out).expect("cannot write the generated rule tables");
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

    fn emit(&self, out: &mut String) {
        let limit = u16::MAX as usize;
        if self.words.len() > limit || self.alts.len() > limit || self.sets.len() > limit || self.rule_count > limit {
            fail("rules/", "", "the packs exceed 65535 distinct words, alternatives, alternative lists or rules");
        }
        if self.alts.iter().any(|a| a.len() > u8::MAX as usize) {
            fail("rules/", "", "an alternative has more than 255 words");
        }
        if self.words.iter().any(|w| matches!(w, Word::Prefix(s) if s.len() >= 64)) {
            fail("rules/", "", "a prefix word is 64 letters or longer");
        }
        let spelling = |w: &Word| match w {
            Word::Exact(s) => s.clone(),
            Word::Prefix(s) => format!("{s}*"),
            Word::Number => "<num>".to_string(),
        };
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
        writeln!(out, "pub static WORDS_TEXT: &str = {:?};", words_text.join("\n")).ok();
        let (keys, triggers) = self.keys_and_triggers();
        let list = |name: &str, ty: &str, items: &mut dyn Iterator<Item = String>| {
            let body: Vec<String> = items.collect();
            format!("pub static {name}: &[{ty}] = &[{}];\n", body.join(","))
        };
        // Lists mostly refer to alternatives defined just before them: successive differences
        // are small numbers, one byte each.
        let deltas = |ids: &mut dyn Iterator<Item = u32>| {
            let mut bytes = Vec::new();
            let mut previous = 0i64;
            for id in ids {
                write_varint(&mut bytes, zigzag(id as i64 - previous));
                previous = id as i64;
            }
            bytes.into_iter().map(|b| b.to_string())
        };
        out.push_str(&list("ALT_WORDS", "u8", &mut alt_words.iter().map(|b| b.to_string())));
        out.push_str(&list("ALT_KEYS", "u8", &mut keys.iter().map(|k| k.to_string())));
        out.push_str(&list("PATTERN_TRIGGERS", "u8", &mut triggers.iter().map(|t| t.to_string())));
        out.push_str(&list("SET_LENS", "u16", &mut self.sets.iter().map(|s| s.len().to_string())));
        out.push_str(&list("SET_ALT_DELTAS", "u8", &mut deltas(&mut self.sets.iter().flatten().copied())));
        out.push_str(&list("TERM_GAPS", "u8", &mut self.terms.iter().map(|t| t.0.to_string())));
        out.push_str(&list("TERM_SET_DELTAS", "u8", &mut deltas(&mut self.terms.iter().map(|t| t.1))));
        out.push_str(&list("PATTERN_TERMS", "u8", &mut self.patterns.iter().map(|p| p.1.to_string())));
    }
}

impl TableBuilder {
    /// Per alternative, the position of its key: the word of it least likely to be in a message
    /// (the matcher looks an alternative up by its key). Per pattern, the term that triggers it:
    /// the one whose keys are the rarest. A word is as likely as the number of lists it is in,
    /// weighed by how common its length makes it. These only decide the matcher's order of work,
    /// never its result.
    fn keys_and_triggers(&self) -> (Vec<u8>, Vec<u8>) {
        let mut lists_with = vec![0usize; self.words.len()];
        for set in &self.sets {
            let mut words: Vec<u32> = set.iter().flat_map(|&a| self.alts[a as usize].iter().copied()).collect();
            words.sort_unstable();
            words.dedup();
            for w in words {
                lists_with[w as usize] += 1;
            }
        }
        let cost = |w: u32| lists_with[w as usize] * commonness(&self.words[w as usize]);
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
                set_keys.into_iter().map(cost).sum()
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

fn lookup(table: &[(&str, &'static str)], key: &str) -> Option<&'static str> {
    table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
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
