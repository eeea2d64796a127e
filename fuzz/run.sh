#!/usr/bin/env bash
# Fuzzes every target for a fixed budget, one target at a time, and prints executions and
# findings per target:
#
#   fuzz/run.sh [SECONDS_PER_TARGET]      (default 60)
#
# Installs cargo-fuzz if missing, writes the seed corpus and dictionary (seeds.py), builds the
# targets, then runs each with libFuzzer. Exits 1 when any target left a finding (crash, timeout,
# out-of-memory, leak) in fuzz/artifacts/<target>/; reproduce one with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run <target> fuzz/artifacts/<target>/<file>   (from the repo root)
#
# Environment: FUZZ_TARGETS="message identifiers" (a subset; default every target),
# FUZZ_SANITIZER (address, the default, or none: about twice the executions, no memory checks),
# FUZZ_TIMEOUT (seconds one input may take before it counts as a finding; default 10),
# FUZZ_LONG=1 (also seed one input past MAX_TEXT_BYTES per target: fuzzes the 64 KiB cut and time
# on long inputs, at 5 to 30 times fewer executions; clear fuzz/corpus/ to go back).
#
# The stable toolchain is used: RUSTC_BOOTSTRAP=1 lets it accept the -Z flags cargo-fuzz passes
# (sanitizer, coverage instrumentation). No nightly toolchain is needed.
set -euo pipefail

secs="${1:-60}"
[[ "$secs" =~ ^[0-9]+$ ]] || { echo "usage: fuzz/run.sh [SECONDS_PER_TARGET]" >&2; exit 2; }
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
export RUSTC_BOOTSTRAP=1
sanitizer="${FUZZ_SANITIZER:-address}"
timeout="${FUZZ_TIMEOUT:-10}"

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz" >&2
    cargo install cargo-fuzz --locked
fi

echo "== seed corpus and dictionary" >&2
python3 seeds.py

echo "== building the fuzz targets (sanitizer: $sanitizer)" >&2
cargo fuzz build --sanitizer "$sanitizer"
triple="$(rustc -vV | sed -n 's/^host: //p')"
bin_dir="$here/target/$triple/release"
targets="${FUZZ_TARGETS:-$(cargo fuzz list)}"

stat() { sed -n "s/^stat::$1: *//p" "$2" | tail -n 1; }

rows=()
total_findings=0
for t in $targets; do
    mkdir -p "artifacts/$t" "logs/$t" "corpus/$t"
    before="$(ls "artifacts/$t")"
    rm -f "logs/$t/fuzz-0.log"
    echo "== $t: ${secs}s" >&2
    # -jobs=1 -workers=1: one fuzzing process, whatever the number of cores (the machine is
    # shared); its output goes to logs/<target>/fuzz-0.log.
    (cd "logs/$t" && "$bin_dir/$t" "$here/corpus/$t" \
        -dict="$here/corpus/vigie.dict" -artifact_prefix="$here/artifacts/$t/" \
        -max_total_time="$secs" -jobs=1 -workers=1 -rss_limit_mb=2048 -max_len=70000 \
        -timeout="$timeout" -print_final_stats=1 >driver.log 2>&1) || true
    log="logs/$t/fuzz-0.log"
    execs="$(stat number_of_executed_units "$log")"
    rate="$(stat average_exec_per_sec "$log")"
    slowest="$(stat slowest_unit_time_sec "$log")"
    rss="$(stat peak_rss_mb "$log")"
    corpus="$(find "corpus/$t" -type f | wc -l)"
    new_findings="$(comm -13 <(echo "$before" | sort) <(ls "artifacts/$t" | sort) | sed '/^$/d' || true)"
    findings="$(echo -n "$new_findings" | grep -c . || true)"
    total_findings=$((total_findings + findings))
    rows+=("$(printf '%-14s %12s %8s %9s %8s %8s %9s' "$t" "${execs:-?}" "${rate:-?}" "$corpus" "${slowest:-?}" "${rss:-?}" "$findings")")
    if [ "$findings" -gt 0 ]; then
        echo "!! $t: findings in fuzz/artifacts/$t/:" >&2
        echo "$new_findings" | sed 's/^/     /' >&2
        grep -m1 -A12 -E "panicked at|ERROR: libFuzzer|ERROR: AddressSanitizer" "$log" | sed 's/^/     /' >&2 || true
    fi
done

echo
echo "fuzz run $(date -u +%Y-%m-%d), ${secs}s per target, sanitizer $sanitizer, $(nproc) cores"
printf '%-14s %12s %8s %9s %8s %8s %9s\n' target executions exec/s corpus slowest_s rss_mb findings
printf '%s\n' "${rows[@]}"
if [ "$total_findings" -gt 0 ]; then
    echo "$total_findings finding(s): see fuzz/artifacts/ and fuzz/logs/<target>/fuzz-0.log" >&2
    exit 1
fi
