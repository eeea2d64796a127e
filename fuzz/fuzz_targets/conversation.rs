//! Conversation analysis on messages, directions, ids and times drawn from the input.
//!
//! Input layout (so that seeds can be written by hand, see seeds.py): 2 option bytes
//! (sensitivity, minor mode), then messages separated by the byte 0x1E (ASCII record separator).
//! Each message is read with `arbitrary`: a `Meta` (id byte, direction byte, optional f64 time,
//! optional sender), then the rest of the record is the text, decoded lossily.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use vigie::{ChatMessage, Direction};
use vigie_fuzz::{check_conversation, detector, OptionBytes};

#[derive(Arbitrary, Debug)]
struct Meta {
    id: u8,
    direction: u8,
    /// Milliseconds since the epoch, any bit pattern (NaN, infinities, negative, huge).
    time: Option<f64>,
    sender: bool,
}

fuzz_target!(init: { detector(); }, |data: &[u8]| {
    let (head, body) = data.split_at(data.len().min(2));
    let Ok(option_bytes) = OptionBytes::arbitrary(&mut Unstructured::new(head)) else { return };
    let options = option_bytes.options();
    let mut messages = Vec::new();
    if !body.is_empty() {
        for record in body.split(|&b| b == 0x1E) {
            let mut u = Unstructured::new(record);
            let Ok(meta) = Meta::arbitrary(&mut u) else { return };
            let rest = u.take_rest();
            let direction = match meta.direction % 3 {
                0 => Direction::In,
                1 => Direction::Out,
                _ => Direction::Unknown,
            };
            messages.push(ChatMessage {
                id: meta.id.to_string(),
                text: String::from_utf8_lossy(rest).into_owned(),
                direction,
                sender: meta.sender.then(|| "them".to_string()),
                time: meta.time,
            });
        }
    }
    let report = detector().analyze_conversation(&messages, &options);
    check_conversation(&messages, &report, &options);
});
