//! Conversation analysis, driven by the data files in `tests/conversations/`: each file is a
//! conversation (who wrote each message, minutes since the first) and what Vigie must conclude:
//! the overall level, the stages reached, the escalations, and per-message context levels.

use serde::Deserialize;
use vigie::{ChatMessage, Detector, Direction, Level, Options};

#[derive(Deserialize)]
struct Case {
    name: String,
    #[serde(default)]
    minor_mode: bool,
    expect: Expect,
    message: Vec<Message>,
}

#[derive(Deserialize)]
struct Expect {
    level: Level,
    #[serde(default)]
    max_level: Option<Level>,
    #[serde(default)]
    stages: Vec<String>,
    #[serde(default)]
    escalations: Vec<String>,
}

#[derive(Deserialize)]
struct Message {
    from: Direction,
    text: String,
    #[serde(default)]
    minute: Option<f64>,
    #[serde(default)]
    context: Option<Level>,
}

#[test]
fn conversations_reach_the_expected_verdict() {
    let detector = Detector::new();
    let mut problems = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir("tests/conversations").expect("tests/conversations").filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    let mut checked = 0;
    for path in files.iter().filter(|p| p.extension().is_some_and(|e| e == "toml")) {
        let case: Case = toml::from_str(&std::fs::read_to_string(path).expect("read")).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        checked += 1;
        let messages: Vec<ChatMessage> = case
            .message
            .iter()
            .enumerate()
            .map(|(i, m)| ChatMessage { id: format!("m{}", i + 1), text: m.text.clone(), direction: m.from, sender: None, time: m.minute.map(|x| x * 60_000.0) })
            .collect();
        let options = Options { minor_mode: case.minor_mode, ..Options::default() };
        let report = detector.analyze_conversation(&messages, &options);
        let name = format!("{} ({})", case.name, path.display());
        let max = case.expect.max_level.unwrap_or(case.expect.level);
        if report.level < case.expect.level || report.level > max {
            problems.push(format!("{name}: level {:?}, expected {:?}..={max:?}", report.level, case.expect.level));
        }
        let reached: Vec<&str> = report.stages.iter().map(|s| s.stage.as_str()).collect();
        for stage in &case.expect.stages {
            if !reached.contains(&stage.as_str()) {
                problems.push(format!("{name}: stage {stage} not reached (reached {reached:?})"));
            }
        }
        let kinds: Vec<&str> = report.escalations.iter().map(|e| e.kind).collect();
        for kind in &case.expect.escalations {
            if !kinds.contains(&kind.as_str()) {
                problems.push(format!("{name}: escalation {kind} missing (found {kinds:?})"));
            }
        }
        for (i, (m, verdict)) in case.message.iter().zip(&report.messages).enumerate() {
            if m.from == Direction::Out && verdict.context_level != Level::None {
                problems.push(format!("{name}: message {} is the user's own and must never be flagged", i + 1));
            }
            if let Some(want) = m.context {
                if verdict.context_level != want {
                    problems.push(format!("{name}: message {} context level {:?}, expected {want:?}", i + 1, verdict.context_level));
                }
            }
        }
    }
    assert!(checked >= 6, "expected the conversation cases, found {checked}");
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn the_same_conversation_gives_the_same_report() {
    let detector = Detector::new();
    let messages = vec![
        ChatMessage { id: "1".into(), text: "J'ai tout enregistré, je vais envoyer la vidéo à ta famille".into(), ..Default::default() },
        ChatMessage { id: "2".into(), text: "Envoie 300 euros en PCS".into(), ..Default::default() },
    ];
    let a = detector.analyze_conversation(&messages, &Options::default());
    let b = detector.analyze_conversation(&messages, &Options::default());
    assert_eq!(a, b);
}

/// Every conversation case, as the extension sends them: the thread again and again with one more
/// message each time, with options changing between requests. A detector remembering recent texts
/// (a memo small enough to turn over during the run) gives exactly the reports of one that does not.
#[test]
fn remembering_recent_texts_changes_no_report() {
    let plain = Detector::new();
    let remembering = Detector::new().remembering_recent_texts(8);
    let mut texts: Vec<(String, Direction)> = Vec::new();
    for path in std::fs::read_dir("tests/conversations").expect("tests/conversations").filter_map(|e| e.ok().map(|e| e.path())) {
        if path.extension().is_some_and(|e| e == "toml") {
            let case: Case = toml::from_str(&std::fs::read_to_string(&path).expect("read")).expect("case");
            texts.extend(case.message.into_iter().map(|m| (m.text, m.from)));
        }
    }
    assert!(texts.len() > 40, "{} messages", texts.len());
    let option_sets = [Options::default(), Options { minor_mode: true, ..Options::default() }, Options { sensitivity: vigie::Sensitivity::High, ..Options::default() }];
    let mut compared = 0;
    for end in 1..=texts.len() {
        let window: Vec<ChatMessage> = texts[end.saturating_sub(20)..end]
            .iter()
            .enumerate()
            .map(|(i, (text, from))| ChatMessage { id: format!("m{i}"), text: text.clone(), direction: *from, ..Default::default() })
            .collect();
        let options = &option_sets[end % option_sets.len()];
        assert_eq!(remembering.analyze_conversation(&window, options), plain.analyze_conversation(&window, options), "window ending at {end}");
        compared += 1;
    }
    assert_eq!(compared, texts.len());
}
