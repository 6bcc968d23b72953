# The CLI's prebuilt bundle (packages/cli/dist/gopherlab.mjs): `gopherlab`
# starts it with plain Node instead of running the TypeScript sources through
# tsx's loader, which costs ~0.4 s CPU at every start. bin/gopherlab.js only
# uses it while it matches the sources (else it silently falls back to tsx), so
# this step is an optimisation, never a requirement: a failed build is logged
# and setup goes on.
# build-bundle.js decides itself whether anything changed: it records the
# mtime, size and content hash of every file that went into the bundle; when
# nothing changed it only stats them (a few ms), when only mtimes changed
# (identical content, e.g. after a checkout) it re-stamps, otherwise it
# rebuilds with esbuild (about a second). The lock serialises concurrent setups.
if ! flock /tmp/gopherlab-cli-bundle.lock node packages/cli/bin/build-bundle.js; then
  log "warning: building the CLI bundle failed; gopherlab will run its sources through tsx"
fi
