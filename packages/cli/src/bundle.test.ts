/**
 * The prebuilt CLI bundle (bin/build-bundle.js) and the freshness check that
 * decides between it and the tsx loader (bin/freshness.js).
 *
 * Builds go to throw-away directories under packages/cli/dist/ (inside the
 * repository, so the bundle's external npm imports resolve from node_modules
 * as they do for the real one); the real dist/gopherlab.mjs, which other
 * people's `gopherlab` processes may be running, is never touched. Freshness is
 * tested on temporary trees, never by touching shared sources.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle, snapshot, writeStamp } from '../bin/build-bundle.js';
import { BUNDLE_ENTRY, InvalidLoaderError, STAMP_FILE, chooseEntry, freshBundle, readStamp } from '../bin/freshness.js';

const pexec = promisify(execFile);
const cliDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = resolve(cliDir, '../..');
const bin = join(cliDir, 'bin/gopherlab.js');
const benchstatData = join(root, 'packages/profiling/testdata/benchstat');

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

async function node(args: string[], env: Record<string, string> = {}): Promise<Ran> {
  try {
    const { stdout, stderr } = await pexec(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

describe('freshness check', () => {
  let tree: string;
  let out: string;
  // Whole seconds, so that setting an mtime back restores it exactly.
  const T0 = 1_700_000_000;

  function write(rel: string, content: string, mtime = T0): void {
    mkdirSync(dirname(join(tree, rel)), { recursive: true });
    writeFileSync(join(tree, rel), content);
    utimesSync(join(tree, rel), mtime, mtime);
  }

  beforeAll(() => {
    tree = mkdtempSync(join(tmpdir(), 'gopherlab-fresh-'));
    out = join(tree, 'out');
  });
  afterAll(() => rmSync(tree, { recursive: true, force: true }));

  function stampTree(): void {
    rmSync(out, { recursive: true, force: true });
    write('packages/a/src/a.ts', 'export const a = 1;\n');
    write('packages/b/src/deep/b.ts', 'export const b = 2;\n');
    write('package-lock.json', '{}\n');
    write('out/gopherlab.mjs', 'console.log("bundle");\n');
    writeStamp(out, { entry: 'x', outputs: [], ...snapshot(tree, ['packages/a/src/a.ts', 'packages/b/src/deep/b.ts', 'package-lock.json']) });
  }

  it('accepts the bundle while every input has its recorded mtime and size', () => {
    stampTree();
    expect(freshBundle(tree, out)).toBe(join(out, BUNDLE_ENTRY));
    expect(chooseEntry(tree, {}, out)).toBe(join(out, BUNDLE_ENTRY));
  });

  it('rejects it after a source is touched, and accepts it again when the mtime is put back', () => {
    stampTree();
    utimesSync(join(tree, 'packages/b/src/deep/b.ts'), T0 + 5, T0 + 5);
    expect(freshBundle(tree, out)).toBeUndefined();
    expect(chooseEntry(tree, {}, out)).toBeUndefined();
    utimesSync(join(tree, 'packages/b/src/deep/b.ts'), T0, T0);
    expect(freshBundle(tree, out)).toBe(join(out, BUNDLE_ENTRY));
  });

  it('rejects a file put back with an older mtime (cp -p, tar x), not only newer ones', () => {
    stampTree();
    write('packages/a/src/a.ts', 'export const a = 9;\n', T0 - 3600);
    expect(freshBundle(tree, out)).toBeUndefined();
  });

  it('rejects a change of size under the same mtime, a deleted input, and the lock file changing', () => {
    stampTree();
    write('packages/a/src/a.ts', 'export const a = 12345;\n');
    expect(freshBundle(tree, out)).toBeUndefined();
    write('packages/a/src/a.ts', 'export const a = 1;\n');
    expect(freshBundle(tree, out)).toBe(join(out, BUNDLE_ENTRY));
    unlinkSync(join(tree, 'packages/b/src/deep/b.ts'));
    expect(freshBundle(tree, out)).toBeUndefined();
    stampTree();
    write('package-lock.json', '{"x":1}\n', T0 + 1);
    expect(freshBundle(tree, out)).toBeUndefined();
  });

  it('rejects a missing entry or chunk, a missing, corrupt or other-version stamp', () => {
    stampTree();
    unlinkSync(join(out, BUNDLE_ENTRY));
    expect(freshBundle(tree, out)).toBeUndefined();
    stampTree();
    write('out/gopherlab-chunk-X.mjs', '');
    writeStamp(out, { ...readStamp(out)!, outputs: ['gopherlab-chunk-X.mjs'] });
    expect(freshBundle(tree, out)).toBe(join(out, BUNDLE_ENTRY));
    unlinkSync(join(out, 'gopherlab-chunk-X.mjs'));
    expect(freshBundle(tree, out)).toBeUndefined();
    stampTree();
    const stampPath = join(out, STAMP_FILE);
    const stamp = readFileSync(stampPath, 'utf8');
    writeFileSync(stampPath, stamp.slice(0, 20));
    expect(freshBundle(tree, out)).toBeUndefined();
    writeFileSync(stampPath, stamp.replace('"version":1', '"version":0'));
    expect(freshBundle(tree, out)).toBeUndefined();
    unlinkSync(stampPath);
    expect(readStamp(out)).toBeUndefined();
    expect(freshBundle(tree, out)).toBeUndefined();
  });

  it('honours GOPHERLAB_CLI_LOADER', () => {
    stampTree();
    expect(chooseEntry(tree, { GOPHERLAB_CLI_LOADER: 'tsx' }, out)).toBeUndefined();
    utimesSync(join(tree, 'packages/a/src/a.ts'), T0 + 9, T0 + 9);
    expect(chooseEntry(tree, { GOPHERLAB_CLI_LOADER: 'bundle' }, out)).toBe(join(out, BUNDLE_ENTRY));
    expect(chooseEntry(tree, { GOPHERLAB_CLI_LOADER: 'auto' }, out)).toBeUndefined();
    expect(() => chooseEntry(tree, { GOPHERLAB_CLI_LOADER: 'fast' }, out)).toThrow(InvalidLoaderError);
  });

  it('reports a bad GOPHERLAB_CLI_LOADER with the catalog code instead of guessing', async () => {
    const ran = await node([bin, '--help'], { GOPHERLAB_CLI_LOADER: 'fast' });
    expect(ran.code).toBe(2);
    expect(ran.stdout).toBe('');
    expect(ran.stderr).toContain('GOPHERLAB_CLI_LOADER');
    expect(ran.stderr).toContain('[invalid_config]');
  });

  it('recognises a fresh bundle over a bundle-sized input list', () => {
    // ~150 inputs like the real stamp; what the check costs is measured by bench/cli-startup.ts.
    const rels: string[] = [];
    for (let i = 0; i < 150; i++) {
      rels.push(`packages/p${i % 6}/src/m${i}.ts`);
      write(rels[i]!, `export const v${i} = ${i};\n`);
    }
    rmSync(out, { recursive: true, force: true });
    write('out/gopherlab.mjs', '');
    writeStamp(out, { entry: 'x', outputs: [], ...snapshot(tree, rels) });
    expect(freshBundle(tree, out)).toBeDefined();
    write(rels[149]!, 'export const changed = true;\n');
    expect(freshBundle(tree, out)).toBeUndefined();
  });
});

describe('bundle build', () => {
  let work: string;

  beforeAll(() => {
    mkdirSync(join(cliDir, 'dist'), { recursive: true });
    work = mkdtempSync(join(cliDir, 'dist', '.test-bundle-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('keeps import.meta.url lookups of bundled sources pointing at the sources, and rebuilds only on change', async () => {
    // A probe entry that reads the runner's allowlist directory (found via
    // import.meta.url in packages/runner) and uses an external npm package.
    const probe = join(work, 'probe.ts');
    const write = (extra: string): void =>
      writeFileSync(
        probe,
        `import { ALLOWLIST_DIR, allowlistGoVersion } from '../../../runner/src/toolchain/allowlist.js';\nimport { z } from 'zod';\n` +
          `console.log(JSON.stringify({ dir: ALLOWLIST_DIR, go: allowlistGoVersion(), ok: z.string().safeParse('x').success${extra} }));\n`,
      );
    write('');
    const outDir = join(work, 'probe-out');
    const entry = relative(root, probe);
    expect(await buildBundle({ root, outDir, entry })).toBe('built');
    const bundled = readFileSync(join(outDir, BUNDLE_ENTRY), 'utf8') + readStamp(outDir)!.outputs!.map((f) => readFileSync(join(outDir, f), 'utf8')).join('');
    expect(bundled).toContain('from "zod"'); // external: imported, not inlined
    expect(readStamp(outDir)!.files.filter(([rel]) => rel.includes('node_modules'))).toEqual([]);
    const ran = await node([join(outDir, BUNDLE_ENTRY)]);
    expect(ran.stderr).toBe('');
    const got = JSON.parse(ran.stdout) as { dir: string; go: string; ok: boolean };
    expect(got).toEqual({ dir: join(root, 'packages/runner/src/toolchain/allowlist'), go: expect.stringMatching(/^1\.\d+/), ok: true });
    expect(statSync(join(got.dir, 'go.mod')).isFile()).toBe(true);

    expect(freshBundle(root, outDir)).toBe(join(outDir, BUNDLE_ENTRY));
    expect(await buildBundle({ root, outDir, entry })).toBe('up-to-date');
    // Same content, new mtime: re-stamped, not rebuilt, and fresh again.
    const later = new Date(Date.now() + 2000);
    utimesSync(probe, later, later);
    expect(freshBundle(root, outDir)).toBeUndefined();
    expect(await buildBundle({ root, outDir, entry })).toBe('restamped');
    expect(freshBundle(root, outDir)).toBe(join(outDir, BUNDLE_ENTRY));
    // Changed content: rebuilt, and the bundle runs the new code.
    write(`, changed: true`);
    expect(freshBundle(root, outDir)).toBeUndefined();
    expect(await buildBundle({ root, outDir, entry })).toBe('built');
    expect(JSON.parse((await node([join(outDir, BUNDLE_ENTRY)])).stdout)).toMatchObject({ changed: true });
  }, 60_000);

  it('builds the CLI, whose output matches the tsx path for --help, benchstat and errors', async () => {
    const outDir = join(work, 'cli');
    expect(await buildBundle({ root, outDir, force: true })).toBe('built');
    const bundle = join(outDir, BUNDLE_ENTRY);
    const stamp = readStamp(outDir)!;
    // Every workspace package the CLI uses went in; no third-party file did.
    const inputs = stamp.files.map(([rel]) => rel);
    for (const pkg of ['cli', 'errors', 'runner', 'profiling', 'course', 'server']) {
      expect(inputs.some((rel) => rel.startsWith(`packages/${pkg}/src/`))).toBe(true);
    }
    expect(inputs.filter((rel) => rel.includes('node_modules'))).toEqual([]);
    expect(inputs).toContain('package-lock.json');

    const cases = [
      ['--help'],
      ['benchstat', join(benchstatData, 'old.txt'), join(benchstatData, 'new.txt')],
      ['benchstat', '--json', join(benchstatData, 'old.txt'), join(benchstatData, 'new.txt')],
      ['benchstat', '--help'],
      ['no-such-command'],
      ['benchstat', join(benchstatData, 'does-not-exist.txt')],
    ];
    // Side by side, so the slow --help of both paths overlaps.
    const results = await Promise.all(
      cases.map(async (args) => {
        const [viaBundle, viaTsx] = await Promise.all([node([bundle, ...args]), node([bin, ...args], { GOPHERLAB_CLI_LOADER: 'tsx' })]);
        return { args, viaBundle, viaTsx };
      }),
    );
    for (const { args, viaBundle, viaTsx } of results) {
      expect(viaBundle, args.join(' ')).toEqual(viaTsx);
    }
    expect(results[0]!.viaBundle.stdout).toContain('benchstat');
    expect(results[1]!.viaBundle.code).toBe(0);
    expect(results[4]!.viaBundle.code).toBe(2);
  }, 120_000);
});
