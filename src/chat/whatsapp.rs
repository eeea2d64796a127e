//! WhatsApp's "Export chat" text. Android: `31/12/2024, 21:15 - Name: text` (some locales drop the
//! comma or write `à`; 12-hour clocks add AM/PM). iOS: `[31/12/2024, 21:15:30] Name: text`. A line
//! without a header continues the previous message; a header without `Name: ` is a system notice.

use super::{Export, ExportFormat, ExportedMessage};

struct Header<'a> {
    time: Option<f64>,
    rest: &'a str,
}

pub fn parse(text: &str) -> Option<Export> {
    let lines: Vec<&str> = text.lines().collect();
    let format = lines.iter().take(20).find_map(|l| {
        let l = clean(l);
        if ios_header(l).is_some() {
            Some(ExportFormat::WhatsappIos)
        } else if android_header(l).is_some() {
            Some(ExportFormat::WhatsappAndroid)
        } else {
            None
        }
    })?;
    let mut export = Export { format, messages: Vec::new(), system_lines: 0 };
    for (n, raw) in lines.iter().enumerate() {
        let line = clean(raw);
        let header = match format {
            ExportFormat::WhatsappIos => ios_header(line),
            _ => android_header(line),
        };
        match header {
            Some(h) => match split_sender(h.rest) {
                Some((sender, body)) => export.messages.push(ExportedMessage {
                    sender: Some(sender.to_string()),
                    time: h.time,
                    text: body.to_string(),
                    line: n + 1,
                }),
                None => export.system_lines += 1,
            },
            None => {
                if let Some(last) = export.messages.last_mut() {
                    last.text.push('\n');
                    last.text.push_str(raw.trim_end_matches('\r'));
                }
            }
        }
    }
    Some(export)
}

/// Drops the direction marks WhatsApp puts around names and times.
fn clean(line: &str) -> &str {
    line.trim_start_matches(['\u{200E}', '\u{200F}', '\u{FEFF}']).trim_end_matches('\r')
}

fn split_sender(rest: &str) -> Option<(&str, &str)> {
    let (name, body) = rest.split_once(": ")?;
    let name = name.trim_matches(['\u{200E}', '\u{202A}', '\u{202C}', ' ']);
    (!name.is_empty() && name.chars().count() <= 60).then_some((name, body))
}

fn ios_header(line: &str) -> Option<Header<'_>> {
    let inner = line.strip_prefix('[')?;
    let close = inner.find(']')?;
    let stamp = &inner[..close];
    let (date, time) = stamp.split_once(", ").or_else(|| stamp.split_once(' '))?;
    let when = timestamp(date, time.trim())?;
    Some(Header { time: Some(when), rest: inner[close + 1..].trim_start_matches([' ', '\u{200E}']) })
}

fn android_header(line: &str) -> Option<Header<'_>> {
    let (stamp, rest) = line.split_once(" - ")?;
    let (date, time) = stamp.split_once(", ").or_else(|| stamp.split_once(" à ")).or_else(|| stamp.split_once(' '))?;
    let when = timestamp(date, time.trim())?;
    Some(Header { time: Some(when), rest })
}

/// `dd/mm/yyyy` (or `dd.mm.yy`, or `m/d/yy` when the first number cannot be a day-month) and
/// `hh:mm[:ss][ AM|PM]` → milliseconds since the epoch.
fn timestamp(date: &str, time: &str) -> Option<f64> {
    let parts: Vec<u32> = date.split(['/', '.', '-']).map(|p| p.trim().parse().ok()).collect::<Option<_>>()?;
    let [a, b, y] = parts[..] else { return None };
    let (day, month) = if b > 12 { (b, a) } else { (a, b) };
    let year = if y < 100 { 2000 + y } else { y };
    if !(1..=31).contains(&day) || !(1..=12).contains(&month) || !(1970..=2200).contains(&year) {
        return None;
    }
    let lower = time.to_ascii_lowercase();
    let pm = lower.ends_with("pm") || lower.ends_with("p.m.");
    let am = lower.ends_with("am") || lower.ends_with("a.m.");
    let clock = lower.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '.' || c.is_whitespace() || c == '\u{202F}');
    let hms: Vec<u32> = clock.split(':').map(|p| p.trim().parse().ok()).collect::<Option<_>>()?;
    let (mut h, m, s) = match hms[..] {
        [h, m] => (h, m, 0),
        [h, m, s] => (h, m, s),
        _ => return None,
    };
    if pm && h < 12 {
        h += 12;
    }
    if am && h == 12 {
        h = 0;
    }
    if h > 23 || m > 59 || s > 60 {
        return None;
    }
    let days = days_from_civil(year as i64, month, day);
    Some(((days * 86_400 + (h * 3600 + m * 60 + s) as i64) * 1000) as f64)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::super::parse_export;
    use super::*;

    #[test]
    fn android_with_multiline_and_system_lines() {
        let text = "12/03/2024, 21:15 - Messages and calls are end-to-end encrypted.\n\
                    12/03/2024, 21:15 - Julie: Salut toi\n\
                    ça va ?\n\
                    12/03/2024, 21:16 - Marc: oui et toi\n";
        let e = parse_export(text);
        assert_eq!(e.format, ExportFormat::WhatsappAndroid);
        assert_eq!(e.system_lines, 1);
        assert_eq!(e.messages.len(), 2);
        assert_eq!(e.messages[0].text, "Salut toi\nça va ?");
        assert_eq!(e.messages[0].sender.as_deref(), Some("Julie"));
        assert_eq!(e.messages[1].time.unwrap() - e.messages[0].time.unwrap(), 60_000.0);
        assert_eq!(e.senders(), ["Julie", "Marc"]);
    }

    #[test]
    fn ios_with_seconds() {
        let text = "\u{200E}[12/03/2024, 21:15:30] Julie: Hello\n[12/03/2024, 21:16:00] Marc: hi\nsecond line\n";
        let e = parse_export(text);
        assert_eq!(e.format, ExportFormat::WhatsappIos);
        assert_eq!(e.messages.len(), 2);
        assert_eq!(e.messages[1].text, "hi\nsecond line");
        assert_eq!(e.messages[1].time.unwrap() - e.messages[0].time.unwrap(), 30_000.0);
    }

    #[test]
    fn us_twelve_hour_clock() {
        let e = parse_export("3/25/24, 9:05 PM - Ann: hey\n");
        assert_eq!(e.messages.len(), 1);
        // 2024-03-25 21:05 UTC
        assert_eq!(e.messages[0].time, Some(1_711_400_700_000.0));
    }

    #[test]
    fn epoch_arithmetic() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(timestamp("01/01/1970", "00:00"), Some(0.0));
    }

    #[test]
    fn not_whatsapp() {
        assert!(parse("Bonjour\nceci est un texte").is_none());
    }
}
