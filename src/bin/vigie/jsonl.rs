//! `vigie scan --jsonl`: one JSON object per line in, one per line out, same order.

use std::collections::HashMap;
use std::io::Write;
use std::process::ExitCode;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use vigie::{ChatMessage, Detector, Direction, Level, MessageReport, Options, Stage};

#[derive(Deserialize)]
struct InputLine {
    id: Value,
    text: String,
    #[serde(default)]
    direction: Option<Direction>,
    #[serde(default)]
    conversation: Option<Value>,
}

#[derive(Serialize)]
struct OutSignal<'a> {
    rule: &'a str,
    stage: Stage,
    start: usize,
    end: usize,
    text: &'a str,
    explain: &'a str,
}

#[derive(Serialize)]
struct OutputLine<'a> {
    id: &'a Value,
    level: Level,
    score: f32,
    stage: Option<Stage>,
    signals: Vec<OutSignal<'a>>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    truncated: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    conversation_level: Option<Level>,
    #[serde(skip_serializing_if = "Option::is_none")]
    context_level: Option<Level>,
    /// With `--packs`: the packs left out that could find more in this text.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    missing_packs: &'a [&'static str],
}

pub fn scan(detector: &Detector, input: &[u8], options: &Options) -> ExitCode {
    let mut parsed: Vec<InputLine> = Vec::new();
    let mut error = None;
    for (n, raw) in input.split(|&b| b == b'\n').enumerate() {
        let line = String::from_utf8_lossy(raw);
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match serde_json::from_str::<InputLine>(line) {
            Ok(item) => parsed.push(item),
            Err(e) => {
                error = Some(format!("line {}: invalid input: {e} (expected {{\"id\": …, \"text\": \"…\"}})", n + 1));
                break;
            }
        }
    }

    let reports: Vec<MessageReport> = parsed.iter().map(|l| detector.analyze_message(&l.text, options)).collect();
    // Conversation context for the lines that share a `conversation` value.
    let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, line) in parsed.iter().enumerate() {
        if let Some(c) = &line.conversation {
            groups.entry(c.to_string()).or_default().push(i);
        }
    }
    let mut conversation_level: Vec<Option<Level>> = vec![None; parsed.len()];
    let mut context_level: Vec<Option<Level>> = vec![None; parsed.len()];
    for indices in groups.values() {
        let messages: Vec<ChatMessage> = indices
            .iter()
            .map(|&i| ChatMessage { id: i.to_string(), text: parsed[i].text.clone(), direction: parsed[i].direction.unwrap_or_default(), ..Default::default() })
            .collect();
        let report = detector.analyze_conversation(&messages, options);
        for (verdict, &i) in report.messages.iter().zip(indices) {
            conversation_level[i] = Some(report.level);
            context_level[i] = Some(verdict.context_level);
        }
    }

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for (i, (line, report)) in parsed.iter().zip(&reports).enumerate() {
        // The user's own messages are never evidence, in a conversation or not.
        let own = line.direction == Some(Direction::Out);
        let output = OutputLine {
            id: &line.id,
            level: if own { Level::None } else { report.level },
            score: if own { 0.0 } else { report.score },
            stage: if own { None } else { report.stage },
            signals: if own {
                Vec::new()
            } else {
                report.signals.iter().map(|s| OutSignal { rule: s.rule, stage: s.stage, start: s.start, end: s.end, text: &s.text, explain: s.explain }).collect()
            },
            truncated: report.truncated,
            conversation_level: conversation_level[i],
            context_level: context_level[i],
            missing_packs: if own { &[] } else { &report.missing_packs },
        };
        let written = serde_json::to_writer(&mut out, &output).is_ok() && out.write_all(b"\n").is_ok();
        if !written {
            return ExitCode::from(1); // closed pipe: nothing more to say
        }
    }
    if out.flush().is_err() {
        return ExitCode::from(1);
    }
    drop(out);
    match error {
        Some(e) => {
            eprintln!("vigie: {e}");
            ExitCode::from(2)
        }
        None => ExitCode::SUCCESS,
    }
}
