# Steps of .ci/run, in the foreground or in the background, and where the time went.
# Sourced by .ci/run. The network-bound installs (pip, npm, apt) and the test run go to the
# background so that they overlap CPU-bound work on a 2-core machine; a background step's
# output goes to target/ci-logs/NAME.log and is printed whole when the step is awaited, and a
# failed one fails CI there, naming the step and its log. Every step lands in the closing
# table: when it started and ended (seconds since CI started) and where it ran.

CI_LOGS="${CI_LOGS:-$PWD/target/ci-logs}"
mkdir -p "$CI_LOGS"
: >"$CI_LOGS/steps.tsv"
declare -A JOB_PID=()
CURRENT_STEP=""
CURRENT_START=0

# Closes the running foreground step in the table.
close_step() {
  if [ -n "$CURRENT_STEP" ]; then
    printf '%s\t%s\t%s\t%s\n' "$CURRENT_START" "$SECONDS" foreground "$CURRENT_STEP" >>"$CI_LOGS/steps.tsv"
  fi
  CURRENT_STEP=""
}

# A foreground step: its line says when it started (seconds since the start).
step() {
  close_step
  CURRENT_STEP="$*"
  CURRENT_START=$SECONDS
  printf '\n==> %s  [%ds]\n' "$*" "$SECONDS"
}

# start NAME COMMAND...: runs COMMAND (a function or a program) in the background, with
# `set -e`, its output into $CI_LOGS/NAME.log; its exit status and end time go to NAME.end.
start() {
  local name=$1
  shift
  printf '\n--> started in the background: %s  [%ds] (log: target/ci-logs/%s.log)\n' "$name" "$SECONDS" "$name"
  (
    # Not `cmd || status=$?`: that would switch `set -e` off inside the command.
    set +e
    begun=$SECONDS
    (set -euo pipefail; "$@") >"$CI_LOGS/$name.log" 2>&1 </dev/null
    status=$?
    printf '%s %s %s\n' "$status" "$begun" "$SECONDS" >"$CI_LOGS/$name.end"
  ) &
  JOB_PID[$name]=$!
}

# await NAME: waits for a background step, prints its output, and fails CI if it failed.
await() {
  local name=$1 status begun ended
  close_step
  wait "${JOB_PID[$name]}" || true
  unset "JOB_PID[$name]"
  read -r status begun ended <"$CI_LOGS/$name.end"
  printf '\n==> %s  [background: %ds to %ds, awaited at %ds]\n' "$name" "$begun" "$ended" "$SECONDS"
  printf '%s\t%s\t%s\t%s\n' "$begun" "$ended" background "$name" >>"$CI_LOGS/steps.tsv"
  cat "$CI_LOGS/$name.log"
  if [ "$status" -ne 0 ]; then
    echo "CI failed in the background step \"$name\" (exit $status): its output is above and in target/ci-logs/$name.log" >&2
    exit 1
  fi
}

# Stops a process and everything it started (our own background steps only, by process id).
stop_tree() {
  local child
  for child in $(pgrep -P "$1" 2>/dev/null); do
    stop_tree "$child"
  done
  kill "$1" 2>/dev/null || true
}

# On an early exit, background steps still running are stopped, except an apt-get install:
# stopping dpkg halfway would leave the machine's packages broken, so it is waited for.
stop_jobs() {
  local name
  for name in "${!JOB_PID[@]}"; do
    if [ "$name" = "chromium" ]; then
      wait "${JOB_PID[$name]}" 2>/dev/null || true
    else
      stop_tree "${JOB_PID[$name]}"
    fi
  done
}

# The closing table: every step by start time, and the CPU time CI used.
time_table() {
  close_step
  printf '\n==> where the time went (seconds since the start; the wall time is the last end)\n'
  printf '%6s %6s %6s  %-10s %s\n' start end took where step
  sort -n "$CI_LOGS/steps.tsv" | while IFS=$'\t' read -r begun ended where name; do
    printf '%6s %6s %6s  %-10s %s\n' "$begun" "$ended" "$((ended - begun))" "$where" "${name:0:90}"
  done
  # bash's `times`, second line: the CPU time of every process the script waited for.
  # (Not `times | tail`: a pipeline runs it in a subshell, which has waited for nothing.)
  local cpu
  times >"$CI_LOGS/times"
  cpu=$(tail -1 "$CI_LOGS/times")
  printf 'wall %ds; CPU of the processes, user and system: %s\n' "$SECONDS" "$cpu"
}
