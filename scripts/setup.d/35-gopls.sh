# gopls for editor sessions (packages/runner/src/editor), pinned by
# go/gopls/go.mod, built with the newest toolchain into GOPHERLAB_GO_BIN_DIR
# and installed root-owned into the sandbox's tools (bound read-only at
# /opt/gopherlab/tools inside). Rebuilt only when go.mod, go.sum or the Go
# version change. Without root there is no sandbox, so no editor sessions.
go_bin_dir="${GOPHERLAB_GO_BIN_DIR:-$ROOT/.cache/go-bin}"
gopls_stamp="$go_bin_dir/.gopls-hash"
gopls_want="$( (cd "$ROOT/go/gopls" && sha256sum go.mod go.sum; "$GOPHERLAB_GO" version) | sha256sum | cut -d' ' -f1)"
if [ ! -x "$go_bin_dir/gopls" ] || [ ! -f "$gopls_stamp" ] || [ "$(cat "$gopls_stamp")" != "$gopls_want" ]; then
  log "building gopls (go/gopls/go.mod) into $go_bin_dir (a few minutes on an empty build cache)"
  mkdir -p "$go_bin_dir"
  (cd "$ROOT/go/gopls" && GOTOOLCHAIN=local GOFLAGS=-mod=readonly GOWORK=off CGO_ENABLED=0 "$GOPHERLAB_GO" build -trimpath -o "$go_bin_dir/gopls" golang.org/x/tools/gopls) \
    || die "building gopls failed (see the errors above)"
  echo "$gopls_want" > "$gopls_stamp"
fi
if [ "$(id -u)" -eq 0 ]; then
  tools_dir="${GOPHERLAB_SANDBOX_DIR:-${GOPHERLAB_DATA_DIR:-$ROOT/data}/sandbox}/tools"
  mkdir -p "$tools_dir"
  if ! cmp -s "$go_bin_dir/gopls" "$tools_dir/gopls"; then
    install -m 0755 -o root -g root "$go_bin_dir/gopls" "$tools_dir/gopls.new" && mv -f "$tools_dir/gopls.new" "$tools_dir/gopls"
  fi
  unset tools_dir
fi
unset go_bin_dir gopls_stamp gopls_want
