//! `vigie scan FILE`: a conversation report a person can read, or its JSON form.

use std::io::IsTerminal;
use std::process::ExitCode;

use vigie::chat::{parse_export, ExportFormat};
use vigie::{explanation, ChatMessage, Detector, Direction, Level};

use crate::args::Args;
use crate::timefmt::format_ms;

/// Appends a line to the report being built (written in one go, so a closed pipe is not a panic).
macro_rules! say {
    ($o:expr, $($t:tt)*) => {{
        use std::fmt::Write as _;
        let _ = writeln!($o, $($t)*);
    }};
}

pub fn scan_file(detector: &Detector, path: &str, text: &str, args: &Args) -> ExitCode {
    let mut o = String::new();
    let code = write_report(&mut o, detector, path, text, args);
    crate::emit(&o);
    code
}

fn write_report(o: &mut String, detector: &Detector, path: &str, text: &str, args: &Args) -> ExitCode {
    let export = parse_export(text);
    let senders = export.senders();
    if let Some(me) = &args.me {
        if !senders.iter().any(|s| s == me) {
            eprintln!("vigie: --me {me:?} is not a sender of {path} (senders: {})", senders.join(", "));
            return ExitCode::from(2);
        }
    }
    let messages: Vec<ChatMessage> = export
        .messages
        .iter()
        .enumerate()
        .map(|(i, m)| ChatMessage {
            id: format!("{}", i + 1),
            text: m.text.clone(),
            direction: match (&args.me, &m.sender) {
                (Some(me), Some(s)) if s == me => Direction::Out,
                (Some(_), _) => Direction::In,
                _ => Direction::Unknown,
            },
            sender: m.sender.clone(),
            time: m.time,
        })
        .collect();
    let report = detector.analyze_conversation(&messages, &args.options);

    if args.json {
        let value = serde_json::json!({ "file": path, "format": export.format, "senders": senders, "report": report });
        say!(o, "{}", serde_json::to_string_pretty(&value).unwrap_or_default());
        return ExitCode::SUCCESS;
    }

    let lang = args.lang.as_str();
    let fr = lang == "fr";
    let color = std::io::stdout().is_terminal();
    let format = match export.format {
        ExportFormat::WhatsappAndroid => "WhatsApp (Android)",
        ExportFormat::WhatsappIos => "WhatsApp (iOS)",
        ExportFormat::NamedLines => if fr { "texte « Nom : message »" } else { "\"Name: text\" lines" },
        ExportFormat::Paragraphs => if fr { "paragraphes" } else { "paragraphs" },
    };
    say!(o, "Vigie — {path}");
    say!(o, "  {format}, {} messages{}", messages.len(), if senders.is_empty() { String::new() } else { format!(", {}", senders.join(" · ")) });
    match &args.me {
        Some(me) => say!(o, "  {} {me}", if fr { "Vous êtes :" } else { "You are:" }),
        None if senders.len() > 1 => say!(o, 
            "  {}",
            if fr { "Astuce : --me NOM indique qui vous êtes ; sans cela, tous les messages sont analysés." } else { "Tip: --me NAME says which sender is you; without it every message is analysed." }
        ),
        None => {}
    }
    say!(o, "");
    let level = level_word(report.level, fr);
    say!(o, "{} {}", if fr { "Niveau de risque :" } else { "Risk level:" }, paint(&level, report.level, color));
    if !report.stages.is_empty() {
        let path: Vec<&str> = report.stages.iter().map(|s| stage_word(s.stage.as_str(), fr)).collect();
        say!(o, "{} {}", if fr { "Étapes atteintes :" } else { "Stages reached:" }, path.join(" → "));
    }
    for e in &report.escalations {
        say!(o, "  ! {} (message {})", explanation(e.explain, lang), e.message);
    }
    let flagged: Vec<_> = report.messages.iter().zip(&messages).filter(|(v, _)| v.context_level > Level::None).collect();
    if !flagged.is_empty() {
        say!(o, "\n{}", if fr { "Messages signalés :" } else { "Flagged messages:" });
    }
    for (verdict, message) in flagged {
        let when = message.time.map(format_ms).unwrap_or_default();
        let who = message.sender.as_deref().unwrap_or("");
        say!(o, 
            "\n  #{} {when} {who} — {}{}",
            verdict.id,
            paint(&level_word(verdict.context_level, fr), verdict.context_level, color),
            verdict.report.stage.map(|s| format!(" ({})", stage_word(s.as_str(), fr))).unwrap_or_default()
        );
        say!(o, "    {}", highlight(&message.text, &verdict.report.signals, color).replace('\n', "\n    "));
        let mut said = Vec::new();
        for s in &verdict.report.signals {
            if !said.contains(&s.explain) {
                said.push(s.explain);
                say!(o, "    → {}", explanation(s.explain, lang));
            }
        }
    }
    say!(o, "");
    if report.level >= Level::Warning {
        if fr {
            say!(o, "Que faire maintenant : ne payez pas, arrêtez de répondre, gardez toutes les preuves (captures, pseudonymes, liens).");
            say!(o, "Signaler : internet-signalement.gouv.fr (PHAROS) · 17Cyber · 3018 pour les jeunes. Conseils : www/ de Vigie.");
        } else {
            say!(o, "What to do now: do not pay, stop replying, keep all the evidence (screenshots, usernames, links).");
            say!(o, "Report: your national police reporting service; StopNCII.org (adults) or Take It Down (minors) for removal.");
        }
    } else if report.level == Level::None {
        say!(o, "{}", if fr { "Rien d'inquiétant n'a été trouvé." } else { "Nothing worrying was found." });
    }
    ExitCode::SUCCESS
}

fn level_word(level: Level, fr: bool) -> String {
    match (level, fr) {
        (Level::None, true) => "aucun",
        (Level::None, false) => "none",
        (Level::Caution, true) => "prudence",
        (Level::Caution, false) => "caution",
        (Level::Warning, true) => "attention",
        (Level::Warning, false) => "warning",
        (Level::Danger, true) => "DANGER",
        (Level::Danger, false) => "DANGER",
    }
    .to_string()
}

fn stage_word(stage: &str, fr: bool) -> &'static str {
    match (stage, fr) {
        ("contact", true) => "premier contact",
        ("contact", false) => "contact",
        ("isolation", true) => "isolement",
        ("isolation", false) => "isolation",
        ("trap", true) => "piège (webcam/photos)",
        ("trap", false) => "trap (webcam/photos)",
        ("blackmail", true) => "chantage",
        ("blackmail", false) => "blackmail",
        ("payment", true) => "demande d'argent",
        (_, true) => "paiement",
        (_, false) => "payment",
    }
}

fn paint(text: &str, level: Level, color: bool) -> String {
    if !color {
        return text.to_string();
    }
    let code = match level {
        Level::None => "32",
        Level::Caution => "33",
        Level::Warning => "38;5;208",
        Level::Danger => "1;31",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}

/// The message with the phrases that fired marked: bold on a terminal, «…» otherwise.
fn highlight(text: &str, signals: &[vigie::Signal], color: bool) -> String {
    let mut spans: Vec<(usize, usize)> = signals.iter().map(|s| (s.start, s.end)).collect();
    spans.sort_unstable();
    let mut out = String::new();
    let mut at = 0;
    for (s, e) in spans {
        if s < at || e > text.len() {
            continue;
        }
        out.push_str(&text[at..s]);
        let (open, close) = if color { ("\x1b[1;4m", "\x1b[0m") } else { ("«", "»") };
        out.push_str(open);
        out.push_str(&text[s..e]);
        out.push_str(close);
        at = e;
    }
    out.push_str(&text[at..]);
    out
}
