//! The WebAssembly surface: the only module that knows about JavaScript. The extension's background
//! worker, the www playground and the browser tests all load this one package (`--target web`).
//!
//! Values cross as plain JS objects: read field by field (`input.rs`), written with
//! serde-wasm-bindgen (JSON-compatible). Spans are converted to
//! UTF-16 code-unit offsets here, because that is what JavaScript strings index by; the Rust API
//! and the CLI speak UTF-8 bytes.

mod input;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::{Detector, Level, Signal, Stage};

/// The engine, built once per worker start and kept for every request.
#[wasm_bindgen]
pub struct Engine {
    detector: Detector,
}

#[derive(Serialize)]
struct JsSignal {
    rule: &'static str,
    stage: Stage,
    /// UTF-16 offsets into the message text.
    start: usize,
    end: usize,
    text: String,
    explain: &'static str,
}

#[derive(Serialize)]
struct JsMessage {
    id: String,
    level: Level,
    context_level: Level,
    score: f32,
    stage: Option<Stage>,
    signals: Vec<JsSignal>,
    prevention: bool,
    truncated: bool,
}

#[derive(Serialize)]
struct JsStage {
    stage: Stage,
    first_message: String,
}

#[derive(Serialize)]
struct JsEscalation {
    kind: &'static str,
    message: String,
    explain: &'static str,
}

#[derive(Serialize)]
struct JsConversation {
    level: Level,
    score: f32,
    stage: Option<Stage>,
    stages: Vec<JsStage>,
    escalations: Vec<JsEscalation>,
    messages: Vec<JsMessage>,
}

fn utf16_offset(text: &str, byte: usize) -> usize {
    text.get(..byte).map(|s| s.encode_utf16().count()).unwrap_or(0)
}

fn js_signals(text: &str, signals: &[Signal]) -> Vec<JsSignal> {
    signals
        .iter()
        .map(|s| JsSignal { rule: s.rule, stage: s.stage, start: utf16_offset(text, s.start), end: utf16_offset(text, s.end), text: s.text.clone(), explain: s.explain })
        .collect()
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| JsError::new(&e.to_string()))
}

#[wasm_bindgen]
impl Engine {
    /// Builds the detector from the rule tables compiled into the module.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Engine {
        console_error_panic_hook::set_once();
        Engine { detector: Detector::new() }
    }

    /// `{messages: [{id, text, direction: "in"|"out"|"unknown", sender?, time?}], options?:
    /// {sensitivity: "low"|"normal"|"high", minorMode: bool}}` → the conversation verdict.
    #[wasm_bindgen(js_name = analyzeConversation)]
    pub fn analyze_conversation(&self, input: JsValue) -> Result<JsValue, JsError> {
        let (messages, options) = input::conversation(&input).map_err(|e| JsError::new(&format!("analyzeConversation: {e}")))?;
        let report = self.detector.analyze_conversation(&messages, &options);
        let messages = report
            .messages
            .iter()
            .zip(&messages)
            .map(|(v, m)| JsMessage {
                id: v.id.clone(),
                level: v.report.level,
                context_level: v.context_level,
                score: v.report.score,
                stage: v.report.stage,
                signals: js_signals(&m.text, &v.report.signals),
                prevention: !v.report.counter_signals.is_empty(),
                truncated: v.report.truncated,
            })
            .collect();
        to_js(&JsConversation {
            level: report.level,
            score: report.score,
            stage: report.stage,
            stages: report.stages.into_iter().map(|s| JsStage { stage: s.stage, first_message: s.first_message }).collect(),
            escalations: report.escalations.into_iter().map(|e| JsEscalation { kind: e.kind, message: e.message, explain: e.explain }).collect(),
            messages,
        })
    }

    /// One text on its own → `{level, score, stage, signals}` (UTF-16 spans).
    #[wasm_bindgen(js_name = analyzeMessage)]
    pub fn analyze_message(&self, text: &str, options: JsValue) -> Result<JsValue, JsError> {
        let options = input::options(&options).map_err(|e| JsError::new(&format!("analyzeMessage options: {e}")))?;
        let r = self.detector.analyze_message(text, &options);
        to_js(&JsMessage {
            id: String::new(),
            level: r.level,
            context_level: r.level,
            score: r.score,
            stage: r.stage,
            signals: js_signals(text, &r.signals),
            prevention: !r.counter_signals.is_empty(),
            truncated: r.truncated,
        })
    }

    /// Identifiers worth keeping as evidence: `[{kind, value, start, end}]` (UTF-16 spans).
    pub fn identifiers(&self, text: &str) -> Result<JsValue, JsError> {
        let ids: Vec<_> = crate::extract::identifiers(text)
            .into_iter()
            .map(|mut i| {
                i.start = utf16_offset(text, i.start);
                i.end = utf16_offset(text, i.end);
                i
            })
            .collect();
        to_js(&ids)
    }

    /// The plain-language sentence for an explanation key (`fr`, `en`, `es`; English otherwise).
    pub fn explanation(&self, key: &str, lang: &str) -> String {
        crate::explanation(key, lang).to_string()
    }

    /// The crate version, for the popup's "about" line.
    pub fn version(&self) -> String {
        env!("CARGO_PKG_VERSION").to_string()
    }
}

impl Default for Engine {
    fn default() -> Self {
        Engine::new()
    }
}
