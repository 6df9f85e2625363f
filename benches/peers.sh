#!/usr/bin/env bash
# benches/peers.sh [RUNS]: this project against Hurl and wrk, on the same standalone reference
# mock, with the same requests, in interleaved runs (A B A B ...), printing medians and ratios.
#
# - Hurl (HURL_VERSION, default 8.0.1) is installed with `cargo install` into
#   $KONAPLATE_PEERS_DIR (default ~/.cache/konaplate-peers, outside the repo) when it is not on
#   PATH; it needs Debian's libcurl/libxml2/libclang dev packages, installed with apt-get when
#   missing. wrk comes from Debian.
# - The requests: `cargo bench --bench suite -- emit` writes the documented cases replicated to
#   N (case files for this project, the same requests signed once as .hurl files for Hurl, one
#   read-only request for wrk). The mock is reset before every run that sends state changes.
# - This project runs as a user runs it: `run --base-url ... --no-generated --no-report
#   --encryption off --test-threads 8`, one process per run; Hurl with `--test --jobs 8`.
# - The raw limit (`cargo bench --bench suite -- limit N BASE_URL`): the same 10,000 requests
#   signed, sent and each answer schema-checked by a plain in-process loop with the same
#   concurrency, timed around the loop only; run between the two at 10,000 cases.
# The rows printed are the README's performance table.
# Not run in CI: the figures depend on the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
PORT=${PORT:-18471}
TOOLS=${KONAPLATE_PEERS_DIR:-$HOME/.cache/konaplate-peers}
HURL_VERSION=${HURL_VERSION:-8.0.1}
BASE="http://127.0.0.1:$PORT"
TARGET=${CARGO_TARGET_DIR:-target}
BIN=$TARGET/release/konaplate-conformance
WORK=$(mktemp -d)
MOCK=
trap '[ -n "$MOCK" ] && kill "$MOCK" 2>/dev/null; rm -rf "$WORK"' EXIT

debs() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get install -y -q "${missing[@]}" >/dev/null
  fi
}
export PATH="$TOOLS/bin:$PATH"
command -v wrk >/dev/null || debs wrk
command -v curl >/dev/null || debs curl
if ! command -v hurl >/dev/null; then
  debs libcurl4-openssl-dev libxml2-dev libclang-dev pkg-config
  cargo install hurl --version "$HURL_VERSION" --locked --root "$TOOLS"
fi

cargo build --release -q
for n in 31 1000 10000; do
  cargo bench -q --bench suite -- emit "$WORK/$n" "$n" "$BASE" >/dev/null
done
# The bench binary itself, for the raw limit (cargo bench builds it; this finds the newest).
BENCH=$(ls -t "$TARGET"/release/deps/suite-* | grep -v '\.d$' | head -1)

"$BIN" mock --listen "127.0.0.1:$PORT" 2>/dev/null &
MOCK=$!
for _ in $(seq 50); do curl -sf "$BASE/__admin/health" >/dev/null && break; sleep 0.1; done
reset() { curl -sf -H "Content-Type: application/json" -d "{}" -X POST "$BASE/__admin/reset" >/dev/null; }

# Wall seconds and peak RSS (KiB) of one command: "secs kib".
measure() {
  /usr/bin/time -o "$WORK/time" -f '%e %M' "$@" >/dev/null 2>&1 || true
  tail -1 "$WORK/time"
}
# More precise wall time (the %e above has 10 ms resolution).
wall() {
  local t0 t1
  t0=$EPOCHREALTIME
  "$@" >/dev/null 2>&1 || true
  t1=$EPOCHREALTIME
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f\n", b - a }'
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

ours() { "$BIN" run --base-url "$BASE" --cases "$WORK/$1/cases" --no-generated --no-report \
  --encryption off --test-threads 8 -q; }
theirs() { hurl --test --jobs 8 "$WORK/$1"/hurl/*.hurl; }

echo "# peers.sh: $(date -u +%Y-%m-%d) on $(nproc) cores ($(uname -m)), load average $(cut -d' ' -f1-3 /proc/loadavg), $RUNS interleaved runs"
echo
echo "| what | this project | peer | ratio (peer time / ours) |"
echo "|---|---:|---:|---:|"
for n in 31 1000 10000; do
  : >"$WORK/o" && : >"$WORK/h" && : >"$WORK/orss" && : >"$WORK/hrss" && : >"$WORK/lim"
  for _ in $(seq "$RUNS"); do
    reset; wall ours "$n" >>"$WORK/o"
    if [ "$n" = 10000 ]; then
      # The loop's own time (`limit N SECS VALID INVALID`): every answer must hold its schema.
      reset; "$BENCH" limit "$n" "$BASE" | awk '$5 == 0 { print $3 } $5 != 0 { exit 1 }' >>"$WORK/lim"
    fi
    reset; wall theirs "$n" >>"$WORK/h"
  done
  reset; measure "$BIN" run --base-url "$BASE" --cases "$WORK/$n/cases" --no-generated \
    --no-report --encryption off --test-threads 8 -q | awk '{ print $2 }' >>"$WORK/orss"
  reset; measure hurl --test --jobs 8 "$WORK/$n"/hurl/*.hurl | awk '{ print $2 }' >>"$WORK/hrss"
  o=$(median <"$WORK/o"); h=$(median <"$WORK/h")
  awk -v n="$n" -v o="$o" -v h="$h" -v orss="$(cat "$WORK/orss")" -v hrss="$(cat "$WORK/hrss")" 'BEGIN {
    printf "| %d cases, whole process | %.0f ms, %.0f cases/s, peak RSS %.1f MiB | Hurl %.0f ms, %.0f cases/s, %.1f MiB | **%.2fx** |\n",
      n, o * 1e3, n / o, orss / 1024, h * 1e3, n / h, hrss / 1024, h / o }'
  [ "$n" = 10000 ] && echo "$n $o" >"$WORK/ours10k"
done

# The raw limit of this work: the same 10,000 requests signed, sent and schema-checked by a
# plain loop; the harness's share of it (its whole process against the loop alone).
read -r _ o10k <"$WORK/ours10k"
awk -v l="$(median <"$WORK/lim")" -v o="$o10k" 'BEGIN {
  printf "| raw limit: sign, send, schema-check in a plain loop (10,000 cases) | %.0f ms, %.0f cases/s | limit loop %.0f ms, %.0f cases/s | **%.0f%%** of the limit |\n",
    o * 1e3, 10000 / o, l * 1e3, 10000 / l, 100 * l / o }'

# The raw ceiling: wrk, one read-only endpoint, a fixed signed body, 8 connections.
wrk_rate=$(wrk -t2 -c8 -d5s -s "$WORK/31/wrk.lua" "$BASE" | awk '/Requests\/sec/ { print $2 }')
awk -v w="$wrk_rate" -v o="$o10k" 'BEGIN {
  printf "| raw ceiling: wrk, one endpoint, 8 connections, 5 s | %.0f cases/s (10,000 cases) | wrk %.0f req/s | **%.0f%%** of wrk |\n",
    10000 / o, w, 100 * (10000 / o) / w }'

# Startup and loading, no requests: `run --list` against `hurl --version`.
trials=$("$BIN" run --list 2>/dev/null | grep -c ': test$')
: >"$WORK/l" && : >"$WORK/v" && : >"$WORK/l10k"
for _ in $(seq $((RUNS * 2))); do
  wall "$BIN" run --list >>"$WORK/l"
  wall hurl --version >>"$WORK/v"
  wall "$BIN" run --cases "$WORK/10000/cases" --list --no-generated >>"$WORK/l10k"
done
awk -v l="$(median <"$WORK/l")" -v v="$(median <"$WORK/v")" -v t="$trials" 'BEGIN {
  printf "| startup: `run --list` (%d trials) | %.1f ms | `hurl --version` %.1f ms | **%.2fx** |\n", t, l * 1e3, v * 1e3, v / l }'
awk -v l="$(median <"$WORK/l10k")" 'BEGIN {
  printf "| loading 10,000 cases (`run --list --no-generated`) | %.0f ms | — | |\n", l * 1e3 }'

# The default run as a user types it: embedded mock, documented + generated cases, JWE on,
# reports written.
: >"$WORK/d"
for _ in $(seq "$RUNS"); do
  wall "$BIN" run -q --report-dir "$WORK/reports" >>"$WORK/d"
done
awk -v d="$(median <"$WORK/d")" -v t="$trials" 'BEGIN {
  printf "| default `run` (embedded mock, %d trials, JWE on, reports) | %.0f ms | — | |\n", t, d * 1e3 }'
