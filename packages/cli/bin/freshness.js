// Is the prebuilt CLI bundle (packages/cli/dist/gopherlab.mjs) still what the
// sources say? Runs at every start of `gopherlab`, so it only stats files: no
// reading, no hashing. Plain JavaScript because it runs before any TypeScript
// loader exists.
//
// The build (build-bundle.js) records, for every file that went into the
// bundle (each TypeScript module esbuild loaded, the package.json and
// tsconfig files that steer resolution, the lock file and the build script),
// the mtime and size it had when its content was read. The bundle is fresh
// when every one of those files still has exactly that mtime and size. "Exactly"
// rather than "not newer than the build" also catches files put back with an
// older mtime (`cp -p`, `tar x`, `git stash pop` of an old copy), and a
// deleted input fails its stat. A file the bundle never loaded cannot change
// its behaviour unless an input changes to import it, which changes that
// input's mtime. Measured: ~150 stats, 3-5 ms in a new process (bench/cli-startup.ts).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Bumped whenever the stamp's layout or the build's output layout changes. */
export const STAMP_VERSION = 1;

/** Paths relative to the repository root. */
export const BUNDLE_DIR = 'packages/cli/dist';
export const BUNDLE_ENTRY = 'gopherlab.mjs';
export const STAMP_FILE = 'gopherlab.stamp.json';

/**
 * Reads the stamp of the bundle in `outDir`; undefined when it is missing,
 * unreadable or of another version (all of which mean: do not trust the bundle).
 */
export function readStamp(outDir) {
  try {
    const stamp = JSON.parse(readFileSync(join(outDir, STAMP_FILE), 'utf8'));
    if (stamp?.version !== STAMP_VERSION || !Array.isArray(stamp.files)) return undefined;
    return stamp;
  } catch {
    return undefined;
  }
}

/**
 * True when every input recorded in `stamp.files` ([path relative to root,
 * mtimeMs, size]) still has the recorded mtime and size.
 */
export function inputsUnchanged(root, stamp) {
  for (const [rel, mtimeMs, size] of stamp.files) {
    const st = statSync(join(root, rel), { throwIfNoEntry: false });
    if (!st || st.mtimeMs !== mtimeMs || st.size !== size) return false;
  }
  return true;
}

/**
 * The bundle's entry file when the bundle in `outDir` (default: the standard
 * place under `root`) exists and was built from the files as they are now;
 * otherwise undefined.
 */
export function freshBundle(root, outDir = join(root, BUNDLE_DIR)) {
  const stamp = readStamp(outDir);
  if (!stamp) return undefined;
  // The entry and its chunks (which it imports lazily, too late to fall back).
  const entry = join(outDir, BUNDLE_ENTRY);
  for (const file of [entry, ...(stamp.outputs ?? []).map((f) => join(outDir, f))]) {
    if (!statSync(file, { throwIfNoEntry: false })?.isFile()) return undefined;
  }
  return inputsUnchanged(root, stamp) ? entry : undefined;
}

export const LOADER_MODES = ['auto', 'bundle', 'tsx'];

/** A bad GOPHERLAB_CLI_LOADER; the bin reports it with the catalog's code. */
export class InvalidLoaderError extends Error {
  code = 'invalid_config';
  constructor(value) {
    super(`The configuration is invalid:\n  GOPHERLAB_CLI_LOADER: expected one of ${LOADER_MODES.join(', ')}, got "${value}"`);
  }
}

/**
 * What bin/gopherlab.js runs: the bundle's entry file, or undefined for the
 * TypeScript sources through tsx. GOPHERLAB_CLI_LOADER=tsx forces the sources,
 * =bundle the bundle even when stale (benchmarks, debugging the bundle);
 * auto (the default) the bundle when fresh. Other values are an error, like
 * every bad GOPHERLAB_ variable.
 */
export function chooseEntry(root, env = process.env, outDir = join(root, BUNDLE_DIR)) {
  const mode = env.GOPHERLAB_CLI_LOADER || 'auto';
  if (!LOADER_MODES.includes(mode)) throw new InvalidLoaderError(mode);
  if (mode === 'tsx') return undefined;
  if (mode === 'bundle') return join(outDir, BUNDLE_ENTRY);
  return freshBundle(root, outDir);
}
