/**
 * The `asm` action against the bare toolchain: an `asm` run of a small
 * package through the sandboxed runner (result cache off, so it compiles)
 * next to `go build -gcflags=-S -o /dev/null .` of the same code on the host,
 * both warm, interleaved. Target: median ratio at most 1.2.
 *   npx tsx bench/compiler-views.ts [rounds, default 9]
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createRunner } from '../packages/runner/src/index.js';

const rounds = Number(process.argv[2] ?? 9);
const run = promisify(execFile);
const SRC = new URL('../packages/runner/testdata/asm/src/', import.meta.url).pathname;
const files = readdirSync(SRC).map((name) => ({ name, content: readFileSync(join(SRC, name), 'utf8') }));

const runner = await createRunner({ cache: false });
const goroot = runner.goVersions[0]!;
const hostGo = JSON.parse(readFileSync('data/sandbox/toolchains.json', 'utf8'))[0] + '/bin/go';
const dir = mkdtempSync(join(tmpdir(), 'gl-bench-asm-'));
for (const f of files) writeFileSync(join(dir, f.name), f.content);
const env = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod', GOPROXY: 'off' };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const timeIt = async (f: () => Promise<unknown>) => {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
};
const viaRunner = async () => {
  const r = await runner.run({ action: 'asm', files });
  if (r.status !== 'ok') throw new Error(`asm: ${r.status} ${r.message}`);
};
const bare = () => run(hostGo, ['build', '-gcflags=-S', '-o', '/dev/null', '.'], { cwd: dir, env, maxBuffer: 64 << 20 });

try {
  await viaRunner();
  await bare();
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < rounds; i++) {
    a.push(await timeIt(viaRunner));
    b.push(await timeIt(bare));
  }
  const ratio = median(a) / median(b);
  console.log(`${goroot}, ${rounds} rounds, interleaved`);
  console.log(`gopherlab asm (sandbox)          median ${median(a).toFixed(0).padStart(5)} ms`);
  console.log(`go build -gcflags=-S (host)      median ${median(b).toFixed(0).padStart(5)} ms`);
  console.log(`ratio ${ratio.toFixed(2)} (${ratio <= 1.2 ? 'met' : 'NOT met'}: target 1.2)`);
} finally {
  await runner.close();
  rmSync(dir, { recursive: true, force: true });
}
