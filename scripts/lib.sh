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
