//! Command-line arguments, parsed by hand: a handful of flags do not justify a dependency.

use vigie::{Level, Options, Sensitivity};

pub enum Command {
    Help,
    Version,
    ScanJsonl { file: Option<String> },
    ScanFile { file: String },
    Eval { files: Vec<String>, failures: bool, level: Level },
    Rules,
}

pub struct Args {
    pub command: Command,
    pub options: Options,
    pub json: bool,
    pub me: Option<String>,
    pub lang: String,
    /// Only these rule packs (`--packs en,fr`), as the WebAssembly engine before it loads others;
    /// `None` for every pack.
    pub packs: Option<Vec<String>>,
}

impl Args {
    pub fn parse(argv: impl Iterator<Item = String>) -> Result<Args, String> {
        let argv: Vec<String> = argv.collect();
        let mut options = Options::default();
        let mut json = false;
        let mut jsonl = false;
        let mut failures = false;
        let mut level = Level::Caution;
        let mut me = None;
        let mut lang = default_lang();
        let mut packs = None;
        let mut positional = Vec::new();
        let mut it = argv.into_iter();
        while let Some(arg) = it.next() {
            let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
            match arg.as_str() {
                "-h" | "--help" | "help" => return Ok(Args::with(Command::Help)),
                "-V" | "--version" => return Ok(Args::with(Command::Version)),
                "--json" => json = true,
                "--jsonl" => jsonl = true,
                "--failures" | "--only-failures" => failures = true,
                "--minor" => options.minor_mode = true,
                "--me" => me = Some(value("--me")?),
                "--lang" => lang = value("--lang")?,
                "--packs" => packs = Some(value("--packs")?.split(',').map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect()),
                "--sensitivity" => {
                    options.sensitivity = match value("--sensitivity")?.as_str() {
                        "low" => Sensitivity::Low,
                        "normal" => Sensitivity::Normal,
                        "high" => Sensitivity::High,
                        other => return Err(format!("unknown sensitivity {other:?} (low, normal, high)")),
                    }
                }
                "--level" => {
                    level = match value("--level")?.as_str() {
                        "caution" => Level::Caution,
                        "warning" => Level::Warning,
                        "danger" => Level::Danger,
                        other => return Err(format!("unknown level {other:?} (caution, warning, danger)")),
                    }
                }
                s if s.starts_with("--") => return Err(format!("unknown option {s}")),
                _ => positional.push(arg),
            }
        }
        let mut positional = positional.into_iter();
        let command = match positional.next().as_deref() {
            None => Command::Help,
            Some("scan") if jsonl => Command::ScanJsonl { file: positional.next() },
            Some("scan") => Command::ScanFile { file: positional.next().ok_or("scan needs a FILE (or --jsonl to read standard input)")? },
            Some("eval") => {
                let files: Vec<String> = positional.by_ref().collect();
                if files.is_empty() {
                    return Err("eval needs at least one FILE".into());
                }
                Command::Eval { files, failures, level }
            }
            Some("rules") => Command::Rules,
            Some(other) => return Err(format!("unknown command {other:?}")),
        };
        if let Some(extra) = positional.next() {
            return Err(format!("unexpected argument {extra:?}"));
        }
        Ok(Args { command, options, json, me, lang, packs })
    }

    fn with(command: Command) -> Args {
        Args { command, options: Options::default(), json: false, me: None, lang: default_lang(), packs: None }
    }
}

fn default_lang() -> String {
    let env = std::env::var("LANG").unwrap_or_default();
    if env.starts_with("fr") { "fr" } else { "en" }.to_string()
}
