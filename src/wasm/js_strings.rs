//! Fixed strings of the crate (field names, rule ids, explanation keys, identifier kinds) as JS
//! strings, each made once: making one costs a crossing and a decode, and a 200-message
//! conversation would otherwise make thousands of the same few hundred.

use std::cell::RefCell;
use std::collections::HashMap;

use wasm_bindgen::JsValue;

thread_local! {
    /// By the address of the Rust string: every caller passes a `&'static str` of the crate.
    static MADE: RefCell<HashMap<usize, JsValue>> = RefCell::new(HashMap::new());
}

/// `text` as a JS string, made on first use.
pub fn js_str(text: &'static str) -> JsValue {
    MADE.with_borrow_mut(|made| made.entry(text.as_ptr() as usize).or_insert_with(|| JsValue::from_str(text)).clone())
}
