//! The pattern language of the rule packs (`rules/README.md`): words, `stem*`, `<num>`,
//! `(alternatives|of several words)` and `~N` gaps.
//!
//! Used by `build.rs` (included with `#[path]`) to compile the packs, and by the library under the
//! `rule-syntax` feature so that the fuzzer can throw arbitrary text at it. It must therefore
//! depend on nothing but `std`.

/// The widest gap a pattern may allow between two terms, in words.
pub const MAX_GAP: u32 = 30;

/// A word of the pattern language: exact, prefix (`film*`) or the number class (`<num>`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Word {
    Exact(String),
    Prefix(String),
    Number,
}

/// One term: one of `alts` (each a run of words), at most `gap` words after the previous term.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    pub gap: u32,
    pub alts: Vec<Vec<Word>>,
}

/// Writes a pattern back in the pattern language (alternatives in brackets, always).
pub fn render(terms: &[Term]) -> String {
    let word = |w: &Word| match w {
        Word::Exact(s) => s.clone(),
        Word::Prefix(s) => format!("{s}*"),
        Word::Number => "<num>".to_string(),
    };
    let mut out = Vec::new();
    for term in terms {
        if term.gap > 0 {
            out.push(format!("~{}", term.gap));
        }
        let alts: Vec<String> = term.alts.iter().map(|alt| alt.iter().map(word).collect::<Vec<_>>().join(" ")).collect();
        out.push(format!("({})", alts.join("|")));
    }
    out.join(" ")
}

pub fn parse_word(raw: &str) -> Result<Word, String> {
    if raw == "<num>" {
        return Ok(Word::Number);
    }
    let (stem, prefix) = match raw.strip_suffix('*') {
        Some(stem) => (stem, true),
        None => (raw, false),
    };
    if stem.is_empty() || !stem.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
        return Err(format!("word {raw:?} must be normalised lowercase ASCII (no accents, no punctuation)"));
    }
    if prefix && stem.len() < 3 {
        return Err(format!("prefix {raw:?} is too short to be meaningful (3 letters at least)"));
    }
    Ok(if prefix { Word::Prefix(stem.into()) } else { Word::Exact(stem.into()) })
}

/// The words of one alternative. (Letters spaced out across words, "w e s t e r n u n i o n",
/// are joined by the normaliser and cut back into rule words by the engine: no joined form of the
/// phrase is needed here.)
pub fn parse_alt(alt: &str) -> Result<Vec<Word>, String> {
    let words = alt.split_whitespace().map(parse_word).collect::<Result<Vec<_>, _>>()?;
    if words.is_empty() {
        return Err("empty alternative".into());
    }
    Ok(words)
}

pub fn parse_pattern(pattern: &str) -> Result<Vec<Term>, String> {
    let mut terms = Vec::new();
    let mut gap = 0;
    let mut rest = pattern.trim();
    while !rest.is_empty() {
        if let Some(inner) = rest.strip_prefix('(') {
            let close = inner.find(')').ok_or("unclosed parenthesis")?;
            let mut alts: Vec<Vec<Word>> = Vec::new();
            for alt in inner[..close].split('|') {
                let words = parse_alt(alt)?;
                if !alts.contains(&words) {
                    alts.push(words);
                }
            }
            terms.push(Term { gap, alts });
            gap = 0;
            let after = &inner[close + 1..];
            if after.starts_with(|c: char| !c.is_whitespace()) {
                return Err(format!("a closing parenthesis must be followed by a space or the end, not {:?}", after.chars().next().unwrap_or(' ')));
            }
            rest = after.trim_start();
            continue;
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let token = &rest[..end];
        rest = rest[end..].trim_start();
        if let Some(n) = token.strip_prefix('~') {
            if terms.is_empty() {
                return Err("a pattern cannot start with a gap".into());
            }
            if gap != 0 {
                return Err(format!("two gaps in a row before {token:?}: write one"));
            }
            let n: u32 = n.parse().map_err(|_| format!("gap {token:?} must be ~N with N a number"))?;
            if n == 0 || n > MAX_GAP {
                return Err(format!("gap {token:?} must be between ~1 and ~{MAX_GAP}"));
            }
            gap = n;
            continue;
        }
        if token.contains(['(', ')', '|']) {
            return Err(format!("stray bracket or bar in {token:?}"));
        }
        terms.push(Term { gap, alts: vec![vec![parse_word(token)?]] });
        gap = 0;
    }
    if gap != 0 {
        return Err("a pattern cannot end with a gap".into());
    }
    if terms.is_empty() {
        return Err("empty pattern".into());
    }
    Ok(terms)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact(s: &str) -> Word {
        Word::Exact(s.into())
    }

    #[test]
    fn reads_words_alternatives_and_gaps() {
        let terms = parse_pattern("envoie ~3 (western union|mandat*) <num>").unwrap();
        assert_eq!(terms.len(), 3);
        assert_eq!(terms[0], Term { gap: 0, alts: vec![vec![exact("envoie")]] });
        assert_eq!(terms[1].gap, 3);
        assert_eq!(terms[1].alts, vec![vec![exact("western"), exact("union")], vec![Word::Prefix("mandat".into())]]);
        assert_eq!(terms[2].alts, vec![vec![Word::Number]]);
    }

    #[test]
    fn an_alternative_given_twice_is_kept_once() {
        let terms = parse_pattern("(je t aime|je  t aime|toda a sua familia)").unwrap();
        assert_eq!(terms[0].alts.len(), 2);
    }

    #[test]
    fn refuses_what_the_language_does_not_say() {
        for bad in [
            "", "~2 a", "a ~2", "a ~0 b", "a ~31 b", "a ~x b", "a ~2 ~3 b", "(b|c)d", "(a||b)", "(a", "a)", "a|b", "Été", "ab*",
            "a (b (c|d))", "a,b", "<number>",
        ] {
            assert!(parse_pattern(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn a_rendered_pattern_reads_back_the_same() {
        for pattern in ["a b ~2 (c d|eee*) ~30 <num>", "(western union|moneygram) ~5 (code*|mtcn)", "je ~1 (t aime|te kiffe)"] {
            let terms = parse_pattern(pattern).unwrap();
            assert_eq!(parse_pattern(&render(&terms)).unwrap(), terms, "{pattern}");
        }
    }
}
