# Vigie's build entry point. The two commands the README promises:
#   make run    set everything up, build everything, analyse the bundled example conversation,
#               then serve the site and playground (www/) on http://127.0.0.1:8080/
#   make test   set everything up and run every test (Rust, WebAssembly build, extension, browser)
# Both install what they need on a fresh machine of this kind (Debian, Rust toolchain, Node 20).

SHELL := /bin/bash
.DEFAULT_GOAL := run
EXAMPLE ?= examples/whatsapp-fr.txt

FUZZ_SECONDS ?= 60

.PHONY: fuzz run test setup setup-rust setup-browser setup-node wasm extension test-rust test-js report-shared bench bench-js bench-page

setup-rust:
	@rustup target list --installed | grep -q wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

setup-browser:
	@command -v chromium >/dev/null && command -v firefox-esr >/dev/null && command -v Xvfb >/dev/null && command -v xdotool >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium firefox-esr xvfb xdotool >/dev/null; }

setup-node:
	@if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; fi

setup: setup-rust setup-browser setup-node

run: setup-rust
	cargo build --release --bin vigie
	./target/release/vigie scan $(EXAMPLE) --me Thomas --lang fr
	$(MAKE) --no-print-directory extension
	node www/serve.mjs

wasm: setup-rust
	cargo xtask wasm

extension: wasm
	@if [ -f extension/build.mjs ]; then node extension/build.mjs; fi

test-rust: setup-rust
	cargo test
	cargo build --lib --target wasm32-unknown-unknown

test-js: setup extension
	node --test guidance/ tests/wasm/ extension/tests/
	node --test --test-concurrency=1 tests/e2e/

test: test-rust test-js report-shared

# Figures on the real public samples in ../shared/corpus (read in place, never copied).
report-shared:
	@if [ -f ../shared/corpus/samples.jsonl ]; then cargo run --release --quiet --bin vigie -- eval ../shared/corpus/samples.jsonl | tail -n 8; fi

bench:
	cargo bench --bench engine

# WASM vs its JS port vs one-RegExp-per-rule JS vs native, in node and headless Chromium (~20 min on
# 2 shared cores); writes benches/RESULTS.md. BENCH_JS_ARGS e.g. "--mb 2 --rounds 3 --budget 20".
BENCH_JS_ARGS ?= --mb 2 --rounds 3 --budget 20
bench-js: setup-rust
	node benches/js/run.mjs $(BENCH_JS_ARGS)

# The built extension on a chat fixture, 2,000 messages in bursts (then again with Vigie paused,
# for comparison); writes its block of benches/RESULTS.md.
bench-page: extension
	node benches/page/run.mjs --control

# Fuzz every target for FUZZ_SECONDS each (libFuzzer via cargo-fuzz on stable); not part of `make test`.
fuzz:
	fuzz/run.sh $(FUZZ_SECONDS)
