# Steps of .ci/run, in the foreground or in the background, and where the time went.
# Sourced by .ci/run. The network-bound installs (pip, npm, apt) and the test run go to the
# background so that they overlap CPU-bound work on a 2-core machine; a background step's
# output goes to target/ci-logs/NAME.log and is printed whole when the step is awaited, and a
# failed one fails CI there, naming the step and its log.
#
# Every step lands in the closing table with its wall time and its CPU time (user + system).
# The CPU time says what a step costs whatever else the machine is doing; wall time alone
# does not on a shared machine. A background step measures its own CPU; a foreground step's is
# what the script's processes used while it ran, less any background step that ended then
# (bash collects a finished background process at once, and its CPU time with it).

CI_LOGS="${CI_LOGS:-$PWD/target/ci-logs}"
mkdir -p "$CI_LOGS"
: >"$CI_LOGS/steps.tsv"
declare -A JOB_PID=()
CI_T0=${EPOCHREALTIME/./}
CURRENT_STEP=""
CURRENT_START=0
CURRENT_CPU=0

# Microseconds since the epoch.
now_us() { NOW_US=${EPOCHREALTIME/./}; }

# Milliseconds of CPU (user + system) of every process this shell has collected, into CPU_MS.
# `times` must run in this shell, not in a pipeline's subshell, which has collected nothing.
cpu_ms() {
  local file="$CI_LOGS/times.$BASHPID"
  times >"$file"
  CPU_MS=$(awk 'NR == 2 { for (i = 1; i <= 2; i++) { split($i, p, /[ms]/); t += (p[1] * 60 + p[2]) * 1000 }
    printf "%.0f", t }' "$file")
  rm -f "$file"
}

# Closes the running foreground step in the table.
close_step() {
  if [ -n "$CURRENT_STEP" ]; then
    now_us
    cpu_ms
    printf '%s\t%s\t%s\t%s\t%s\n' "$CURRENT_START" "$NOW_US" "$((CPU_MS - CURRENT_CPU))" foreground \
      "$CURRENT_STEP" >>"$CI_LOGS/steps.tsv"
  fi
  CURRENT_STEP=""
}

# A foreground step: its line says when it started (seconds since the start).
step() {
  close_step
  CURRENT_STEP="$*"
  now_us
  cpu_ms
  CURRENT_START=$NOW_US
  CURRENT_CPU=$CPU_MS
  printf '\n==> %s  [%ds]\n' "$*" "$SECONDS"
}

# start NAME COMMAND...: runs COMMAND (a function or a program) in the background, with
# `set -e`, its output into $CI_LOGS/NAME.log; its exit status, start, end and CPU time go to
# NAME.end (a new process's `times` counts only what it ran itself).
start() {
  local name=$1
  shift
  printf '\n--> started in the background: %s  [%ds] (log: target/ci-logs/%s.log)\n' "$name" "$SECONDS" "$name"
  (
    # Not `cmd || status=$?`: that would switch `set -e` off inside the command.
    set +e
    begun=${EPOCHREALTIME/./}
    (set -euo pipefail; "$@") >"$CI_LOGS/$name.log" 2>&1 </dev/null
    status=$?
    cpu_ms
    printf '%s %s %s %s\n' "$status" "$begun" "${EPOCHREALTIME/./}" "$CPU_MS" >"$CI_LOGS/$name.end"
  ) &
  JOB_PID[$name]=$!
}

# await NAME: waits for a background step, prints its output, and fails CI if it failed.
await() {
  local name=$1 status begun ended cpu
  close_step
  wait "${JOB_PID[$name]}" || true
  unset "JOB_PID[$name]"
  read -r status begun ended cpu <"$CI_LOGS/$name.end"
  printf '\n==> %s  [background: %ds to %ds, awaited at %ds]\n' "$name" \
    "$(((begun - CI_T0) / 1000000))" "$(((ended - CI_T0) / 1000000))" "$SECONDS"
  printf '%s\t%s\t%s\t%s\t%s\n' "$begun" "$ended" "$cpu" background "$name" >>"$CI_LOGS/steps.tsv"
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

# The closing table: every step by start time, its wall and CPU time, and the totals.
time_table() {
  close_step
  cpu_ms
  printf '\n==> where the time went (seconds since the start; CPU = user + system)\n'
  printf '%6s %6s %6s %6s  %-10s %s\n' start end wall CPU where step
  awk -F'\t' -v t0="$CI_T0" '
    { s[NR] = $1; e[NR] = $2; c[NR] = $3; w[NR] = $4; n[NR] = $5 }
    END {
      for (i = 1; i <= NR; i++)
        for (j = 1; j <= NR; j++)
          if (w[i] == "foreground" && w[j] == "background" && e[j] > s[i] && e[j] <= e[i]) c[i] -= c[j]
      for (i = 1; i <= NR; i++)
        printf "%6.0f %6.0f %6.0f %6.0f  %-10s %s\n", (s[i] - t0) / 1e6, (e[i] - t0) / 1e6,
          (e[i] - s[i]) / 1e6, c[i] / 1000, w[i], substr(n[i], 1, 90)
    }' "$CI_LOGS/steps.tsv" | sort -n -k1,1 -s
  now_us
  printf 'wall %ds; CPU of all the processes %ds\n' "$(((NOW_US - CI_T0) / 1000000))" "$((CPU_MS / 1000))"
}
