/**
 * Result cache: an identical repeat through `runner.run` vs the fresh run of
 * the same request, side by side in one process, through the real sandbox.
 *
 *   npx tsx bench/runner-cache.ts [--reps 50]
 *
 * The program is novel on every invocation of this script (a random constant
 * in it), so the first run is a cache miss that really compiles and runs in
 * the sandbox; the repeats are identical requests. Target: the median repeat
 * is answered in under 20 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createRunner, type RunRequest } from '../packages/runner/src/index.js';

const { values } = parseArgs({ options: { reps: { type: 'string', default: '50' } } });
const reps = Math.max(5, Number(values.reps));

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

const dataDir = mkdtempSync(join(tmpdir(), 'gl-bench-cache-'));
const runner = await createRunner({ dataDir });
try {
  const nonce = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const request: RunRequest = {
    action: 'run',
    files: [{ name: 'prog.go', content: `package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello, ${nonce}") }\n` }],
  };
  let t = performance.now();
  const fresh = await runner.run(request);
  const freshMs = performance.now() - t;
  if (fresh.status !== 'ok' || fresh.cached) throw new Error(`fresh run: status ${fresh.status} cached=${fresh.cached}: ${fresh.message}`);
  const repeats: number[] = [];
  for (let i = 0; i < reps; i++) {
    t = performance.now();
    const r = await runner.run(request);
    repeats.push(performance.now() - t);
    if (!r.cached || r.stdout !== fresh.stdout || r.id === fresh.id) throw new Error('repeat was not served from the cache');
  }
  const median = quantile(repeats, 0.5);
  const p90 = quantile(repeats, 0.9);
  console.log(`runner result cache, hello-world run, ${reps} identical repeats`);
  console.log(`  fresh run (sandbox build+exec): ${freshMs.toFixed(1)} ms`);
  console.log(`  cached repeat: median ${median.toFixed(2)} ms, p90 ${p90.toFixed(2)} ms, max ${Math.max(...repeats).toFixed(2)} ms`);
  console.log(`  ratio cached/fresh (median): ${(median / freshMs).toFixed(4)}`);
  console.log(`  target median < 20 ms: ${median < 20 ? 'PASS' : 'FAIL'}`);
  process.exitCode = median < 20 ? 0 : 1;
} finally {
  await runner.close();
  rmSync(dataDir, { recursive: true, force: true });
}
