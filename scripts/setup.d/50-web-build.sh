# The web app's production bundle (packages/web/dist), served by `gopherlab serve`.
# Rebuilt only when something that goes into the bundle changed: the web
# sources, the browser-side packages it bundles (profiling, errors, runner's
# model types) and the dependency lock. A hash of those inputs' contents is
# stored next to the bundle; hashing them takes a few tens of milliseconds.
web_inputs_hash() {
  # A missing input path must not abort setup (set -o pipefail): it simply
  # contributes nothing to the hash.
  { find packages/web/src packages/web/index.html packages/web/vite.config.ts packages/web/package.json \
      packages/profiling/src packages/errors/src packages/runner/src/model package-lock.json \
      -type f -not -name '*.test.ts' -print0 2>/dev/null || true; } | sort -z | xargs -0 -r sha256sum | sha256sum | cut -d' ' -f1
}
web_stamp="packages/web/dist/.inputs-hash"
web_want="$(web_inputs_hash)"
if [ ! -f packages/web/dist/index.html ] || [ ! -f "$web_stamp" ] || [ "$(cat "$web_stamp")" != "$web_want" ]; then
  log "building the web app (vite)"
  (cd packages/web && npx --no-install vite build --logLevel warn)
  echo "$web_want" > "$web_stamp"
fi
