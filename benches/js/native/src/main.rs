//! `vigie-bench-native <mode> FILE.jsonl [ROUNDS]` — modes:
//! - `time`: analyse every message (`Detector::analyze_message`), ROUNDS times; prints JSON with the
//!   seconds of each round, the bytes, the message count and a checksum of the signals.
//! - `time-normalize`: the same with the normaliser alone.
//! - `latency`: the same, one `Instant` per message; prints p50/p99 in microseconds per round.
//! - `init`: `Detector::new()` and the first result, in this fresh process.
//! - `normalize`: the normalised words of each message with UTF-16 spans (JSON Lines).
//! - `tables`: the compiled rule tables as JSON (the same as `vigie rules`, from this very build).
//! - `rules`: every rule that fires on each message, counter-evidence included (JSON Lines).

use std::time::Instant;

use serde_json::{json, Value};
use vigie::{Detector, Options};

fn texts(path: &str) -> Vec<String> {
    let data = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    data.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("JSON line");
            v["text"].as_str().expect("text").to_string()
        })
        .collect()
}

fn utf16(text: &str, byte: usize) -> usize {
    text[..byte].encode_utf16().count()
}

/// CPU seconds (user + system) this process has used, from /proc (0 where unavailable): on a
/// shared machine, wall time includes the time other processes held the CPU.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or("").split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    // After the command name: state is field 0, utime field 11, stime field 12 (CLK_TCK = 100).
    (ticks(11) + ticks(12)) / 100.0
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mode = args.get(1).map(String::as_str).unwrap_or("");
    let path = args.get(2).map(String::as_str).unwrap_or("");
    let rounds: usize = args.get(3).and_then(|r| r.parse().ok()).unwrap_or(3);
    let options = Options::default();
    match mode {
        "tables" => println!("{}", vigie::compiled_tables()),
        "init" => {
            let t0 = Instant::now();
            let d = Detector::new();
            let t1 = Instant::now();
            let r = d.analyze_message("Je vais envoyer la vidéo à ta famille si tu ne payes pas", &options);
            let t2 = Instant::now();
            println!("{}", json!({"build_ms": (t1 - t0).as_secs_f64() * 1e3, "first_ms": (t2 - t1).as_secs_f64() * 1e3, "total_ms": (t2 - t0).as_secs_f64() * 1e3, "signals": r.signals.len()}));
        }
        "time" => {
            let texts = texts(path);
            let bytes: usize = texts.iter().map(String::len).sum();
            let d = Detector::new();
            let mut secs = Vec::new();
            let mut cpu = Vec::new();
            let mut checksum = 0usize;
            let mut flagged = 0usize;
            for _ in 0..rounds {
                checksum = 0;
                flagged = 0;
                let c = cpu_seconds();
                let t = Instant::now();
                for text in &texts {
                    let r = std::hint::black_box(d.analyze_message(text, &options));
                    checksum += r.signals.len();
                    flagged += usize::from(r.level != vigie::Level::None);
                }
                secs.push(t.elapsed().as_secs_f64());
                cpu.push(cpu_seconds() - c);
            }
            println!("{}", json!({"rounds_s": secs, "cpu_s": cpu, "bytes": bytes, "messages": texts.len(), "signals": checksum, "flagged": flagged}));
        }
        "time-normalize" => {
            let texts = texts(path);
            let bytes: usize = texts.iter().map(String::len).sum();
            let d = Detector::new();
            let mut secs = Vec::new();
            for _ in 0..rounds {
                let t = Instant::now();
                for text in &texts {
                    std::hint::black_box(d.normalize(text));
                }
                secs.push(t.elapsed().as_secs_f64());
            }
            println!("{}", json!({"rounds_s": secs, "bytes": bytes, "messages": texts.len()}));
        }
        "latency" => {
            let texts = texts(path);
            let d = Detector::new();
            let mut p50 = Vec::new();
            let mut p99 = Vec::new();
            let mut p99_retimed = Vec::new();
            let time = |text: &str| {
                let t = Instant::now();
                std::hint::black_box(d.analyze_message(text, &options));
                t.elapsed().as_secs_f64() * 1e6
            };
            for _ in 0..rounds {
                let mut us: Vec<f64> = texts.iter().map(|text| time(text)).collect();
                let mut sorted = us.clone();
                sorted.sort_by(|a, b| a.total_cmp(b));
                let median = percentile(&sorted, 0.5);
                p50.push(median);
                p99.push(percentile(&sorted, 0.99));
                // Outliers timed again (as bench-core.mjs): a preempted call does not repeat.
                for (i, text) in texts.iter().enumerate() {
                    for _ in 0..3 {
                        if us[i] <= 3.0 * median {
                            break;
                        }
                        us[i] = us[i].min(time(text));
                    }
                }
                us.sort_by(|a, b| a.total_cmp(b));
                p99_retimed.push(percentile(&us, 0.99));
            }
            println!("{}", json!({"p50_us": p50, "p99_us": p99, "p99_retimed_us": p99_retimed, "messages": texts.len()}));
        }
        "normalize" => {
            let d = Detector::new();
            for text in texts(path) {
                let n = d.normalize(&text);
                let words: Vec<&str> = n.words().collect();
                let start: Vec<usize> = n.tokens.iter().map(|t| utf16(&text, t.orig_start as usize)).collect();
                let end: Vec<usize> = n.tokens.iter().map(|t| utf16(&text, t.orig_end as usize)).collect();
                println!("{}", json!({"words": words, "start": start, "end": end, "truncated": n.truncated}));
            }
        }
        "rules" => {
            let d = Detector::new();
            for text in texts(path) {
                let r = d.analyze_message(&text, &options);
                let fired: Vec<Value> = r
                    .signals
                    .iter()
                    .chain(&r.counter_signals)
                    .map(|s| json!([s.rule, utf16(&text, s.start), utf16(&text, s.end)]))
                    .collect();
                println!("{}", json!({"rules": fired, "level": r.level, "score": r.score}));
            }
        }
        _ => {
            eprintln!("usage: vigie-bench-native tables|time|time-normalize|latency|init|normalize|rules FILE.jsonl [ROUNDS]");
            std::process::exit(2);
        }
    }
}
