//! Chat export parsing (WhatsApp Android and iOS, named lines, paragraphs) on arbitrary bytes,
//! lossily decoded as the CLI does with a file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigie_fuzz::check_export;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let export = vigie::chat::parse_export(&text);
    check_export(&text, &export);
});
