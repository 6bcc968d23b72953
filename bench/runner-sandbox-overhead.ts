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
 *
 * Fair CPU share: a sandboxed run lives in a cgroup whose CPU weight is that
 * of RUN_CPU_WEIGHT_TASKS host tasks. On a busy host, bare processes compete
 * one weight each instead, so the bare side runs in a sibling cgroup with the
 * same weight (no limits, no namespaces): what remains is the isolation cost.
 * On an idle host the two setups are equivalent.
 */
import { execFile } from 'node:child_process';
import { availableParallelism, tmpdir } from 'node:os';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { promisify } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import { createSandbox, defaultLimits } from '../packages/runner/src/sandbox/index.js';
import { detectCgroupLayout } from '../packages/runner/src/sandbox/cgroup/index.js';
import { RUN_CPU_WEIGHT_TASKS } from '../packages/runner/src/sandbox/cgroup/types.js';

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

/** A cgroup with the runs' CPU weight for the bare side; returns its cgroup.procs. */
function bareCgroup(): string {
  const layout = detectCgroupLayout();
  if (layout.version === 2) {
    const dir = join(layout.mount!, 'gopherlab-bench-bare');
    if (!existsSync(dir)) mkdirSync(dir);
    writeFileSync(join(dir, 'cpu.weight'), String(100 * RUN_CPU_WEIGHT_TASKS));
    return join(dir, 'cgroup.procs');
  }
  const dir = join(layout.v1!.cpu, 'gopherlab-bench-bare');
  if (!existsSync(dir)) mkdirSync(dir);
  writeFileSync(join(dir, 'cpu.shares'), String(1024 * RUN_CPU_WEIGHT_TASKS));
  return join(dir, 'cgroup.procs');
}
const bareProcs = bareCgroup();

async function bare(i: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'gl-bench-bare-'));
  try {
    for (const f of files(i)) writeFileSync(join(dir, f.name), f.content);
    const t = performance.now();
    await run('/bin/sh', ['-c', 'echo $$ > "$0" && exec "$@"', bareProcs, ...argv], { cwd: dir, env: hostEnv });
    return performance.now() - t;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Slots as in production (one per core): the pool hands out a prepared slot
// while the other one is torn down.
const sandbox = await createSandbox();
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
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(`go test -count=1 of a small package, ${reps} interleaved repetitions each, GOMAXPROCS=${cpus}, load average ${load}`);
  console.log(`bare host:  median ${median(b).toFixed(1)} ms  p90 ${p90(b).toFixed(1)} ms`);
  console.log(`sandbox:    median ${median(s).toFixed(1)} ms  p90 ${p90(s).toFixed(1)} ms`);
  console.log(`ratio (median sandbox / median bare): ${ratio.toFixed(3)}  (target <= 1.10) ${ratio <= 1.1 ? 'MET' : 'NOT MET'}`);
} finally {
  await sandbox.close();
}
