//! Engine throughput: single messages (short chat lines, long e-mails), a whole conversation, and
//! building the detector. Figures go to the README; nothing here asserts a timing.
//!
//! The text is generated, not real: a deterministic mix of everyday chat and scam phrases, so every
//! run measures the same work.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use vigie::{ChatMessage, Detector, Direction, Options};

const EVERYDAY: &[&str] = &[
    "salut ça va ? on se voit demain après le boulot",
    "did you see the match last night, unbelievable ending",
    "n'oublie pas d'acheter du pain en rentrant stp",
    "I'll call you when I get home, the train is late again",
    "trop bien la soirée hier, merci encore pour l'invitation",
    "can you send me the photos from the trip when you have time",
    "maman demande si tu viens dimanche pour le repas de famille",
];
const SCAMMY: &[&str] = &[
    "j'ai tout enregistré, je vais envoyer la vidéo à ta famille",
    "pay 500 dollars in bitcoin within 48 hours or I send it to your contacts",
    "ajoute moi sur snapchat c'est notre secret",
    "take off your clothes on cam for me baby",
    "envoie les codes PCS de 250 euros avant ce soir",
];

/// A deterministic stream of chat lines, one in ten from the scam list.
fn messages(n: usize) -> Vec<String> {
    let mut seed: u32 = 0x9E37_79B9;
    (0..n)
        .map(|i| {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let pool = if i % 10 == 9 { SCAMMY } else { EVERYDAY };
            pool[seed as usize % pool.len()].to_string()
        })
        .collect()
}

fn long_email() -> String {
    let mut text = String::from("Subject: security notice\n");
    for line in messages(40) {
        text.push_str(&line);
        text.push_str(". ");
    }
    text
}

fn bench_messages(c: &mut Criterion) {
    let detector = Detector::new();
    let options = Options::default();
    let short = messages(1000);
    let bytes: usize = short.iter().map(String::len).sum();
    let mut group = c.benchmark_group("message");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function(BenchmarkId::new("short_chat_lines", short.len()), |b| {
        b.iter(|| {
            for m in &short {
                black_box(detector.analyze_message(black_box(m), &options));
            }
        })
    });
    let email = long_email();
    group.throughput(Throughput::Bytes(email.len() as u64));
    group.bench_function(BenchmarkId::new("long_email_bytes", email.len()), |b| b.iter(|| black_box(detector.analyze_message(black_box(&email), &options))));
    group.finish();
}

fn bench_conversation(c: &mut Criterion) {
    let detector = Detector::new();
    let options = Options::default();
    let thread: Vec<ChatMessage> = messages(200)
        .into_iter()
        .enumerate()
        .map(|(i, text)| ChatMessage { id: i.to_string(), text, direction: if i % 3 == 0 { Direction::Out } else { Direction::In }, sender: None, time: Some(i as f64 * 60_000.0) })
        .collect();
    let mut group = c.benchmark_group("conversation");
    group.throughput(Throughput::Elements(thread.len() as u64));
    group.bench_function("200_messages", |b| b.iter(|| black_box(detector.analyze_conversation(black_box(&thread), &options))));
    // As the extension asks: the same thread again with one new message (the memo of recent texts
    // holds the other 199). Each iteration replaces the last message with a text not seen before.
    let remembering = Detector::new().remembering_recent_texts(1024);
    let mut window = thread.clone();
    remembering.analyze_conversation(&window, &options);
    let mut fresh = 0u64;
    group.bench_function("200_messages_one_new_remembered", |b| {
        b.iter(|| {
            fresh += 1;
            window[199].text = format!("{} {fresh}", thread[199].text);
            black_box(remembering.analyze_conversation(black_box(&window), &options))
        })
    });
    group.finish();
}

fn bench_build(c: &mut Criterion) {
    c.bench_function("detector_build", |b| b.iter(|| black_box(Detector::new())));
    // What the WebAssembly module builds at start: the English and French packs, and what tells
    // that a message needs one of the others.
    let core: Vec<&'static [u8]> = Detector::compiled_pack_files().into_iter().filter(|(l, _)| ["en", "fr"].contains(l)).map(|(_, b)| b).collect();
    c.bench_function("detector_build_en_fr", |b| b.iter(|| black_box(Detector::from_pack_files(core.clone()))));
}

criterion_group!(benches, bench_messages, bench_conversation, bench_build);
criterion_main!(benches);
