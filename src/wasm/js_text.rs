//! JavaScript strings read into the engine through one buffer it keeps (`text_in.js`): each text is
//! encoded there natively, with no allocation per string and no character copied by JavaScript.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/wasm/text_in.js")]
extern "C" {
    fn vigie_text_memory(memory: &JsValue);
    fn vigie_write_text(value: &JsValue, at: u32, room: u32) -> i32;
}

/// Room for a chat message and most e-mails; a longer text makes it grow.
const FIRST_ROOM: usize = 16 * 1024;
/// The buffer goes back to its first size after a text that needed more than this.
const MAX_KEPT_ROOM: usize = 256 * 1024;

thread_local! {
    static BUFFER: RefCell<Option<Vec<u8>>> = const { RefCell::new(None) };
}

/// Calls `read` with `value` as text, or returns `None` when it is not a string.
pub fn with_text<R>(value: &JsValue, read: impl FnOnce(&str) -> R) -> Option<R> {
    BUFFER.with_borrow_mut(|buffer| {
        let buffer = buffer.get_or_insert_with(|| {
            vigie_text_memory(&wasm_bindgen::memory());
            vec![0; FIRST_ROOM]
        });
        let mut written = vigie_write_text(value, buffer.as_mut_ptr() as u32, buffer.len() as u32);
        if written == -1 {
            return None;
        }
        if written < -1 {
            buffer.resize((-2 - written as i64) as usize, 0);
            written = vigie_write_text(value, buffer.as_mut_ptr() as u32, buffer.len() as u32);
        }
        // The encoder writes UTF-8 (lone surrogates as U+FFFD); checked all the same rather than
        // trusted, and an impossible answer reads as no text.
        let text = buffer.get(..written.max(0) as usize).and_then(|bytes| std::str::from_utf8(bytes).ok());
        let answer = text.map(read);
        // A text of megabytes leaves no buffer of megabytes behind it.
        if buffer.len() > MAX_KEPT_ROOM {
            *buffer = vec![0; FIRST_ROOM];
        }
        answer
    })
}

/// `value` as an owned string, or `None` when it is not a string.
pub fn text(value: &JsValue) -> Option<String> {
    with_text(value, str::to_owned)
}
