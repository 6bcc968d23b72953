# The sandbox (packages/runner/src/sandbox): bubblewrap, setpriv (util-linux),
# libseccomp's Python binding (generates the seccomp BPF), then the
# root-owned assets: seccomp filter, read-only module cache of the allowlist,
# trusted base build cache. Each asset is rebuilt only when its inputs change.
apt_ensure bubblewrap util-linux python3-seccomp gcc libc6-dev
if [ "$(id -u)" -ne 0 ]; then
  log "sandbox: not running as root; skipping sandbox assets (code execution stays disabled)"
else
  # One preparation at a time per host: parallel setups would swap the base cache under each other.
  flock /tmp/gopherlab-sandbox-setup.lock npx tsx packages/runner/src/toolchain/cli.ts prepare
fi
