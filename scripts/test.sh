#!/usr/bin/env bash
# Runs the whole test suite: sets up (including test-only system packages),
# starts PostgreSQL and Redis on loopback for the duration, runs vitest and
# prints a plain "N passed, N failed" line at the end.
source "$(dirname "$0")/lib.sh"
bash "$ROOT/scripts/setup.sh" --test
cd "$ROOT"
source scripts/services.sh
services_start
trap services_stop EXIT
mkdir -p .cache
report=".cache/vitest-report.json"
rm -f "$report"
set +e
npx vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@"
status=$?
set -e
node scripts/summarize-tests.mjs "$report" || status=1
exit $status
