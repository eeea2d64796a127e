//! Instructions per message, counted by callgrind: figures that do not move with the machine's
//! load, for changes too small to show in timings on a shared machine (docs/performance.md §22).
//!
//!     cargo bench --bench instructions [-- FILE.jsonl]
//!
//! FILE holds one `{"text": ...}` per line; by default the JavaScript benchmark's latency set of
//! 200-character messages (`target/bench-js/data/latency200.jsonl`, written by
//! `node benches/js/run.mjs`). Needs valgrind. Each message is analysed once, in order, as the
//! extension meets them; callgrind dumps its counters after each, so every message gets its own
//! count.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use vigie::{Detector, Options};

const UNDER_CALLGRIND: &str = "VIGIE_UNDER_CALLGRIND";

/// Out of line and named, so that callgrind can dump its counters after each call.
#[inline(never)]
#[no_mangle]
pub fn vigie_measured_read(file: &Path) -> Vec<String> {
    read_texts(file)
}

#[inline(never)]
#[no_mangle]
pub fn vigie_measured_build() -> Detector {
    Detector::new()
}

#[inline(never)]
#[no_mangle]
pub fn vigie_measured_message(detector: &Detector, text: &str, options: &Options) {
    std::hint::black_box(detector.analyze_message(std::hint::black_box(text), options));
}

fn main() {
    let file = std::env::args().skip(1).find(|a| !a.starts_with("--")).map_or_else(|| PathBuf::from("target/bench-js/data/latency200.jsonl"), PathBuf::from);
    if std::env::var_os(UNDER_CALLGRIND).is_some() {
        let texts = vigie_measured_read(&file);
        let detector = vigie_measured_build();
        let options = Options::default();
        for text in &texts {
            vigie_measured_message(&detector, text, &options);
        }
        return;
    }
    let texts = read_texts(&file);
    let dir = std::env::temp_dir().join(format!("vigie-instructions-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let run = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg("--dump-after=vigie_measured_*")
        .arg(format!("--callgrind-out-file={}", dir.join("counts").display()))
        .arg(std::env::current_exe().expect("this program's path"))
        .arg(&file)
        .env(UNDER_CALLGRIND, "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    match run {
        Ok(status) if status.success() => {}
        Ok(status) => panic!("valgrind failed ({status})"),
        Err(e) => panic!("valgrind could not be run ({e}): install it (apt-get install valgrind)"),
    }
    // Dump 1: from the process's start to the texts read; 2: the engine's build; 3..: one message
    // each (the first also sets up the engine's scratch space).
    let mut dumps: Vec<(usize, u64)> = std::fs::read_dir(&dir)
        .expect("callgrind's output")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let number = path.extension()?.to_str()?.parse().ok()?;
            Some((number, total(&path)?))
        })
        .collect();
    let _ = std::fs::remove_dir_all(&dir);
    dumps.sort();
    assert!(dumps.len() >= texts.len() + 2, "{} dumps for {} messages", dumps.len(), texts.len());
    let mut counts: Vec<u64> = dumps[2..2 + texts.len()].iter().map(|&(_, count)| count).collect();
    counts.sort_unstable();
    let at = |q: f64| counts[((counts.len() - 1) as f64 * q).round() as usize];
    let mean = counts.iter().sum::<u64>() as f64 / counts.len() as f64;
    println!("{} messages from {}", counts.len(), file.display());
    println!("instructions per message: mean {mean:.0}, p50 {}, p90 {}, p99 {}, max {}", at(0.5), at(0.9), at(0.99), at(1.0));
    println!("building the engine (Detector::new): {} instructions", dumps[1].1);
}

fn read_texts(file: &Path) -> Vec<String> {
    let data = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e} (run `node benches/js/run.mjs` to write the latency set, or give a file)", file.display()));
    data.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).expect("one JSON object per line");
            value["text"].as_str().expect("a \"text\" field").to_string()
        })
        .collect()
}

/// The instruction count of one callgrind dump.
fn total(path: &Path) -> Option<u64> {
    let text = std::fs::read_to_string(path).ok()?;
    text.lines().find_map(|line| line.strip_prefix("summary:").or_else(|| line.strip_prefix("totals:"))).and_then(|n| n.trim().parse().ok())
}
