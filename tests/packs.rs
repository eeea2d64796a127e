//! The rule packs loaded on demand: the WebAssembly module carries English and French, and the
//! extension loads another language's pack when a verdict names it in `missing_packs`. That is
//! only right if a detector given those packs says exactly what the detector with every pack says.

use std::collections::HashMap;

use vigie::{ChatMessage, Detector, Direction, MessageReport, Options};

fn corpus_texts() -> Vec<(String, String)> {
    let mut texts = Vec::new();
    for entry in std::fs::read_dir("tests/corpus").expect("tests/corpus") {
        let path = entry.expect("corpus entry").path();
        if path.extension().is_some_and(|x| x == "jsonl") {
            for line in std::fs::read_to_string(&path).expect("corpus file").lines().filter(|l| !l.trim().is_empty()) {
                let item: serde_json::Value = serde_json::from_str(line).expect("corpus line");
                texts.push((item["id"].as_str().unwrap_or_default().to_string(), item["text"].as_str().unwrap_or_default().to_string()));
            }
        }
    }
    assert!(texts.len() > 400, "{} corpus texts", texts.len());
    texts
}

fn files(langs: &[&str]) -> Vec<&'static [u8]> {
    let all = Detector::compiled_pack_files();
    langs.iter().map(|l| all.iter().find(|(lang, _)| lang == l).unwrap_or_else(|| panic!("no {l} pack")).1).collect()
}

/// A report without the packs it asks for, to compare with the detector that has them all.
fn found(mut report: MessageReport) -> MessageReport {
    report.missing_packs.clear();
    report
}

#[test]
fn the_packs_a_verdict_asks_for_give_the_verdict_of_every_pack() {
    let every = Detector::new();
    assert_eq!(every.languages(), ["de", "en", "es", "fr", "it", "nl", "pt"]);
    let core = Detector::from_pack_files(files(&["en", "fr"])).expect("core packs");
    assert_eq!(core.languages(), ["en", "fr"]);
    let mut with: HashMap<Vec<&str>, Detector> = HashMap::new();
    let mut asked = HashMap::<&str, usize>::new();
    let options = Options::default();
    let texts = corpus_texts();
    for (id, text) in &texts {
        let full = every.analyze_message(text, &options);
        assert!(full.missing_packs.is_empty(), "{id}: every pack is loaded");
        let first = core.analyze_message(text, &options);
        if first.missing_packs.is_empty() {
            assert_eq!(first, full, "{id}: the core packs miss what another pack finds, without asking for it");
            continue;
        }
        for lang in &first.missing_packs {
            *asked.entry(lang).or_default() += 1;
        }
        let langs: Vec<&str> = ["en", "fr"].into_iter().chain(first.missing_packs.iter().copied()).collect();
        let detector = with.entry(first.missing_packs.clone()).or_insert_with(|| Detector::from_pack_files(files(&langs)).expect("packs"));
        let second = detector.analyze_message(text, &options);
        assert_eq!(found(second), full, "{id}: with {langs:?}");
    }
    // Every language's own corpus asks for its pack.
    for lang in ["de", "es", "it", "nl", "pt"] {
        let own = texts.iter().filter(|(id, _)| id.starts_with(&format!("{lang}-"))).count();
        assert!(asked.get(lang).copied().unwrap_or(0) * 2 > own, "{lang}: asked {:?} times for {own} texts", asked.get(lang));
    }
}

#[test]
fn ordinary_french_and_english_chat_rarely_needs_another_pack() {
    let core = Detector::from_pack_files(files(&["en", "fr"])).expect("core packs");
    let mut ordinary = Vec::new();
    for lang in ["fr", "en"] {
        for line in std::fs::read_to_string(format!("tests/corpus/{lang}.jsonl")).expect("corpus").lines().filter(|l| !l.trim().is_empty()) {
            let item: serde_json::Value = serde_json::from_str(line).expect("corpus line");
            if item["label"] == "benign" {
                ordinary.push(item["text"].as_str().unwrap_or_default().to_string());
            }
        }
    }
    let asking: Vec<_> = ordinary.iter().filter(|t| !core.analyze_message(t, &Options::default()).missing_packs.is_empty()).collect();
    println!("{} of {} ordinary French and English corpus texts ask for another pack", asking.len(), ordinary.len());
    // The extension loads a pack for these (scams and articles about them often do: other packs
    // have patterns of international words, "webcam", "bitcoin", "sextortion"); loading one for
    // most ordinary messages would make the split pointless.
    assert!(asking.len() * 5 < ordinary.len(), "{} of {}: {:?}", asking.len(), ordinary.len(), &asking[..asking.len().min(5)]);
}

#[test]
fn a_conversation_names_the_packs_its_incoming_messages_need() {
    let core = Detector::from_pack_files(files(&["en", "fr"])).expect("core packs");
    let message = |id: &str, text: &str, direction| ChatMessage { id: id.into(), text: text.into(), direction, ..Default::default() };
    let messages = [
        message("1", "Salut, tu vas bien ?", Direction::In),
        message("2", "Tengo el vídeo de tu videollamada, si no pagas lo mando a tu familia", Direction::In),
        message("3", "Ich habe dich gefilmt, ich schicke das Video an deine Familie", Direction::Out),
    ];
    let report = core.analyze_conversation(&messages, &Options::default());
    // (Spanish words can fit Portuguese and Italian patterns too: the packs to load are those.)
    assert!(report.missing_packs.contains(&"es"), "{:?}", report.missing_packs);
    assert!(!report.missing_packs.contains(&"de"), "outgoing messages are never evidence, so never need a pack");
    assert!(report.messages[0].report.missing_packs.is_empty());
    assert_eq!(report.missing_packs, report.messages[1].report.missing_packs);
    let files_needed = files(&report.missing_packs);
    let full = Detector::with_packs(files_needed).expect("packs").analyze_conversation(&messages, &Options::default());
    assert!(full.missing_packs.is_empty(), "{:?}", full.missing_packs);
    assert!(full.messages[1].report.signals.iter().any(|s| s.rule.starts_with("es.")));
    assert_eq!(full, Detector::new().analyze_conversation(&messages, &Options::default()));
}

#[test]
fn packs_read_in_any_order_give_the_same_detector() {
    let a = Detector::from_pack_files(files(&["pt", "fr", "de", "en"])).expect("packs");
    let b = Detector::from_pack_files(files(&["de", "en", "fr", "pt", "pt"])).expect("packs");
    assert_eq!(a.languages(), ["de", "en", "fr", "pt"]);
    assert_eq!(a.languages(), b.languages());
    for (_, text) in corpus_texts().iter().take(200) {
        assert_eq!(a.analyze_message(text, &Options::default()), b.analyze_message(text, &Options::default()));
    }
}

#[test]
fn a_file_that_is_not_a_pack_is_an_error() {
    let bytes: &'static [u8] = b"VIGIEPK1\x02es\x00\x00";
    assert!(Detector::with_packs(vec![bytes]).is_err());
    assert!(Detector::with_packs(vec![b"<html>not a pack</html>"]).is_err());
    let good = files(&["it"])[0];
    let mut shifted = good.to_vec();
    // A section that claims more bytes than there are.
    shifted[8 + 3] = 0xff;
    assert!(Detector::with_packs(vec![Box::leak(shifted.into_boxed_slice())]).is_err());
}
