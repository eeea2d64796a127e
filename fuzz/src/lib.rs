//! Invariants shared by the fuzz targets. Each check panics (so libFuzzer records a crash) when a
//! promise of the public API is broken:
//! - every span (signal, counter-signal, identifier, token) lies inside the analysed text, on
//!   character boundaries, and reads back exactly the text it reports;
//! - scores are numbers in 0..=1;
//! - a conversation report has one verdict per message, in order, and never holds the user's own
//!   messages against anyone.

use std::sync::OnceLock;

use vigie::chat::Export;
use vigie::extract::Identifier;
use vigie::{ChatMessage, ConversationReport, Detector, Direction, Level, MessageReport, Options, Sensitivity, Signal};

/// Built once per process: building it per input would fuzz the build, not the analysis.
pub fn detector() -> &'static Detector {
    static DETECTOR: OnceLock<Detector> = OnceLock::new();
    DETECTOR.get_or_init(Detector::new)
}

/// The options an input selects (two bytes: sensitivity, minor mode).
#[derive(Clone, Copy, Debug, arbitrary::Arbitrary)]
pub struct OptionBytes {
    pub sensitivity: u8,
    pub minor_mode: bool,
}

impl OptionBytes {
    pub fn options(self) -> Options {
        let sensitivity = match self.sensitivity % 3 {
            0 => Sensitivity::Normal,
            1 => Sensitivity::Low,
            _ => Sensitivity::High,
        };
        Options { sensitivity, minor_mode: self.minor_mode }
    }
}

pub fn check_span(text: &str, start: usize, end: usize, read: &str, what: &str) {
    assert!(start <= end, "{what}: start {start} > end {end}");
    assert!(end <= text.len(), "{what}: end {end} past the text ({} bytes)", text.len());
    assert!(text.is_char_boundary(start), "{what}: start {start} not on a char boundary");
    assert!(text.is_char_boundary(end), "{what}: end {end} not on a char boundary");
    assert_eq!(&text[start..end], read, "{what}: span {start}..{end} does not read back its text");
}

fn check_signal(text: &str, s: &Signal) {
    check_span(text, s.start, s.end, &s.text, s.rule);
    assert!(s.start < s.end, "{}: empty span at {}", s.rule, s.start);
    assert!(s.weight.is_finite() && s.weight > 0.0 && s.weight <= 1.0, "{}: weight {}", s.rule, s.weight);
}

fn check_score(score: f32, what: &str) {
    assert!((0.0..=1.0).contains(&score), "{what}: score {score} outside 0..=1");
}

/// A message report on `text`, analysed with `options`.
pub fn check_message(text: &str, report: &MessageReport, options: &Options) {
    check_score(report.score, "message");
    assert_eq!(report.truncated, text.len() > vigie::MAX_TEXT_BYTES, "truncated flag");
    for s in report.signals.iter().chain(&report.counter_signals) {
        check_signal(text, s);
    }
    assert!(report.signals.windows(2).all(|w| (w[0].start, w[0].end) <= (w[1].start, w[1].end)), "signals not in order");
    if report.signals.is_empty() {
        assert_eq!(report.level, Level::None, "a level without any signal");
        assert_eq!(report.stage, None, "a stage without any signal");
    }
    assert_eq!(report.level, Level::from_score(report.score, options), "level does not match score");
}

/// The normalised words of `text`: each remembers a span of the original text.
pub fn check_normalized(text: &str) {
    let n = detector().normalize(text);
    for t in &n.tokens {
        let (s, e) = (t.orig_start as usize, t.orig_end as usize);
        assert!(s <= e && e <= text.len(), "token span {s}..{e} outside the text ({} bytes)", text.len());
        assert!(text.is_char_boundary(s) && text.is_char_boundary(e), "token span {s}..{e} not on char boundaries");
        assert!(n.buffer.get(t.start as usize..t.end as usize).is_some(), "token {}..{} outside the buffer", t.start, t.end);
    }
    assert_eq!(n.truncated, text.len() > vigie::MAX_TEXT_BYTES, "normalised truncated flag");
}

/// Identifiers of `text`: inside the first MAX_TEXT_BYTES, in order, without overlaps, each
/// reading back its value.
pub fn check_identifiers(text: &str, ids: &[Identifier]) {
    for id in ids {
        check_span(text, id.start, id.end, &id.value, &format!("{:?}", id.kind));
        assert!(id.start < id.end, "{:?}: empty identifier at {}", id.kind, id.start);
        assert!(id.end <= vigie::MAX_TEXT_BYTES, "{:?}: identifier past MAX_TEXT_BYTES", id.kind);
    }
    for w in ids.windows(2) {
        assert!(w[0].end <= w[1].start, "identifiers overlap or are out of order: {:?} then {:?}", w[0], w[1]);
    }
}

/// A conversation report on `messages`.
pub fn check_conversation(messages: &[ChatMessage], report: &ConversationReport, options: &Options) {
    check_score(report.score, "conversation");
    assert_eq!(report.level, Level::from_score(report.score, options), "conversation level does not match score");
    assert_eq!(report.messages.len(), messages.len(), "one verdict per message");
    for (m, v) in messages.iter().zip(&report.messages) {
        assert_eq!(m.id, v.id, "verdicts in message order");
        assert_eq!(m.direction, v.direction);
        check_message(&m.text, &v.report, options);
        if m.direction == Direction::Out {
            assert!(v.report.signals.is_empty() && v.report.counter_signals.is_empty(), "the user's own message was analysed");
            assert_eq!(v.context_level, Level::None, "the user's own message has a level");
        } else {
            assert!(v.context_level >= v.report.level, "context lowered a message's level");
        }
    }
    for s in &report.stages {
        check_score(s.score, "stage");
        assert!(messages.iter().any(|m| m.id == s.first_message && m.direction != Direction::Out), "stage reached on an unknown or outgoing message");
    }
    for e in &report.escalations {
        assert!(messages.iter().any(|m| m.id == e.message && m.direction != Direction::Out), "escalation on an unknown or outgoing message");
    }
    if messages.iter().all(|m| m.direction == Direction::Out) {
        assert_eq!(report.level, Level::None, "a conversation of the user's own messages has a level");
    }
}

/// A parsed export of `text` (the BOM-stripped text is what line numbers count in).
pub fn check_export(text: &str, export: &Export) {
    let lines = text.strip_prefix('\u{FEFF}').unwrap_or(text).lines().count();
    let mut previous = 0;
    for m in &export.messages {
        assert!(m.line > previous, "message lines not increasing: {} after {previous}", m.line);
        assert!(m.line <= lines, "message line {} past the last line {lines}", m.line);
        previous = m.line;
        if let Some(t) = m.time {
            assert!(t.is_finite(), "time {t}");
        }
        if let Some(s) = &m.sender {
            assert!(!s.is_empty(), "empty sender");
        }
    }
    assert!(export.messages.len() + export.system_lines <= lines.max(1), "more messages than lines");
    let _ = export.senders();
}
