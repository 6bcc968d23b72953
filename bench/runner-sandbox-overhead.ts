/**
 * Sandbox overhead: `go test` of a small package inside the sandbox vs the
 * same command bare on the host, interleaved, warm caches (std compiled in
 * both: the host's own GOCACHE, the sandbox's trusted base cache).
 *
 *   npx tsx bench/runner-sandbox-overhead.ts [--reps 15]
 *
 * Every repetition tests a package that differs by a constant, so both sides
 * compile and link the package itself (a per-run build cache in the sandbox
 * means a learner's package is never cached there; comparing against a host
 * that skips that work would measure the cache, not the isolation). Both
 * sides get the same GOMAXPROCS and all cores. Target: median ratio <= 1.10.
 */
import { execFile } from 'node:child_process';
import { availableParallelism, tmpdir } from 'node:os';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { promisify } from 'node:util';
import { createSandbox, defaultLimits } from '../packages/runner/src/sandbox/index.js';

const run = promisify(execFile);
const { values } = parseArgs({ options: { reps: { type: 'string', default: '15' } } });
const reps = Math.max(15, Number(values.reps));
const cpus = availableParallelism();

function files(i: number) {
  return [
    { name: 'go.mod', content: 'module example.com/wordcount\n\ngo 1.26\n' },
    {
      name: 'wordcount.go',
      content: `package wordcount\n\nimport "strings"\n\nconst revision = ${i}\n\n// Count returns how often each word occurs.\nfunc Count(s string) map[string]int {\n\tm := map[string]int{}\n\tfor _, w := range strings.Fields(s) {\n\t\tm[strings.ToLower(w)]++\n\t}\n\treturn m\n}\n`,
    },
    {
      name: 'wordcount_test.go',
      content: 'package wordcount\n\nimport "testing"\n\nfunc TestCount(t *testing.T) {\n\tif got := Count("a B b")["b"]; got != 2 {\n\t\tt.Fatalf("got %d", got)\n\t}\n}\n\nfunc TestEmpty(t *testing.T) {\n\tif len(Count("")) != 0 {\n\t\tt.Fatal("not empty")\n\t}\n}\n',
    },
  ];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(0.9 * (xs.length - 1))]!;

const argv = ['go', 'test', '-count=1', './...'];
const hostEnv = {
  PATH: `/usr/local/go/bin:/usr/bin:/bin`,
  HOME: process.env.HOME ?? '/root',
  GOTOOLCHAIN: 'local',
  GOPROXY: 'off',
  GOFLAGS: '-mod=mod',
  GOMAXPROCS: String(cpus),
  CGO_ENABLED: '0',
  GOTELEMETRY: 'off',
};

async function bare(i: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'gl-bench-bare-'));
  try {
    for (const f of files(i)) writeFileSync(join(dir, f.name), f.content);
    const t = performance.now();
    await run(argv[0]!, argv.slice(1), { cwd: dir, env: hostEnv });
    return performance.now() - t;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const sandbox = await createSandbox({ slots: 1 });
const limits = { ...defaultLimits, cpus, timeoutMs: 60_000 };
async function boxed(i: number): Promise<number> {
  const t = performance.now();
  const r = await sandbox.exec({ argv, files: files(i), limits });
  const ms = performance.now() - t;
  if (r.status !== 'exited' || r.exitCode !== 0) throw new Error(`sandboxed go test failed: ${r.status} ${r.stderr}`);
  return ms;
}

try {
  mkdirSync(tmpdir(), { recursive: true });
  const seed = Date.now();
  // Warm-up: fill the host cache and the page cache for both sides.
  for (let w = 0; w < 2; w++) {
    await bare(seed + 1000 + w);
    await boxed(seed + 2000 + w);
  }
  const b: number[] = [];
  const s: number[] = [];
  for (let i = 0; i < reps; i++) {
    // Alternate which side goes first so neither always runs right after the other's teardown.
    if (i % 2 === 0) {
      b.push(await bare(seed + i));
      s.push(await boxed(seed + reps + i));
    } else {
      s.push(await boxed(seed + reps + i));
      b.push(await bare(seed + i));
    }
  }
  const ratio = median(s) / median(b);
  console.log(`go test -count=1 of a small package, ${reps} interleaved repetitions each, GOMAXPROCS=${cpus}`);
  console.log(`bare host:  median ${median(b).toFixed(1)} ms  p90 ${p90(b).toFixed(1)} ms`);
  console.log(`sandbox:    median ${median(s).toFixed(1)} ms  p90 ${p90(s).toFixed(1)} ms`);
  console.log(`ratio (median sandbox / median bare): ${ratio.toFixed(3)}  (target <= 1.10) ${ratio <= 1.1 ? 'MET' : 'NOT MET'}`);
} finally {
  await sandbox.close();
}
