//! Writes the engine's answers (verdicts, identifiers) as plain JS objects. Each object is made by
//! one call into `results.js`, with levels and stages as numbers and the rules' fixed strings
//! converted once (`js_strings.rs`): serialising field by field cost a crossing per field and a
//! string decoded per word, two thirds of the time of a call on a short message.

use wasm_bindgen::prelude::*;

use super::js_strings::js_str;

use crate::extract::Identifier;
use crate::{ConversationReport, Level, MessageReport, Signal, Stage};

#[wasm_bindgen(module = "/src/wasm/results.js")]
extern "C" {
    fn vigie_signal(rule: &JsValue, stage: i32, start: u32, end: u32, text: &str, explain: &JsValue) -> JsValue;
    #[allow(clippy::too_many_arguments)]
    fn vigie_message(id: &JsValue, level: u32, context_level: u32, score: f32, stage: i32, signals: Vec<JsValue>, prevention: bool, truncated: bool, missing_packs: JsValue) -> JsValue;
    fn vigie_stage_reached(stage: i32, first_message: &str) -> JsValue;
    fn vigie_escalation(kind: &JsValue, message: &str, explain: &JsValue) -> JsValue;
    fn vigie_identifier(kind: &JsValue, value: &str, start: u32, end: u32) -> JsValue;
    #[allow(clippy::too_many_arguments)]
    fn vigie_conversation(level: u32, score: f32, stage: i32, stages: Vec<JsValue>, escalations: Vec<JsValue>, messages: Vec<JsValue>, missing_packs: JsValue) -> JsValue;
}

fn level(level: Level) -> u32 {
    level as u32
}

fn stage(stage: Option<Stage>) -> i32 {
    stage.map_or(-1, |s| s.index() as i32)
}

/// The offset in UTF-16 code units (what JavaScript strings index by) of byte `byte` of `text`.
pub(super) fn utf16_offset(text: &str, byte: usize) -> u32 {
    text.get(..byte).map(|s| s.encode_utf16().count()).unwrap_or(0) as u32
}

/// The languages of packs the engine has not loaded and the text has words of: `undefined` when
/// none (nearly always), so the answer's object gets no field.
fn missing_packs(langs: &[&'static str]) -> JsValue {
    if langs.is_empty() {
        return JsValue::UNDEFINED;
    }
    langs.iter().map(|l| js_str(l)).collect::<js_sys::Array>().into()
}

/// The signals of a message, with UTF-16 offsets into its text (what JavaScript strings index by).
fn signals(text: &str, signals: &[Signal]) -> Vec<JsValue> {
    signals
        .iter()
        .map(|s| vigie_signal(&js_str(s.rule), stage(Some(s.stage)), utf16_offset(text, s.start), utf16_offset(text, s.end), &s.text, &js_str(s.explain)))
        .collect()
}

/// `{id, level, context_level, score, stage, signals, prevention, truncated}`; `id` is passed back
/// as the JS string it came as, not decoded again.
pub fn message(id: &JsValue, text: &str, report: &MessageReport, context_level: Level) -> JsValue {
    vigie_message(
        id,
        level(report.level),
        level(context_level),
        report.score,
        stage(report.stage),
        signals(text, &report.signals),
        !report.counter_signals.is_empty(),
        report.truncated,
        missing_packs(&report.missing_packs),
    )
}

/// `{level, score, stage, stages, escalations, messages}`; `texts` and `ids` are the messages'
/// texts and ids, in order.
pub fn conversation(report: &ConversationReport, texts: &[&str], ids: &[JsValue]) -> JsValue {
    let messages = report.messages.iter().zip(texts).zip(ids).map(|((m, text), id)| message(id, text, &m.report, m.context_level)).collect();
    let stages = report.stages.iter().map(|s| vigie_stage_reached(stage(Some(s.stage)), &s.first_message)).collect();
    let escalations = report.escalations.iter().map(|e| vigie_escalation(&js_str(e.kind), &e.message, &js_str(e.explain))).collect();
    vigie_conversation(level(report.level), report.score, stage(report.stage), stages, escalations, messages, missing_packs(&report.missing_packs))
}

/// `[{kind, value, start, end}]`, with UTF-16 offsets into `text`.
pub fn identifiers(text: &str, identifiers: &[Identifier]) -> JsValue {
    let list: Vec<JsValue> = identifiers
        .iter()
        .map(|i| vigie_identifier(&js_str(i.kind.as_str()), &i.value, utf16_offset(text, i.start), utf16_offset(text, i.end)))
        .collect();
    list.into()
}
