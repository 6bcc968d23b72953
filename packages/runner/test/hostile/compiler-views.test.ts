/**
 * Hostile use of the compiler views (action `asm`, escape with bounds
 * checks): a listing far beyond the output limit is stopped and reported as
 * such, no host or sandbox path reaches the report, and the runner stays usable.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunner, type SandboxedRunner } from '../../src/pipeline/index.js';
import { unavailableReason } from './helpers.js';

const skip = await unavailableReason();

/** One function of `n` statements: a few instructions (some 300 bytes of listing) each. */
function hugeFunction(n: number, name = 'Huge'): string {
  const body = Array.from({ length: n }, (_, i) => `\tsink[${i % 64}] += ${i}`).join('\n');
  return `package main\n\nfunc ${name}() {\n${body}\n}\n`;
}

const MAIN = { name: 'main.go', content: 'package main\n\nvar sink [64]int\n\nfunc main() { Huge() }\n' };

/** Four files under the per-file limit whose listing is several times the output limit. */
const HUGE = [MAIN, ...[0, 1, 2, 3].map((i) => ({ name: `huge${i}.go`, content: hugeFunction(8000, i === 0 ? 'Huge' : `Huge${i}`) }))];

describe.skipIf(skip !== undefined)('hostile: compiler views', () => {
  let runner: SandboxedRunner;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'gl-hostile-asm-'));
    runner = await createRunner({ dataDir, cache: false });
  });
  afterAll(async () => {
    await runner?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a listing beyond the output limit stops the build and says so', async () => {
    const r = await runner.run({ action: 'asm', files: HUGE });
    expect(r.status).toBe('output_limit');
    expect(r.message).toMatch(/assembly listing is longer than the 1024 KiB output limit/);
    expect(r.stderr).toBe('');
    // The runner is still usable afterwards.
    const ok = await runner.run({ action: 'asm', files: [MAIN, { name: 'huge.go', content: hugeFunction(3) }] });
    expect(ok.status, ok.message).toBe('ok');
    expect(ok.assembly!.some((b) => b.function === 'main.Huge' && b.file === 'huge.go')).toBe(true);
  }, 180_000);

  it('file names in the listing are the learner files or GOROOT-relative, never a host or sandbox path', async () => {
    const files = [
      { name: 'go.mod', content: 'module example.com/deep\n\ngo 1.27\n' },
      { name: 'inner/pkg/p.go', content: 'package pkg\n\nimport "strings"\n\nfunc Up(s string) string { return strings.ToUpper(s) + "!" }\n' },
      { name: 'main.go', content: 'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/deep/inner/pkg"\n)\n\nfunc main() { fmt.Println(pkg.Up("x")) }\n' },
    ];
    const r = await runner.run({ action: 'asm', files, options: { packages: './...' } });
    expect(r.status, r.message).toBe('ok');
    const names = new Set(r.assembly!.map((b) => b.file));
    expect(names.has('inner/pkg/p.go')).toBe(true);
    for (const n of names) expect(n, n).not.toMatch(/^\/|home\/gopher|\/opt\/|\.cache/);
  }, 120_000);

  it('ssa: a function name is a name, never shell: metacharacters are refused before anything runs, and a quoted one is only looked up', async () => {
    for (const func of ['Sum; id', '$(id)', '`id`', 'Sum\nid', "Sum' || '"]) {
      await expect(runner.run({ action: 'ssa', files: [MAIN, { name: 'huge.go', content: hugeFunction(3) }], options: { func } })).rejects.toMatchObject({ code: 'invalid_option' });
    }
    const r = await runner.run({ action: 'ssa', files: [MAIN, { name: 'huge.go', content: hugeFunction(3) }], options: { func: '(*T).M' } });
    expect(r.status).toBe('rejected');
    expect(r.message).toMatch(/has no function \(\*T\)\.M/);
    const ok = await runner.run({ action: 'ssa', files: [MAIN, { name: 'huge.go', content: hugeFunction(3) }], options: { func: 'Huge' } });
    expect(ok.status, ok.message).toBe('ok');
    expect(ok.profiles[0]).toMatchObject({ kind: 'ssa', format: 'html' });
  }, 120_000);
});
