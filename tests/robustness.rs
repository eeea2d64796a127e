//! Untrusted input: whatever text arrives, nothing panics, every span lands on character
//! boundaries of the original text and reads back exactly the reported text.

use proptest::prelude::*;
use vigie::chat::parse_export;
use vigie::extract::identifiers;
use vigie::{ChatMessage, Detector, Direction, Options};

/// Text built from the pieces that stress the normaliser: scam vocabulary, l33t, look-alikes,
/// spaced letters, combining marks, zero-width and bidi controls, emoji, surrogate-free oddities.
fn hostile_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "vidéo", "v1d3o", "w e b c a m", "b.i.t.c.o.i.n", "ta famille", "your family", "j'ai filmé", "I recorded you", "48h", "500€", "$", "@",
        "\u{0301}", "\u{200B}", "\u{202E}", "\u{FEFF}", "о", "е", "ｗ", "𝐯", "📹", "🤫", "👨‍👩‍👧", "ß", "Œ", " ", "  ", "\n", ".", "'", "-", "0", "1",
        "envoie", "send", "pcs", "bitcoin", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "a", "b", "c",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

/// Built once: building per generated case would measure the build, not the analysis.
fn detector() -> &'static Detector {
    static DETECTOR: std::sync::OnceLock<Detector> = std::sync::OnceLock::new();
    DETECTOR.get_or_init(Detector::new)
}

fn check_spans(text: &str) {
    let detector = detector();
    for options in [Options::default(), Options { minor_mode: true, ..Options::default() }] {
        let report = detector.analyze_message(text, &options);
        assert!((0.0..=1.0).contains(&report.score));
        for s in report.signals.iter().chain(&report.counter_signals) {
            assert!(s.start <= s.end && s.end <= text.len());
            assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            assert_eq!(&text[s.start..s.end], s.text);
        }
    }
    for id in identifiers(text) {
        assert_eq!(&text[id.start..id.end], id.value);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn any_unicode_text_is_safe(text in "\\PC{0,200}") {
        check_spans(&text);
    }

    #[test]
    fn hostile_mixtures_are_safe(text in hostile_text()) {
        check_spans(&text);
    }

    #[test]
    fn any_export_parses(text in "\\PC{0,300}") {
        let export = parse_export(&text);
        prop_assert!(export.messages.len() <= text.lines().count() + 1);
    }
}

#[test]
fn phrases_spelled_out_letter_by_letter_are_read_as_their_words() {
    let detector = detector();
    for (plain, spaced) in [
        ("send me nudes", "s e n d  m e  n u d e s"),
        ("send me nudes", "s.e.n.d  m.e  n.u.d.e.s"),
        ("send me your nudes", "s e n d  me  y o u r n u d e s"),
        ("je vais envoyer la video a ta famille", "je vais e n v o y e r  la  v i d e o  a ta famille"),
    ] {
        let expected: Vec<_> = detector.analyze_message(plain, &Options::default()).signals.iter().map(|s| s.rule).collect();
        let got: Vec<_> = detector.analyze_message(spaced, &Options::default()).signals.iter().map(|s| s.rule).collect();
        assert!(!expected.is_empty(), "{plain}");
        assert_eq!(got, expected, "{spaced}");
        check_spans(spaced);
    }
}

#[test]
fn pathological_inputs_are_bounded() {
    let detector = detector();
    let huge = "ta famille ".repeat(200_000); // 2.2 MB of a repeated rule word
    let report = detector.analyze_message(&huge, &Options::default());
    assert!(report.truncated);
    let emoji = "📹🤫".repeat(50_000);
    detector.analyze_message(&emoji, &Options::default());
    let marks = format!("a{}", "\u{0301}".repeat(100_000));
    detector.analyze_message(&marks, &Options::default());
    let thread: Vec<ChatMessage> = (0..10_000)
        .map(|i| ChatMessage { id: i.to_string(), text: "envoie la vidéo à ta famille".into(), direction: if i % 2 == 0 { Direction::In } else { Direction::Out }, ..Default::default() })
        .collect();
    let report = detector.analyze_conversation(&thread, &Options::default());
    assert_eq!(report.messages.len(), 10_000);
}
