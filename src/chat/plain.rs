//! Plain text: `Name: text` lines when most lines look like that, otherwise paragraphs.

use super::{Export, ExportFormat, ExportedMessage};

pub fn parse(text: &str) -> Export {
    let lines: Vec<&str> = text.lines().collect();
    let non_empty = lines.iter().filter(|l| !l.trim().is_empty()).count();
    let named = lines.iter().filter(|l| named_line(l).is_some()).count();
    if non_empty > 0 && named * 2 > non_empty {
        let mut messages: Vec<ExportedMessage> = Vec::new();
        for (n, line) in lines.iter().enumerate() {
            match named_line(line) {
                Some((sender, body)) => messages.push(ExportedMessage { sender: Some(sender.into()), time: None, text: body.into(), line: n + 1 }),
                None if !line.trim().is_empty() => {
                    if let Some(last) = messages.last_mut() {
                        last.text.push('\n');
                        last.text.push_str(line);
                    }
                }
                None => {}
            }
        }
        return Export { format: ExportFormat::NamedLines, messages, system_lines: 0 };
    }
    let mut messages = Vec::new();
    let mut current: Option<ExportedMessage> = None;
    for (n, line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            messages.extend(current.take());
        } else if let Some(m) = current.as_mut() {
            m.text.push('\n');
            m.text.push_str(line);
        } else {
            current = Some(ExportedMessage { sender: None, time: None, text: (*line).into(), line: n + 1 });
        }
    }
    messages.extend(current);
    Export { format: ExportFormat::Paragraphs, messages, system_lines: 0 }
}

fn named_line(line: &str) -> Option<(&str, &str)> {
    let (name, body) = line.split_once(": ")?;
    let name = name.trim();
    let ok = !name.is_empty() && name.chars().count() <= 30 && name.split_whitespace().count() <= 3 && !name.contains(['.', '!', '?', ',']);
    ok.then_some((name, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_lines() {
        let e = parse("Alex: salut\nMoi: coucou\ntu vas bien ?\n");
        assert_eq!(e.format, ExportFormat::NamedLines);
        assert_eq!(e.messages.len(), 2);
        assert_eq!(e.messages[1].text, "coucou\ntu vas bien ?");
    }

    #[test]
    fn paragraphs() {
        let e = parse("Premier message\nsur deux lignes\n\nSecond message: avec deux-points dans une phrase.\n");
        assert_eq!(e.format, ExportFormat::Paragraphs);
        assert_eq!(e.messages.len(), 2);
        assert_eq!(e.messages[0].line, 1);
        assert_eq!(e.messages[1].line, 4);
    }
}
