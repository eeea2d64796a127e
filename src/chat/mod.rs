//! Chat exports turned into ordered messages: WhatsApp (Android and iOS formats) and plain text.

mod plain;
mod whatsapp;

use serde::Serialize;

/// One message read from an export.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExportedMessage {
    pub sender: Option<String>,
    /// Milliseconds since 1970-01-01, read as UTC (exports carry no time zone).
    pub time: Option<f64>,
    pub text: String,
    /// 1-based line of the export where the message starts.
    pub line: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    WhatsappAndroid,
    WhatsappIos,
    /// `Name: text` lines.
    NamedLines,
    /// Paragraphs separated by blank lines, no sender.
    Paragraphs,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Export {
    pub format: ExportFormat,
    pub messages: Vec<ExportedMessage>,
    /// Lines the export marks as system notices (encryption notice, "X joined"), skipped.
    pub system_lines: usize,
}

/// Reads a chat export, recognising its format from its first lines.
pub fn parse_export(text: &str) -> Export {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    whatsapp::parse(text).unwrap_or_else(|| plain::parse(text))
}

impl Export {
    /// The distinct senders, in order of first appearance.
    pub fn senders(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for m in &self.messages {
            if let Some(s) = m.sender.as_deref() {
                if !out.contains(&s) {
                    out.push(s);
                }
            }
        }
        out
    }
}
