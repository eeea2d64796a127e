//! The WebAssembly surface: the only module that knows about JavaScript. The extension's background
//! worker, the www playground and the browser tests all load this one package (`--target web`).
//!
//! Values cross as plain JS objects: read field by field (`input.rs`; texts through one buffer the
//! engine keeps, `js_text.rs`), written by one call per object into `results.js` (`output.rs`). Spans are converted to
//! UTF-16 code-unit offsets here, because that is what JavaScript strings index by; the Rust API
//! and the CLI speak UTF-8 bytes.

mod input;
mod js_strings;
mod js_text;
mod output;

use wasm_bindgen::prelude::*;

use crate::Detector;

/// Texts remembered per generation (see `Detector::remembering_recent_texts`): a few chats' worth
/// of the 200 newest messages the extension sends.
const RECENT_TEXTS: usize = 1024;

thread_local! {
    /// Every pack file given to an engine, kept as long as the page or worker lives: its bytes
    /// are the rules' text (ids, words) the verdicts refer to. The same file given again (the
    /// extension builds a new engine with one pack more) is kept once.
    static KEPT: std::cell::RefCell<Vec<&'static [u8]>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn kept(bytes: Vec<u8>) -> &'static [u8] {
    KEPT.with_borrow_mut(|kept| match kept.iter().find(|k| **k == bytes.as_slice()) {
        Some(k) => k,
        None => {
            let leaked: &'static [u8] = Box::leak(bytes.into_boxed_slice());
            kept.push(leaked);
            leaked
        }
    })
}

/// The engine, built once per worker start and kept for every request.
#[wasm_bindgen]
pub struct Engine {
    detector: Detector,
}

#[wasm_bindgen]
impl Engine {
    /// Builds the detector from the English and French packs compiled into the module, and the
    /// packs given: an array of the bytes of pack files (`packs/<lang>.pack` beside the module).
    /// The verdicts name, in `missing_packs`, the languages of packs not given that have words of
    /// a message; an engine built again with them reads those messages fully.
    #[wasm_bindgen(constructor)]
    pub fn new(packs: Option<js_sys::Array>) -> Result<Engine, JsError> {
        console_error_panic_hook::set_once();
        let files: Vec<&'static [u8]> = packs.iter().flat_map(|list| list.iter()).map(|bytes| kept(js_sys::Uint8Array::new(&bytes).to_vec())).collect();
        let detector = Detector::with_packs(files).map_err(|e| JsError::new(&format!("Engine: {e}")))?;
        // The extension sends a chat's newest messages with every request: each is read once.
        Ok(Engine { detector: detector.remembering_recent_texts(RECENT_TEXTS) })
    }

    /// The languages of the packs this engine reads with.
    pub fn languages(&self) -> Vec<String> {
        self.detector.languages().into_iter().map(String::from).collect()
    }

    /// The languages of the packs compiled into the module (the others are files to give).
    #[wasm_bindgen(js_name = compiledLanguages)]
    pub fn compiled_languages() -> Vec<String> {
        crate::compiled_languages().iter().map(|l| l.to_string()).collect()
    }

    /// The languages of every pack there is, compiled in or a file.
    #[wasm_bindgen(js_name = packLanguages)]
    pub fn pack_languages() -> Vec<String> {
        crate::pack_languages().iter().map(|l| l.to_string()).collect()
    }

    /// `{messages: [{id, text, direction: "in"|"out"|"unknown", sender?, time?}], options?:
    /// {sensitivity: "low"|"normal"|"high", minorMode: bool}}` → the conversation verdict.
    #[wasm_bindgen(js_name = analyzeConversation)]
    pub fn analyze_conversation(&self, input: JsValue) -> Result<JsValue, JsError> {
        let (messages, ids, options) = input::conversation(&input).map_err(|e| JsError::new(&format!("analyzeConversation: {e}")))?;
        let report = self.detector.analyze_conversation(&messages, &options);
        let texts: Vec<&str> = messages.iter().map(|m| m.text.as_str()).collect();
        Ok(output::conversation(&report, &texts, &ids))
    }

    /// One text on its own → `{level, score, stage, signals}` (UTF-16 spans).
    #[wasm_bindgen(js_name = analyzeMessage)]
    pub fn analyze_message(&self, text: JsValue, options: JsValue) -> Result<JsValue, JsError> {
        let options = input::options(&options).map_err(|e| JsError::new(&format!("analyzeMessage options: {e}")))?;
        js_text::with_text(&text, |text| {
            let report = self.detector.analyze_message(text, &options);
            output::message(&js_strings::js_str(""), text, &report, report.level)
        })
        .ok_or_else(|| JsError::new("analyzeMessage: the text must be a string"))
    }

    /// Identifiers worth keeping as evidence: `[{kind, value, start, end}]` (UTF-16 spans).
    pub fn identifiers(&self, text: &str) -> JsValue {
        output::identifiers(text, &crate::extract::identifiers(text))
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


