#!/bin/sh
# `make fuzz`: runs every fuzz target for FUZZ_SECONDS (default 60) each, from
# a corpus seeded with the test fixtures and content/. A crash ends that
# target's run (libFuzzer saves the input under fuzz/artifacts/<target>/), the
# others still run, and the script fails at the end. Needs nightly Rust and
# cargo-fuzz (`cargo install cargo-fuzz`).
set -eu
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-"read parse export_json export_anki export_html export_epub export_pdf"}
cargo +nightly fuzz build -O
failed=""
for target in $targets; do
    corpus=fuzz/corpus/$target
    mkdir -p "$corpus"
    for seed in tests/fixtures/*.md tests/fixtures/fuzz/*.md content/*.md; do
        [ -f "$seed" ] && cp -n "$seed" "$corpus/" 2>/dev/null || true
    done
    echo "== $target: $seconds s"
    cargo +nightly fuzz run -O "$target" "$corpus" -- \
        -max_total_time="$seconds" -max_len=65536 -timeout=20 -rss_limit_mb=4096 \
        -print_final_stats=1 || failed="$failed $target"
done
if [ -n "$failed" ]; then
    echo "fuzzing found crashes in:$failed (inputs in fuzz/artifacts/)" >&2
    exit 1
fi
