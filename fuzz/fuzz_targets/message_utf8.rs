//! Normalisation + message analysis on valid UTF-8 exactly as the fuzzer wrote it (no U+FFFD
//! replacement), under every option: input = 2 option bytes (sensitivity, minor mode), then the
//! text (its longest valid UTF-8 prefix).
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use vigie_fuzz::{check_message, check_normalized, detector, OptionBytes};

fuzz_target!(init: { detector(); }, |data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(option_bytes) = OptionBytes::arbitrary(&mut u) else { return };
    let Ok(text) = <&str>::arbitrary_take_rest(u) else { return };
    let options = option_bytes.options();
    let report = detector().analyze_message(text, &options);
    check_message(text, &report, &options);
    check_normalized(text);
});
