/**
 * Hostile use of the Go toolchain itself: cgo, toolchain downloads, absurd
 * binaries, and poisoning of the shared build and module caches. Also proves
 * the caches work: allowlisted modules resolve offline and std comes from the
 * trusted base cache.
 */
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetPaths, defaultLimits, resolveSandboxConfig, type SandboxResult } from '../../src/sandbox/index.js';
import { allowlistGoVersion, loadAllowlist } from '../../src/toolchain/index.js';
import { goFiles, parseReport, startHostile, unavailableReason, type Hostile } from './helpers.js';

const skip = await unavailableReason();

/** A fingerprint of a directory tree: names, sizes and contents of a sample. */
function treeHash(dir: string): string {
  const h = createHash('sha256');
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) h.update(`${p}:${statSync(p).size}:${statSync(p).mtimeMs}\n`);
    }
  };
  walk(dir);
  return h.digest('hex');
}

describe.skipIf(skip !== undefined)('hostile: toolchain and caches', () => {
  let h: Hostile;
  const limits = { ...defaultLimits, timeoutMs: 60_000 };
  const goRun = (dir: string, args: string[] = [], extra: Partial<Parameters<Hostile['sandbox']['exec']>[0]> = {}): Promise<SandboxResult> =>
    h.sandbox.exec({ argv: ['go', 'run', '.', ...args], files: goFiles(dir), limits, ...extra });

  beforeAll(async () => {
    h = await startHostile();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('cgo system() runs as the unprivileged slot user with no host access', async () => {
    const r = await goRun('cgo', ['id -u; cat /etc/shadow; ls /root; echo done'], { cgo: true });
    expect(r.status, r.stderr).toBe('exited');
    expect(r.stdout).toMatch(/^\d+\n/);
    expect(Number(r.stdout.split('\n')[0])).toBeGreaterThanOrEqual(1000);
    expect(r.stdout).toContain('done');
    expect(r.stderr).toMatch(/cat: \/etc\/shadow: No such file/);
    expect(r.stderr).toMatch(/ls: cannot access '\/root'/);
    await h.expectBenign();
  });

  it('a go.mod asking for go 1.99 fails fast without downloading a toolchain', async () => {
    const r = await h.sandbox.exec({ argv: ['go', 'build', '.'], files: goFiles('newgo'), limits });
    expect(r.status).toBe('exited');
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/go\.mod requires go >= 1\.99/);
    expect(r.stderr).toMatch(/GOTOOLCHAIN=local/);
    expect(r.wallMs).toBeLessThan(5000);
    await h.expectBenign();
  });

  it('a 16 GiB global array is refused by the toolchain or stopped by the memory limit', async () => {
    const r = await goRun('bigarray', [], { limits: { ...limits, memoryBytes: 256 * 1024 * 1024 } });
    expect(['exited', 'memory_limit']).toContain(r.status);
    expect(r.exitCode).not.toBe(0);
    expect(r.stdout).not.toContain('touched');
    await h.expectBenign();
  });

  it('build-cache and module-cache poisoning reaches neither the base caches nor the next run', async () => {
    const cfg = resolveSandboxConfig();
    const assets = assetPaths(cfg);
    const baseBefore = treeHash(assets.baseCache);
    const modBefore = treeHash(join(assets.modCache, 'golang.org'));
    const poison = await h.run('poison', [], { timeoutMs: 60_000 });
    expect(poison.status, poison.stderr).toBe('exited');
    const res = parseReport<Record<string, number>>(poison.stdout);
    // The module cache is a read-only bind. The build cache is an overlay:
    // whatever the run wrote or deleted there went to its own upper layer
    // (gone with the run), so the base is byte-for-byte unchanged.
    expect(res.modFilesOverwritten ?? 0).toBe(0);
    expect((res.cacheFilesOverwritten ?? 0) + (res.cacheFilesRemoved ?? 0) + (res.cacheFilesPlanted ?? 0)).toBeGreaterThan(0);
    expect(treeHash(assets.baseCache)).toBe(baseBefore);
    expect(treeHash(join(assets.modCache, 'golang.org'))).toBe(modBefore);
    const r = await goRun('hello');
    expect(r.status, r.stderr).toBe('exited');
    expect(r.stdout).toBe('alpha,beta,gamma 3\n');
  });

  it('allowlisted modules resolve offline from the read-only module cache', async () => {
    const allow = loadAllowlist();
    const uuid = allow.find((m) => m.path === 'github.com/google/uuid')!;
    const sync = allow.find((m) => m.path === 'golang.org/x/sync')!;
    expect(uuid.sum.length).toBeGreaterThan(0);
    const requires = new Map([...uuid.requires, ...sync.requires, uuid, sync].map((m) => [m.path, m.version]));
    const gomod = `module example.com/deps\n\ngo ${allowlistGoVersion()}\n\nrequire (\n${[...requires].map(([p, v]) => `\t${p} ${v}`).join('\n')}\n)\n`;
    const main = 'package main\n\nimport (\n\t"fmt"\n\n\t"github.com/google/uuid"\n\t"golang.org/x/sync/errgroup"\n)\n\nfunc main() {\n\tvar g errgroup.Group\n\tg.Go(func() error { return nil })\n\tfmt.Println(g.Wait() == nil, len(uuid.NewString()))\n}\n';
    const r = await h.sandbox.exec({
      argv: ['go', 'run', '.'],
      files: [
        { name: 'go.mod', content: gomod },
        { name: 'go.sum', content: [...new Set([...uuid.sum, ...sync.sum])].join('\n') + '\n' },
        { name: 'main.go', content: main },
      ],
      env: { GOFLAGS: '-mod=readonly' },
      limits,
    });
    expect(r.status, r.stderr).toBe('exited');
    expect(r.stdout).toBe('true 36\n');
  });

  it('std comes from the trusted base cache: a small program builds in a fraction of a cold build', async () => {
    const r = await h.sandbox.exec({ argv: ['go', 'build', '-x', '-o', '/dev/null', '.'], files: goFiles('hello'), limits });
    expect(r.status, r.stderr).toBe('exited');
    // -x prints every compile action; with std cached only the main package compiles.
    const compiles = r.stderr.split('\n').filter((l) => /\/compile /.test(l) || /tool\/linux_amd64\/compile/.test(l));
    expect(compiles.length).toBe(1);
  });

  it('a build copies nothing of the base cache into the run (no mtime refresh, no daily trim)', async () => {
    // Inside the run GOCACHE is the overlay: a base entry the go command
    // touched would show a recent mtime (and was copied up in full). After a
    // build, every entry but the run's own new ones still has the base's 2100
    // mtime, and trim.txt is the slot's fresh one, so no trim walks the base.
    const script = [
      'go build -o /dev/null . || exit 1',
      'echo "base $(find "$GOCACHE" -type f -newermt 2099-01-01 | wc -l)"',
      'echo "recent $(find "$GOCACHE" -type f ! -newermt 2099-01-01 ! -name trim.txt ! -name README | wc -l)"',
      'echo "trim $(( $(date +%s) - $(cat "$GOCACHE/trim.txt") ))"',
    ].join('\n');
    const r = await h.sandbox.exec({ argv: ['/bin/sh', '-c', script], files: goFiles('hello'), limits });
    expect(r.status, r.stderr).toBe('exited');
    const n = (k: string) => Number(new RegExp(`^${k} (-?\\d+)$`, 'm').exec(r.stdout)?.[1] ?? NaN);
    expect(n('base')).toBeGreaterThan(1000);
    // Only the entries of the hello package's own compile and link are new.
    expect(n('recent')).toBeLessThan(30);
    expect(n('trim')).toBeLessThan(24 * 3600);
  });
});
