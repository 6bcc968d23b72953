# npm dependencies, reinstalled only when package-lock.json or the Node version changed.
stamp="node_modules/.gopherlab-lock-hash"
# The Node version is part of the stamp: native modules are built for one ABI.
want="$( (sha256sum package-lock.json; node --version) | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
