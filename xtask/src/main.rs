//! Build tasks that need more than cargo: `cargo xtask wasm` compiles the engine to WebAssembly and
//! generates its JavaScript bindings into `pkg/` (the package the extension, the www playground and
//! the browser tests all load).

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let task = std::env::args().nth(1).unwrap_or_default();
    let result = match task.as_str() {
        "wasm" => wasm(),
        _ => Err("usage: cargo xtask wasm".to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

fn wasm() -> Result<(), String> {
    let root = root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    // Cargo's messages name the build script's output directory, where the rule packs are.
    let build = Command::new(cargo)
        .current_dir(&root)
        .args(["build", "--release", "--lib", "--package", "vigie", "--target", "wasm32-unknown-unknown", "--message-format=json-render-diagnostics"])
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !build.status.success() {
        return Err("the WebAssembly build failed (is the target installed? `rustup target add wasm32-unknown-unknown`)".into());
    }
    let messages = String::from_utf8_lossy(&build.stdout);
    let out_dir = messages
        .lines()
        .filter(|l| l.contains("\"reason\":\"build-script-executed\"") && l.contains("#vigie@"))
        .filter_map(|l| l.split("\"out_dir\":\"").nth(1)?.split('"').next().map(PathBuf::from))
        .next_back()
        .ok_or("cargo did not say where the rule packs were built")?;
    // Cargo puts the module under CARGO_TARGET_DIR when it is set (worktrees sharing a machine
    // each keep their own target directory), else under the workspace's target/.
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).map_or_else(|| root.join("target"), |d| root.join(d));
    let input = target.join("wasm32-unknown-unknown/release/vigie.wasm");
    let out = root.join("pkg");
    // wasm-bindgen adds snippets but never removes those of an older build.
    let _ = std::fs::remove_dir_all(out.join("snippets"));
    std::fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let mut bindgen = wasm_bindgen_cli_support::Bindgen::new();
    bindgen
        .input_path(&input)
        .web(true)
        .map_err(|e| e.to_string())?
        .typescript(false)
        // VIGIE_KEEP_NAMES=1 keeps the functions' names, for profiles (V8's --cpu-prof,
        // --trace-wasm-compilation-times); the shipped module does without them.
        .remove_name_section(std::env::var_os("VIGIE_KEEP_NAMES").is_none())
        .remove_producers_section(true)
        .generate(&out)
        .map_err(|e| format!("wasm-bindgen: {e}"))?;
    // The languages not compiled in: files the extension loads when a message needs them.
    let packs = out.join("packs");
    let _ = std::fs::remove_dir_all(&packs);
    std::fs::create_dir_all(&packs).map_err(|e| format!("cannot create {}: {e}", packs.display()))?;
    let mut copied = Vec::new();
    for entry in std::fs::read_dir(out_dir.join("packs")).map_err(|e| format!("no rule packs in {}: {e}", out_dir.display()))? {
        let from = entry.map_err(|e| e.to_string())?.path();
        if let Some(name) = from.file_name().filter(|n| n.to_string_lossy().ends_with(".pack")) {
            std::fs::copy(&from, packs.join(name)).map_err(|e| format!("cannot copy {}: {e}", from.display()))?;
            copied.push(name.to_string_lossy().into_owned());
        }
    }
    copied.sort();
    let size = std::fs::metadata(out.join("vigie_bg.wasm")).map(|m| m.len()).unwrap_or(0);
    println!("pkg/vigie.js + pkg/vigie_bg.wasm ({} KB), pkg/packs/: {}", size / 1024, copied.join(" "));
    Ok(())
}
