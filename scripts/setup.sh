#!/usr/bin/env bash
# Sets up everything gopherlab needs on a Debian 12 host, idempotently:
# system packages, npm dependencies, the sandbox's read-only Go caches, Go
# helpers and the web bundle. Each step lives in scripts/setup.d/NN-name.sh so
# that features own their setup. `--test` also installs what the test suite
# needs (Chromium, PostgreSQL, Redis).
source "$(dirname "$0")/lib.sh"
export GOPHERLAB_SETUP_MODE="${1:-}"
cd "$ROOT"
for step in scripts/setup.d/*.sh; do
  log "setup: $(basename "$step" .sh)"
  # shellcheck source=/dev/null
  source "$step"
done
log "setup complete"
