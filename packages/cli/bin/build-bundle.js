#!/usr/bin/env node
// Builds the prebuilt CLI bundle: packages/cli/src/main.ts and the
// @gopherlab/* workspace sources it imports, as ESM for Node 20, into
// packages/cli/dist/gopherlab.mjs (plus one chunk per lazily loaded command
// next to it). Every third-party npm package stays external and is resolved
// from node_modules at run time: native modules (better-sqlite3,
// @node-rs/argon2) cannot be bundled, and a dependency update then needs no
// rebuild. bin/gopherlab.js runs the bundle only while freshness.js says it
// matches the sources, so a stale bundle is never run; it only saves the
// ~0.4 s CPU the tsx loader costs at every start.
//
//   node packages/cli/bin/build-bundle.js [--force]
//
// Called by scripts/setup.d/60-cli-bundle.sh. Idempotent and cheap when
// nothing changed: it then only stats the recorded inputs; when only mtimes
// changed (a checkout that rewrote identical files), it compares content
// hashes and re-stamps instead of rebuilding.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLE_DIR, BUNDLE_ENTRY, STAMP_FILE, STAMP_VERSION, inputsUnchanged, readStamp } from './freshness.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const CHUNK_PREFIX = 'gopherlab-';

// Files that steer the build without being modules esbuild loads: the
// manifests and tsconfigs (resolution, exports, compiler options), the lock
// file (which versions the workspace links to) and this builder itself.
const FIXED_INPUTS = ['package.json', 'package-lock.json', 'tsconfig.base.json', 'packages/cli/bin/build-bundle.js', 'packages/cli/bin/freshness.js'];

function sha256(data) {
  return createHash('sha256').update(data).digest('hex');
}

function toPosix(p) {
  return p.split(sep).join('/');
}

/**
 * Reads a file together with the mtime and size of exactly the content read:
 * stat, read, stat again, and retry while the file is being written.
 */
function readStable(abs) {
  for (let attempt = 0; ; attempt++) {
    const before = statSync(abs);
    const content = readFileSync(abs);
    const after = statSync(abs);
    if (before.mtimeMs === after.mtimeMs && before.size === after.size && after.size === content.length) {
      return { content, mtimeMs: after.mtimeMs, size: after.size };
    }
    if (attempt >= 5) throw new Error(`${abs} keeps changing while it is read`);
  }
}

/** Hash of the inputs' contents, in the stamp's order. */
function contentHash(entries) {
  const h = createHash('sha256');
  for (const { rel, content } of entries) h.update(`${rel}\0${sha256(content)}\n`);
  return h.digest('hex');
}

/**
 * Records the given files (paths relative to root) as a stamp's `files`
 * ([rel, mtimeMs, size], sorted) and their content hash.
 */
export function snapshot(root, rels) {
  const entries = [...new Set(rels)].sort().map((rel) => ({ rel, ...readStable(join(root, rel)) }));
  return { files: entries.map((e) => [e.rel, e.mtimeMs, e.size]), contentHash: contentHash(entries) };
}

function writeAtomic(path, data) {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/** Writes the stamp that freshness.js checks. */
export function writeStamp(outDir, stamp) {
  writeAtomic(join(outDir, STAMP_FILE), `${JSON.stringify({ version: STAMP_VERSION, ...stamp })}\n`);
}

/**
 * The esbuild plugin: keeps non-workspace packages external, and reads every
 * bundled module itself so the stamp records the mtime of exactly the content
 * that went in. It also rewrites `import.meta.url` (and `.dirname`,
 * `.filename`) in bundled modules to the URL of the module's source file,
 * computed relative to the bundle so the repository can move: sources locate
 * files next to them that way (the runner's allowlist/ directory, the seccomp
 * generator), and in a bundle `import.meta.url` would otherwise be the
 * bundle's own URL. All outputs live in one directory, so the relative path is
 * the same whichever chunk a module lands in.
 */
function gopherlabPlugin(root, outDir, loaded) {
  return {
    name: 'gopherlab-cli-bundle',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@gopherlab/') ? undefined : { path: args.path, external: true }));
      build.onLoad({ filter: /.*/, namespace: 'file' }, (args) => {
        if (args.path.includes(`${sep}node_modules${sep}`)) {
          // Only workspace code is bundled; reaching here means a package
          // slipped past the external rule above.
          throw new Error(`refusing to bundle a third-party file: ${args.path}`);
        }
        const { content, mtimeMs, size } = readStable(args.path);
        const rel = toPosix(relative(root, args.path));
        loaded.set(rel, { rel, content, mtimeMs, size });
        let text = content.toString('utf8');
        if (/\bimport\.meta\.(url|dirname|filename)\b/.test(text)) {
          const fromBundle = toPosix(relative(outDir, args.path)).split('/').map(encodeURIComponent).join('/');
          const url = `new URL(${JSON.stringify(fromBundle)}, import.meta.url)`;
          text =
            `import { fileURLToPath as __gopherlabFileURLToPath } from 'node:url';\n` +
            text
              .replace(/\bimport\.meta\.url\b/g, `${url}.href`)
              .replace(/\bimport\.meta\.filename\b/g, `__gopherlabFileURLToPath(${url})`)
              .replace(/\bimport\.meta\.dirname\b/g, `__gopherlabFileURLToPath(new URL('.', ${url})).replace(/\\/$/, '')`);
        }
        const ext = extname(args.path);
        const loader = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx', '.json': 'json' }[ext] ?? 'js';
        return { contents: text, loader };
      });
    },
  };
}

/** The workspace packages (packages/<name>) that own the loaded files. */
function packageDirs(rels) {
  const dirs = new Set();
  for (const rel of rels) {
    const m = /^(packages\/[^/]+)\//.exec(rel);
    if (m) dirs.add(m[1]);
  }
  return [...dirs];
}

/**
 * Builds, re-stamps or leaves alone the bundle in `outDir`.
 * Returns what it did: 'up-to-date', 'restamped' or 'built'.
 */
export async function buildBundle({ root = REPO_ROOT, outDir = join(root, BUNDLE_DIR), entry = 'packages/cli/src/main.ts', force = false } = {}) {
  const stamp = readStamp(outDir);
  const outputsPresent = stamp && [BUNDLE_ENTRY, ...(stamp.outputs ?? [])].every((f) => existsSync(join(outDir, f)));
  if (!force && stamp && outputsPresent && stamp.entry === entry) {
    if (inputsUnchanged(root, stamp)) return 'up-to-date';
    // Same content under new mtimes (a checkout, `touch`): only re-stamp.
    try {
      const again = snapshot(root, stamp.files.map(([rel]) => rel));
      if (again.contentHash === stamp.contentHash) {
        writeStamp(outDir, { ...stamp, ...again });
        return 'restamped';
      }
    } catch {
      // An input disappeared: rebuild below.
    }
  }

  const esbuild = await import('esbuild');
  mkdirSync(outDir, { recursive: true });
  const loaded = new Map();
  // Stat the fixed inputs before building, so that an edit during the build
  // leaves the stamp stale rather than recording the new mtime.
  const fixedBefore = FIXED_INPUTS.filter((rel) => existsSync(join(root, rel)));
  const fixed = fixedBefore.map((rel) => ({ rel, ...readStable(join(root, rel)) }));
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { [BUNDLE_ENTRY.replace(/\.mjs$/, '')]: join(root, entry) },
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    chunkNames: `${CHUNK_PREFIX}[name]-[hash]`,
    // Keep names readable in stack traces; the bundle is not shipped over a wire.
    minify: false,
    legalComments: 'none',
    logLevel: 'silent',
    write: false,
    metafile: true,
    plugins: [gopherlabPlugin(root, outDir, loaded)],
  });
  for (const w of result.warnings) {
    process.stderr.write(`build-bundle: warning: ${w.text}${w.location ? ` (${w.location.file}:${w.location.line})` : ''}\n`);
  }

  const extra = [];
  for (const dir of packageDirs(loaded.keys())) {
    for (const f of ['package.json', 'tsconfig.json']) {
      const rel = `${dir}/${f}`;
      if (existsSync(join(root, rel))) extra.push({ rel, ...readStable(join(root, rel)) });
    }
  }
  const entries = [...loaded.values(), ...fixed, ...extra].sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));

  // Chunks first (content-hashed names, so an older entry that a running
  // process still uses keeps its own), then the entry, then the stamp: each
  // by rename, so a concurrent `gopherlab` never sees a half-written file.
  const outputs = [];
  let entryFile;
  for (const file of result.outputFiles) {
    const name = toPosix(relative(outDir, file.path));
    if (name === BUNDLE_ENTRY) entryFile = file;
    else {
      outputs.push(name);
      writeAtomic(file.path, file.contents);
    }
  }
  if (!entryFile) throw new Error(`esbuild produced no ${BUNDLE_ENTRY}`);
  writeAtomic(entryFile.path, entryFile.contents);
  writeStamp(outDir, {
    entry,
    esbuild: esbuild.version,
    outputs: outputs.sort(),
    files: entries.map((e) => [e.rel, e.mtimeMs, e.size]),
    contentHash: contentHash(entries),
  });

  // Chunks of earlier builds: removed once they are an hour old, so that a
  // process started just before this build can still load its lazy chunks.
  const keep = new Set(outputs);
  for (const name of readdirSync(outDir)) {
    if (!name.startsWith(CHUNK_PREFIX) || keep.has(name)) continue;
    try {
      if (Date.now() - statSync(join(outDir, name)).mtimeMs > 3600_000) rmSync(join(outDir, name), { force: true });
    } catch {
      // Removed concurrently: fine.
    }
  }
  return 'built';
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = performance.now();
  const action = await buildBundle({ force: process.argv.includes('--force') });
  if (action !== 'up-to-date') {
    process.stderr.write(`build-bundle: ${action} ${BUNDLE_DIR}/${BUNDLE_ENTRY} in ${Math.round(performance.now() - t0)} ms\n`);
  }
}
