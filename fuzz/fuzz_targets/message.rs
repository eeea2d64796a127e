//! Normalisation + message analysis on arbitrary bytes, read the way the extension and the CLI
//! read them: lossily decoded (invalid UTF-8 and lone surrogates become U+FFFD).
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigie::Options;
use vigie_fuzz::{check_message, check_normalized, detector};

fuzz_target!(init: { detector(); }, |data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let options = Options::default();
    let report = detector().analyze_message(&text, &options);
    check_message(&text, &report, &options);
    check_normalized(&text);
});
