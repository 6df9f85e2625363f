#!/usr/bin/env bash
# benches/callgrind.sh [SCENARIO...]: instruction counts of this project's start-up, loading and
# runs, from valgrind's callgrind. Unlike wall time they do not move with what else the machine
# is doing, so a change's effect can be shown on a busy machine; benches/peers.sh gives the wall
# time on a quiet one.
#
# Scenarios (all by default): list, load10k, run31, run10k, default, limit10k; `heap` adds the
# heap peak (valgrind's massif) of load10k and run10k. Each line: scenario, instructions
# (millions, every thread of the process summed), and the command. The runs send to the
# standalone reference mock (release build, started here, not measured; reset before each run).
# KEEP=DIR keeps each callgrind.out.<scenario> there, for `callgrind_annotate`.
# Not run in CI: it takes minutes (valgrind runs code about 50 times slower).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18472}
BASE="http://127.0.0.1:$PORT"
TARGET=${CARGO_TARGET_DIR:-target}
BIN=$TARGET/release/konaplate-conformance
WORK=$(mktemp -d)
KEEP=${KEEP:-}
MOCK=
trap '[ -n "$MOCK" ] && kill "$MOCK" 2>/dev/null; rm -rf "$WORK"' EXIT
SCENARIOS=("$@")
[ ${#SCENARIOS[@]} -gt 0 ] || SCENARIOS=(list load10k run31 run10k default limit10k)

cargo build --release -q
for n in 31 10000; do
  cargo bench -q --bench suite -- emit "$WORK/$n" "$n" "$BASE" >/dev/null
done
# The bench binary itself, for the raw loop (cargo bench builds it; this finds the newest).
BENCH=$(ls -t "$TARGET"/release/deps/suite-* | grep -v '\.d$' | head -1)

"$BIN" mock --listen "127.0.0.1:$PORT" 2>/dev/null &
MOCK=$!
for _ in $(seq 50); do curl -sf "$BASE/__admin/health" >/dev/null && break; sleep 0.1; done
reset() { curl -sf -H "Content-Type: application/json" -d "{}" -X POST "$BASE/__admin/reset" >/dev/null; }

# Instructions (millions) of one command, every thread summed.
count() {
  local name=$1
  shift
  local out="$WORK/callgrind.out.$name"
  valgrind --tool=callgrind --callgrind-out-file="$out" "$@" >/dev/null 2>"$WORK/vg.$name" || true
  [ -n "$KEEP" ] && mkdir -p "$KEEP" && cp "$out" "$KEEP/"
  awk '/^summary:/ { printf "%.1f", $2 / 1e6 }' "$out"
}
# Heap peak (MiB) of one command.
heap() {
  local out="$WORK/massif.out.$1"
  shift
  valgrind --tool=massif --massif-out-file="$out" "$@" >/dev/null 2>&1 || true
  awk -F= '/^mem_heap_B=/ { b = $2 + 0; if (b > m) m = b } END { printf "%.1f", m / 1048576 }' "$out"
}

ours() { echo "$BIN" run --base-url "$BASE" --cases "$WORK/$1/cases" --no-generated --no-report \
  --encryption off --test-threads 8 -q; }
declare -A CMD=(
  [list]="$BIN run --list"
  [load10k]="$BIN run --list --no-generated --cases $WORK/10000/cases"
  [run31]="$(ours 31)"
  [run10k]="$(ours 10000)"
  [default]="$BIN run -q --report-dir $WORK/reports"
  [limit10k]="$BENCH limit 10000 $BASE"
)

echo "# callgrind.sh: $(date -u +%Y-%m-%dT%H:%MZ) at $(git rev-parse --short HEAD)$(git diff --quiet || echo '+dirty')"
for s in "${SCENARIOS[@]}"; do
  if [ "$s" = heap ]; then
    for h in load10k run10k; do
      reset
      # shellcheck disable=SC2086
      echo "heap-$h $(heap "$h" ${CMD[$h]}) MiB"
    done
    continue
  fi
  reset
  # shellcheck disable=SC2086
  echo "$s $(count "$s" ${CMD[$s]}) M  (${CMD[$s]//$WORK/\$WORK})"
done
