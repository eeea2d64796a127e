//! The `vigie` binary, run as a user would: JSON Lines in and out, errors, chat-export reports.

use std::io::Write;
use std::process::{Command, Stdio};

fn vigie(args: &[&str], stdin: &[u8]) -> (String, String, i32) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vigie"))
        .args(args)
        .env("LANG", "en_GB.UTF-8")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run vigie");
    child.stdin.take().expect("stdin").write_all(stdin).expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned(), out.status.code().unwrap_or(-1))
}

fn lines(stdout: &str) -> Vec<serde_json::Value> {
    stdout.lines().map(|l| serde_json::from_str(l).expect("each output line is JSON")).collect()
}

#[test]
fn jsonl_answers_each_line_in_order_with_byte_spans() {
    let input = "{\"id\":\"a\",\"text\":\"😀 Je vais envoyer la vidéo à ta famille\"}\n\n{\"id\":7,\"text\":\"bonne nuit\"}\n";
    let (out, err, code) = vigie(&["scan", "--jsonl"], input.as_bytes());
    assert_eq!(code, 0, "{err}");
    let out = lines(&out);
    assert_eq!(out.len(), 2, "empty lines are skipped");
    assert_eq!(out[0]["id"], "a");
    assert_eq!(out[1]["id"], 7);
    assert_eq!(out[1]["level"], "none");
    assert!(out[1]["stage"].is_null());
    let text = "😀 Je vais envoyer la vidéo à ta famille";
    let signal = &out[0]["signals"][0];
    let (s, e) = (signal["start"].as_u64().unwrap() as usize, signal["end"].as_u64().unwrap() as usize);
    assert_eq!(&text[s..e], signal["text"].as_str().unwrap());
    assert_ne!(out[0]["level"], "none");
}

#[test]
fn invalid_json_names_the_line_after_answering_the_ones_before() {
    let input = "{\"id\":1,\"text\":\"salut\"}\n{\"id\":2,\"text\":\"ok\"}\n{oops\n{\"id\":4,\"text\":\"x\"}\n";
    let (out, err, code) = vigie(&["scan", "--jsonl"], input.as_bytes());
    assert_eq!(code, 2);
    assert_eq!(lines(&out).len(), 2);
    assert!(err.contains("line 3"), "{err}");
}

#[test]
fn invalid_utf8_and_huge_lines_are_handled() {
    let mut input = b"{\"id\":1,\"text\":\"caf\xff\xfe\"}\n".to_vec();
    input.extend_from_slice(format!("{{\"id\":2,\"text\":\"{}\"}}\n", "a ".repeat(100_000)).as_bytes());
    let (out, err, code) = vigie(&["scan", "--jsonl"], &input);
    assert_eq!(code, 0, "{err}");
    let out = lines(&out);
    assert_eq!(out.len(), 2);
    assert_eq!(out[1]["truncated"], true);
}

#[test]
fn conversation_lines_share_a_verdict_and_outgoing_lines_are_not_evidence() {
    let input = concat!(
        "{\"id\":1,\"text\":\"I will send the video to your family\",\"direction\":\"out\",\"conversation\":\"c\"}\n",
        "{\"id\":2,\"text\":\"lol what\",\"direction\":\"in\",\"conversation\":\"c\"}\n",
        "{\"id\":3,\"text\":\"je vais envoyer la vidéo à ta famille\",\"conversation\":\"d\"}\n",
    );
    let (out, _, code) = vigie(&["scan", "--jsonl"], input.as_bytes());
    assert_eq!(code, 0);
    let out = lines(&out);
    assert_eq!(out[0]["level"], "none");
    assert_eq!(out[0]["conversation_level"], "none");
    assert_eq!(out[1]["conversation_level"], "none");
    assert_ne!(out[2]["conversation_level"], "none");
}

#[test]
fn whatsapp_export_report_and_json() {
    let (out, err, code) = vigie(&["scan", "examples/whatsapp-fr.txt", "--me", "Thomas"], b"");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("WhatsApp (Android)"));
    assert!(out.contains("DANGER"), "{out}");
    assert!(out.contains("«"), "phrases are highlighted");
    let (json, _, code) = vigie(&["scan", "examples/whatsapp-fr.txt", "--me", "Thomas", "--json"], b"");
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["format"], "whatsapp_android");
    assert_eq!(v["report"]["level"], "danger");
    let (_, err, code) = vigie(&["scan", "examples/whatsapp-fr.txt", "--me", "Nobody"], b"");
    assert_eq!(code, 2);
    assert!(err.contains("Nobody"));
}

#[test]
fn help_documents_the_commands_and_bad_arguments_exit_2() {
    let (out, _, code) = vigie(&["--help"], b"");
    assert_eq!(code, 0);
    for word in ["scan --jsonl", "--me", "--json", "eval", "exit code", "64 KiB"] {
        assert!(out.to_lowercase().contains(&word.to_lowercase()), "help lacks {word}");
    }
    let (_, err, code) = vigie(&["scan", "--bogus"], b"");
    assert_eq!(code, 2);
    assert!(err.contains("--bogus"));
    let (_, err, code) = vigie(&["scan", "/no/such/file"], b"");
    assert_eq!(code, 1);
    assert!(err.contains("/no/such/file"));
}

#[test]
fn packs_option_answers_as_the_module_before_it_reads_other_packs() {
    // Written for this test: a Spanish threat and a French one.
    let input = "{\"id\":\"es\",\"text\":\"Te he grabado. Si no pagas, mando el vídeo a toda tu familia.\"}\n{\"id\":\"fr\",\"text\":\"Je vais envoyer la vidéo à ta famille\"}\n";
    let (out, _, code) = vigie(&["scan", "--jsonl", "--packs", "en,fr"], input.as_bytes());
    assert_eq!(code, 0);
    let answers = lines(&out);
    let es_missing = answers[0]["missing_packs"].as_array().expect("the Spanish text names the packs it needs");
    assert!(es_missing.iter().any(|l| l == "es"), "{es_missing:?}");
    assert!(answers[0]["signals"].as_array().unwrap().iter().all(|s| !s["rule"].as_str().unwrap().starts_with("es.")));
    assert!(answers[1].get("missing_packs").is_none(), "{}", answers[1]);
    assert_eq!(answers[1]["level"], "danger");
    // With every pack (the default), nothing is missing and the Spanish rules answer.
    let (out, _, _) = vigie(&["scan", "--jsonl"], input.as_bytes());
    let every = lines(&out);
    assert!(every[0].get("missing_packs").is_none());
    assert!(every[0]["signals"].as_array().unwrap().iter().any(|s| s["rule"].as_str().unwrap().starts_with("es.")));
    // An unknown language is a bad argument, naming the packs there are.
    let (_, err, code) = vigie(&["scan", "--jsonl", "--packs", "en,xx"], b"");
    assert_eq!(code, 2);
    assert!(err.contains("no rule pack \"xx\"") && err.contains("de, en, es, fr, it, nl, pt"), "{err}");
}
