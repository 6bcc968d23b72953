#!/usr/bin/env bash
# Re-captures every parser fixture from the real Go toolchain. Each fixture
# directory holds the Go program (src/) and the output files named after the
# command below. Run from this directory: `bash capture.sh`. Outputs contain
# timings and addresses, so parsers' tests assert structure, not exact numbers.
set -u
export GOTOOLCHAIN=local GOFLAGS=-mod=mod GOMAXPROCS=2 GOPROXY=off
cd "$(dirname "$0")"
run() { # dir outfile errfile cmd...
  local dir=$1 out=$2 err=$3; shift 3
  (cd "$dir/src" && "$@" >"../$out" 2>"../$err"; echo "exit $?" >"../$out.exit")
  printf '%s\n' "$*" >"$dir/$out.cmd"
}
run testjson test.jsonl test.stderr go test -json -count=1 ./...
# Go 1.27 marks failure lines (OutputType); both formats must parse. GO127 is its go command
# (setup: .cache/go-toolchains/golang.org/toolchain@v0.0.1-go1.27.3.linux-amd64/bin/go).
run stdversion test.jsonl test.stderr "${GO127:?set GO127 to Go 1.27.3's go}" test -json -count=1 ./...
run testjson test.go1.27.jsonl test.go1.27.stderr "${GO127:?set GO127 to Go 1.27.3's go}" test -json -count=1 ./...
run compile build.stdout build.stderr go build -o /dev/null .
run compile test.jsonl test.stderr go test -json -count=1 ./...
run compiletest test.jsonl test.stderr go test -json -count=1 ./...
run bench bench.jsonl bench.stderr go test -run=^$ -bench=. -benchmem -benchtime=2000x -json -count=1 ./...
run bench bench.txt bench-text.stderr go test -run=^$ -bench=. -benchmem -benchtime=2000x -count=1 ./...
CGO_ENABLED=1 run race test.jsonl test.stderr go test -race -json -count=1 ./...
CGO_ENABLED=1 run racemain run.stdout run.stderr go run -race .
run vet vet.json vet-json.stderr go vet -json ./...
run vet vet.stdout vet.stderr go vet ./...
run escape build.stdout build.stderr go build -gcflags=-m -o /dev/null .
run escape m2.stdout m2.stderr "${GO127:?set GO127 to Go 1.27.3's go}" build "-gcflags=-m=2 -d=ssa/check_bce/debug=1" -o /dev/null .
run asm build.stdout build.stderr "${GO127:?set GO127 to Go 1.27.3's go}" build -gcflags=-S -o /dev/null .
run asm bce.stdout bce.stderr "$GO127" build "-gcflags=-m -d=ssa/check_bce/debug=1" -o /dev/null .
(cd gctrace/src && go build -o /tmp/gctrace-fixture . && GODEBUG=gctrace=1 /tmp/gctrace-fixture >../run.stdout 2>../run.stderr; echo "exit $?" >../run.stdout.exit)
echo 'go build -o /tmp/gctrace-fixture . && GODEBUG=gctrace=1 /tmp/gctrace-fixture' >gctrace/run.stdout.cmd
(cd gctrace/src && GODEBUG=schedtrace=5 /tmp/gctrace-fixture >../sched.stdout 2>../sched.stderr; echo "exit $?" >../sched.stdout.exit)
echo 'GODEBUG=schedtrace=5 /tmp/gctrace-fixture' >gctrace/sched.stdout.cmd
run fuzz fuzz.jsonl fuzz.stderr go test -run=^$ -fuzz=FuzzReverse -fuzztime=3s -json ./...
rm -rf fuzz/src/testdata
# Leak dumps: the profiling package's TestMain harness added to leak/src, as the runner does.
rm -rf /tmp/leak-fixture && cp -r leak/src /tmp/leak-fixture
npx tsx -e "import('@gopherlab/profiling').then(m => process.stdout.write(m.leakHarnessSource('lk')))" >/tmp/leak-fixture/zz_gopherlab_leaks_test.go
mkdir -p leak/dumps
(cd /tmp/leak-fixture && GOEXPERIMENT=goroutineleakprofile GOPHERLAB_LEAK_DIR="$OLDPWD/leak/dumps" go test -count=1 . >/dev/null 2>&1)
echo 'GOEXPERIMENT=goroutineleakprofile GOPHERLAB_LEAK_DIR=leak/dumps go test -count=1 . (in leak/src plus the harness from leakHarnessSource("lk"))' >leak/dumps.cmd
