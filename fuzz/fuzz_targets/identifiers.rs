//! Identifier extraction (Bitcoin addresses, e-mails, phones, links, amounts, payment codes):
//! every span reads back its value, in order, without overlaps.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigie_fuzz::check_identifiers;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let ids = vigie::extract::identifiers(&text);
    check_identifiers(&text, &ids);
});
