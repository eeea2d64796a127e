//! Reads the plain objects JavaScript passes in, field by field. Deserialising them with serde
//! pulled serde's error messages into the module, float formatting included: 16 KB gzipped of a
//! 275 KB module, for two small input shapes. Unknown fields are ignored, missing ones take their
//! default, a field of the wrong type is an error that names it.

use wasm_bindgen::JsValue;

use super::js_strings::js_str;
use super::js_text;
use crate::{ChatMessage, Direction, Options, Sensitivity};

fn field(object: &JsValue, name: &'static str) -> JsValue {
    js_sys::Reflect::get(object, &js_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn absent(value: &JsValue) -> bool {
    value.is_undefined() || value.is_null()
}

fn is_object(value: &JsValue) -> bool {
    value.is_object() && !js_sys::Array::is_array(value)
}

/// One of a few words: `default` when absent.
fn one_of<T: Copy>(value: JsValue, what: &str, choices: &[(&str, T)], default: T) -> Result<T, String> {
    let Some(word) = string(value, what)? else {
        return Ok(default);
    };
    choices.iter().find(|(name, _)| *name == word).map(|&(_, v)| v).ok_or_else(|| {
        let names: Vec<String> = choices.iter().map(|(name, _)| format!("{name:?}")).collect();
        format!("{what} must be {}, not {word:?}", names.join(" or "))
    })
}

/// `None` when absent, else what `read` finds in it, else the error.
fn optional<T>(value: JsValue, read: impl Fn(&JsValue) -> Option<T>, error: impl FnOnce() -> String) -> Result<Option<T>, String> {
    if absent(&value) {
        return Ok(None);
    }
    read(&value).map(Some).ok_or_else(error)
}

fn string(value: JsValue, what: &str) -> Result<Option<String>, String> {
    optional(value, JsValue::as_string, || format!("{what} must be a string"))
}

/// `{sensitivity?: "low"|"normal"|"high", minorMode?: boolean}`; `undefined` or `null` for the
/// defaults.
pub fn options(value: &JsValue) -> Result<Options, String> {
    if absent(value) {
        return Ok(Options::default());
    }
    if !is_object(value) {
        return Err("options must be an object".into());
    }
    let levels = [("low", Sensitivity::Low), ("normal", Sensitivity::Normal), ("high", Sensitivity::High)];
    let sensitivity = one_of(field(value, "sensitivity"), "sensitivity", &levels, Sensitivity::Normal)?;
    let minor_mode = optional(field(value, "minorMode"), JsValue::as_bool, || "minorMode must be true or false".into())?.unwrap_or(false);
    Ok(Options { sensitivity, minor_mode })
}

/// `{messages?: [{id?, text?, direction?: "in"|"out"|"unknown", sender?, time?}], options?}`;
/// also each message's id as the JS string it came as, for the answer (see `output.rs`).
pub fn conversation(value: &JsValue) -> Result<(Vec<ChatMessage>, Vec<JsValue>, Options), String> {
    if !is_object(value) {
        return Err("the input must be an object {messages, options}".into());
    }
    let list = field(value, "messages");
    let mut messages = Vec::new();
    let mut ids = Vec::new();
    if !absent(&list) {
        if !js_sys::Array::is_array(&list) {
            return Err("messages must be an array".into());
        }
        for (i, item) in js_sys::Array::from(&list).iter().enumerate() {
            let (message, id) = message(&item).map_err(|e| format!("messages[{i}]: {e}"))?;
            messages.push(message);
            ids.push(id);
        }
    }
    let options = options(&field(value, "options")).map_err(|e| format!("options: {e}"))?;
    Ok((messages, ids, options))
}

/// A message, and its id as a JS string (the one given, or "").
fn message(value: &JsValue) -> Result<(ChatMessage, JsValue), String> {
    if !is_object(value) {
        return Err("a message must be an object".into());
    }
    let directions = [("in", Direction::In), ("out", Direction::Out), ("unknown", Direction::Unknown)];
    let direction = one_of(field(value, "direction"), "direction", &directions, Direction::Unknown)?;
    let time = optional(field(value, "time"), JsValue::as_f64, || "time must be a number (milliseconds since 1970)".into())?;
    let id_value = field(value, "id");
    let id = string(id_value.clone(), "id")?;
    let message = ChatMessage {
        text: optional(field(value, "text"), js_text::text, || "text must be a string".into())?.unwrap_or_default(),
        direction,
        sender: string(field(value, "sender"), "sender")?,
        time,
        id: id.unwrap_or_default(),
    };
    let id_value = if absent(&id_value) { JsValue::from_str("") } else { id_value };
    Ok((message, id_value))
}
