# Go programs the product and the tests call, built with the newest toolchain
# (25-go-toolchains.sh) once into
# GOPHERLAB_GO_BIN_DIR (default .cache/go-bin):
# - our helpers shipped in go/cmd/ (e.g. traceconv, the execution-trace converter);
# - pprof from the toolchain's own sources: since Go 1.26 the release no longer
#   ships it prebuilt in $GOROOT/pkg/tool, so a bare `go tool pprof` compiles it
#   on first use (a minute on an empty build cache, which made tests time out).
# Rebuilt only when a source file, go.mod, go.sum or the Go version changed,
# so a repeated setup costs a hash.
go_bin_dir="${GOPHERLAB_GO_BIN_DIR:-$ROOT/.cache/go-bin}"
mkdir -p "$go_bin_dir"
go_stamp="$go_bin_dir/.sources-hash"
go_want="$( (cd "$ROOT/go" && find . -name '*.go' -o -name go.mod -o -name go.sum | LC_ALL=C sort | xargs sha256sum; "$GOPHERLAB_GO" version) | sha256sum | cut -d' ' -f1)"
go_have_all=1
for cmd in "$ROOT"/go/cmd/*/ pprof; do
  [ -x "$go_bin_dir/$(basename "$cmd")" ] || go_have_all=0
done
if [ "$go_have_all" -eq 0 ] || [ ! -f "$go_stamp" ] || [ "$(cat "$go_stamp")" != "$go_want" ]; then
  log "building Go helpers and pprof into $go_bin_dir"
  (cd "$ROOT/go" && GOTOOLCHAIN=local GOFLAGS=-mod=readonly "$GOPHERLAB_GO" build -trimpath -o "$go_bin_dir/" ./cmd/...) \
    || die "building the Go helpers in go/ failed (see the errors above)"
  GOTOOLCHAIN=local GOFLAGS= GOWORK=off "$GOPHERLAB_GO" build -trimpath -o "$go_bin_dir/pprof" cmd/pprof \
    || die "building pprof from the Go toolchain's sources failed (see the errors above)"
  echo "$go_want" > "$go_stamp"
fi
unset go_bin_dir go_stamp go_want go_have_all
