# The Go releases a run may select (options.goVersion), newest first. The go
# command fetches each official toolchain from the Go module proxy (checksummed
# by sum.golang.org; ~76 MB, once) into .cache/go-toolchains; a release equal
# to the machine's own Go is the machine's Go. The sandbox binds each GOROOT
# read-only (30-sandbox.sh writes the list into data/sandbox/toolchains.json);
# 40-go-helpers.sh builds our tools with the newest.
GO_RELEASES="go1.27.3 go1.26.8"
go_toolchains="$ROOT/.cache/go-toolchains"
GOPHERLAB_GOROOTS=""
for release in $GO_RELEASES; do
  goroot="$(cd / && GOMODCACHE="$go_toolchains" GOTOOLCHAIN="$release" GOFLAGS= GOWORK=off go env GOROOT)" \
    || die "could not fetch Go $release from the Go module proxy (see the errors above)"
  [ -x "$goroot/bin/go" ] || die "Go $release: no go command at $goroot"
  GOPHERLAB_GOROOTS="${GOPHERLAB_GOROOTS:+$GOPHERLAB_GOROOTS:}$goroot"
done
export GOPHERLAB_GOROOTS
# The newest release's go command, for what setup builds.
GOPHERLAB_GO="${GOPHERLAB_GOROOTS%%:*}/bin/go"
export GOPHERLAB_GO
unset go_toolchains release goroot
