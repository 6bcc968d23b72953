#!/usr/bin/env bash
# Regenerates every pprof fixture in this directory from the Go programs next
# to it, with the Go toolchain on PATH (go1.26.8 when the fixtures were made).
# The fixtures are committed; tests never run this script. Run it from any
# directory: bash packages/profiling/testdata/pprof/gen.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# 1. go test -cpuprofile/-memprofile/-blockprofile/-mutexprofile on package work.
#    -memprofilerate=4096 keeps enough heap samples in a short run.
(cd "$here/work" && go test -run='^$' -bench=. -benchtime=200ms -count=1 \
  -cpuprofile="$here/test-cpu.pb.gz" -memprofile="$here/test-mem.pb.gz" -memprofilerate=4096 \
  -blockprofile="$here/test-block.pb.gz" -mutexprofile="$here/test-mutex.pb.gz" \
  -o "$tmp/work.test" .)

# 2. runtime/pprof: CPU with labels, goroutine, heap, allocs.
(cd "$here/runtimeprog" && go run . "$here")

# 3. net/http/pprof: CPU, heap and goroutine downloaded over HTTP.
(cd "$here/httpprog" && go run . "$here")

# 4. A before/after pair for the diff flame graph: the same package, the
#    "new" run adds the large-allocation benchmark and drops the small one.
(cd "$here/work" && go test -run='^$' -bench='CPU|AllocSmall' -benchtime=200ms -count=1 \
  -cpuprofile="$here/diff-base.pb.gz" -o "$tmp/work.test" .)
(cd "$here/work" && go test -run='^$' -bench='CPU|AllocLarge' -benchtime=200ms -count=1 \
  -cpuprofile="$here/diff-new.pb.gz" -o "$tmp/work.test" .)

# 5. One raw (not gzipped) protobuf, to test that the decoder accepts both.
gzip -dc "$here/test-cpu.pb.gz" > "$here/test-cpu.pb"
