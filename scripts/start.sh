#!/usr/bin/env bash
# Quick start: set up (idempotent) and start the server with embedded SQLite
# and the in-process job queue.
source "$(dirname "$0")/lib.sh"
bash "$ROOT/scripts/setup.sh"
cd "$ROOT"
exec node packages/cli/bin/gopherlab.js serve "$@"
