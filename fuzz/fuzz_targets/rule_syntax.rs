//! The rule packs' pattern parser (the rule compiler's front end): any text is either refused with
//! a message or read into terms that respect the language's limits and read back the same once
//! written out again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigie::rule_syntax::{parse_pattern, render, Word, MAX_GAP};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(terms) = parse_pattern(&text) else { return };
    assert!(!terms.is_empty(), "{text:?}: a pattern has terms");
    assert_eq!(terms[0].gap, 0, "{text:?}: no gap before the first term");
    for term in &terms {
        assert!(term.gap <= MAX_GAP, "{text:?}: gap {}", term.gap);
        assert!(!term.alts.is_empty(), "{text:?}: a term has alternatives");
        for alt in &term.alts {
            assert!(!alt.is_empty(), "{text:?}: an alternative has words");
            for word in alt {
                match word {
                    Word::Exact(s) => assert!(!s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()), "{text:?}: word {s:?}"),
                    Word::Prefix(s) => assert!(s.len() >= 3 && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()), "{text:?}: stem {s:?}"),
                    Word::Number => {}
                }
            }
        }
    }
    let again = parse_pattern(&render(&terms)).unwrap_or_else(|e| panic!("{text:?}: its rendering is refused: {e}"));
    assert_eq!(again, terms, "{text:?}: reads back differently");
});
