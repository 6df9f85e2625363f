#!/usr/bin/env bash
# Runs a fuzz target coverage-guided with the STABLE toolchain (cargo fuzz needs nightly).
# It passes the flags cargo-fuzz passes, minus the nightly-only AddressSanitizer:
# Rust panics, overflows (-Coverflow-checks) and debug assertions are caught; memory errors in
# C code are not (there is none in this crate's dependencies that the targets reach).
#
#   fuzz/stable.sh case_loader 300     # target, seconds (default 60)
#
# Targets: case_loader, yaml_parse, body_matcher. Corpus in fuzz/corpus/<target> (ignored by
# git), seeds from cases/ and fuzz/seeds/<target>, crashes in fuzz/artifacts/<target>.
set -euo pipefail
target=${1:?usage: fuzz/stable.sh <case_loader|yaml_parse|body_matcher> [seconds]}
seconds=${2:-60}
cd "$(dirname "$0")"
triple=$(rustc -vV | sed -n 's/^host: //p')
export RUSTFLAGS="--cfg fuzzing -Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares -Cdebug-assertions -Coverflow-checks"
cargo build --locked --release --target "$triple" --bin "$target"
mkdir -p "corpus/$target" "artifacts/$target"
seeds=("seeds/$target")
[ "$target" = body_matcher ] || seeds+=(../cases)
[ -d "seeds/$target" ] || seeds=("${seeds[@]:1}")
exec "target/$triple/release/$target" -max_total_time="$seconds" -print_final_stats=1 \
  -artifact_prefix="artifacts/$target/" "corpus/$target" "${seeds[@]}"
