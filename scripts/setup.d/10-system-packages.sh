# System packages. Runtime: bubblewrap (the sandbox), gcc (cgo, -race).
apt_ensure bubblewrap gcc libc6-dev
if [ "${GOPHERLAB_SETUP_MODE:-}" = "--test" ]; then
  # Test-only: a real browser (with CJK fonts, so zh-CN pages render in screenshots), a real PostgreSQL and a real Redis.
  apt_ensure chromium fonts-noto-cjk postgresql redis-server
fi
command -v go >/dev/null || die "Go is not installed (need Go 1.26, https://go.dev/dl/)"
