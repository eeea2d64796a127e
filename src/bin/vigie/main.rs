//! `vigie`: the Vigie engine on the command line. Reads files or standard input, writes nothing
//! but standard output and standard error, and never touches the network.

mod args;
mod jsonl;
mod report;
mod timefmt;

use std::io::Read;
use std::process::ExitCode;

use args::{Args, Command};
use vigie::Detector;

const HELP: &str = "\
vigie — recognises the sextortion playbook in chat messages and e-mails.
Everything runs locally: nothing you scan leaves this computer.

USAGE
  vigie scan --jsonl [FILE]        JSON Lines in (standard input without FILE), JSON Lines out
  vigie scan FILE [--json]         a chat export or text file → a readable report (--json: machine form)
  vigie eval FILE... [--failures]  precision / recall on labelled JSON Lines (id, lang, label, category, text)
  vigie rules                      the compiled rule tables as JSON (for tools and the JS benchmark)
  vigie --help | --version

SCAN --jsonl
  Each input line: {\"id\": string, \"text\": string, \"lang\"?: string, \"direction\"?: \"in\"|\"out\",
  \"conversation\"?: string}. Each output line, same order:
  {\"id\", \"level\", \"score\", \"stage\", \"signals\": [{\"rule\", \"stage\", \"start\", \"end\", \"text\", \"explain\"}]}
  level is none|caution|warning|danger; stage is null when nothing fired; start/end are byte offsets
  into the input text. Lines sharing a `conversation` are also analysed together (only incoming
  messages count as evidence) and carry `conversation_level` and `context_level`.
  Empty lines are skipped. Invalid UTF-8 is replaced by U+FFFD before analysis (offsets refer to
  the decoded text). Texts over 64 KiB are analysed on their first 64 KiB and carry \"truncated\": true.
  Invalid JSON on line N: every line before it is answered, then an error naming line N goes to
  standard error and the exit code is 2.

SCAN FILE
  Recognises WhatsApp exports (Android `31/12/2024, 21:15 - Name: text`, iOS
  `[31/12/2024, 21:15:30] Name: text`, multi-line messages, system lines skipped), `Name: text`
  lines, or paragraphs separated by blank lines.
  --me NAME      which sender is you: your messages are never evidence against anyone
                 (without it, with two senders, Vigie asks you to choose; it analyses every message)
  --json         the full conversation report as JSON

OPTIONS (scan and eval)
  --sensitivity low|normal|high   fewer or more warnings (default normal)
  --minor                         minor mode: grooming signs weigh more
  --lang fr|en                    language of explanations (default: from $LANG)
  --packs en,fr                   only these languages' rule packs, as the browser extension
                                  before it loads others (verdicts name them in missing_packs)
  --level caution|warning|danger  eval: the level that counts as flagged (default caution)
  --failures                      eval: list the items the engine gets wrong

EXIT CODES
  0 success · 1 cannot read a file · 2 bad input or bad arguments
";

fn main() -> ExitCode {
    let args = match Args::parse(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("vigie: {e}\nTry `vigie --help`.");
            return ExitCode::from(2);
        }
    };
    let detector = match &args.packs {
        None => Detector::new(),
        Some(langs) => match packs_only(langs) {
            Ok(d) => d,
            Err(e) => return fail(2, &e),
        },
    };
    match &args.command {
        Command::Help => {
            emit(HELP);
            ExitCode::SUCCESS
        }
        Command::Version => {
            emit(&format!("vigie {}\n", env!("CARGO_PKG_VERSION")));
            ExitCode::SUCCESS
        }
        Command::ScanJsonl { file } => match read_input(file.as_deref()) {
            Ok(bytes) => jsonl::scan(&detector, &bytes, &args.options),
            Err(e) => fail(1, &e),
        },
        Command::ScanFile { file } => match read_input(Some(file)) {
            Ok(bytes) => report::scan_file(&detector, file, &String::from_utf8_lossy(&bytes), &args),
            Err(e) => fail(1, &e),
        },
        Command::Rules => {
            emit(&format!("{}\n", vigie::compiled_tables()));
            ExitCode::SUCCESS
        }
        Command::Eval { files, failures, level } => {
            for file in files {
                let text = match read_input(Some(file)) {
                    Ok(b) => String::from_utf8_lossy(&b).into_owned(),
                    Err(e) => return fail(1, &e),
                };
                let items = match vigie::evaluate::parse_jsonl(&text) {
                    Ok(items) => items,
                    Err(e) => return fail(2, &format!("{file}: {e}")),
                };
                let evaluation = vigie::evaluate::evaluate(&detector, &items, &args.options, *level);
                emit(&format!("## {file} ({} items)\n\n{evaluation}\n", items.len()));
                if *failures {
                    for f in &evaluation.failures {
                        let text: String = f.text.chars().take(300).collect::<String>().replace('\n', " ");
                        emit(&format!("- {} [{} / {}] level {} rules {:?}\n    {text}\n", f.id, f.label, f.category, f.level.as_str(), f.rules));
                    }
                }
            }
            ExitCode::SUCCESS
        }
    }
}

/// A detector of some packs only: what the extension's engine says before it loads the others
/// (verdicts then name them in `missing_packs`).
fn packs_only(langs: &[String]) -> Result<Detector, String> {
    let compiled = Detector::compiled_pack_files();
    let files = langs
        .iter()
        .map(|l| compiled.iter().find(|(lang, _)| lang == l).map(|p| p.1).ok_or_else(|| format!("no rule pack {l:?} (there are {})", vigie::pack_languages().join(", "))))
        .collect::<Result<Vec<_>, _>>()?;
    Detector::from_pack_files(files)
}

fn read_input(file: Option<&str>) -> Result<Vec<u8>, String> {
    match file {
        None | Some("-") => {
            let mut buf = Vec::new();
            std::io::stdin().read_to_end(&mut buf).map_err(|e| format!("cannot read standard input: {e}"))?;
            Ok(buf)
        }
        Some(path) => std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}")),
    }
}

/// Writes to standard output; a reader that went away (`| head`) is not an error worth a panic.
pub fn emit(text: &str) {
    use std::io::Write;
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

fn fail(code: u8, message: &str) -> ExitCode {
    eprintln!("vigie: {message}");
    ExitCode::from(code)
}
