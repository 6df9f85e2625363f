#!/usr/bin/env bash
# Redocly CLI (from npm) lints the spec with the recommended ruleset (redocly.yaml). Fails on
# any error and on any warning: a warning that is deliberate is ignored by name, with its
# reason, in .redocly.lint-ignore.yaml.
# Usage: NODE_DIR=<npm prefix with @redocly/cli> bash .ci/redocly.sh [SPEC]
set -euo pipefail
cd "$(dirname "$0")/.."
NODE_DIR="${NODE_DIR:-$PWD/target/ci-node}"
SPEC="${1:-specs/konaplate-card.openapi.yaml}"
LOG="${REDOCLY_LOG:-$PWD/target/ci-redocly.log}"

status=0
# No usage telemetry from CI.
REDOCLY_TELEMETRY=off "$NODE_DIR/node_modules/.bin/redocly" lint --config redocly.yaml "$SPEC" \
  >"$LOG" 2>&1 || status=$?
grep -v -E "^ *║|^ *╔|^ *╚" "$LOG" | sed '/^$/N;/^\n$/D'
if [ "$status" -ne 0 ]; then
  echo "redocly lint: errors in $SPEC" >&2
  exit 1
fi
if grep -qE "You have [0-9]+ warnings?" "$LOG"; then
  echo "redocly lint: warnings in $SPEC (fix them, or ignore one with its reason in .redocly.lint-ignore.yaml)" >&2
  exit 1
fi
