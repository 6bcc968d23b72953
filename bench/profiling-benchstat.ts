/**
 * benchstat on 50 benchmarks x 20 runs x 2 files: our TypeScript benchstat vs
 * the real golang.org/x/perf/cmd/benchstat, measured side by side.
 *
 *   npx tsx bench/profiling-benchstat.ts [--reps 15]
 *
 * Figures, each as wall time and CPU time (user+sys; steadier on a busy
 * machine), with the real binary as the baseline of the ratios: (1) process
 * spawn for both sides, the fair end-to-end comparison (`gopherlab benchstat`
 * CLI vs the `benchstat` binary); (2) our in-process time, what the server and
 * the browser pay. Note that the real benchstat summarises cells on all cores. The real benchstat is installed from
 * the Go module proxy into the same cache the oracle test uses.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchstat, formatBenchstatText } from '../packages/profiling/src/index.js';
import { median } from './profiling-bench-support.js';

const PERF_VERSION = 'v0.0.0-20260908200009-22c9c6c9d4da';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const toolsDir = process.env.GOPHERLAB_TEST_TOOLS ?? join(root, 'node_modules/.cache/gopherlab-go-tools', PERF_VERSION);
const realBin = join(toolsDir, 'benchstat');
const cli = join(root, 'packages/cli/bin/gopherlab.js');

const { values } = parseArgs({ options: { reps: { type: 'string', default: '15' } } });
const reps = Number(values.reps);

if (!existsSync(realBin)) {
  mkdirSync(toolsDir, { recursive: true });
  execFileSync('go', ['install', `golang.org/x/perf/cmd/benchstat@${PERF_VERSION}`], { env: { ...process.env, GOBIN: toolsDir, GOFLAGS: '-mod=mod' }, stdio: 'inherit' });
}

// Deterministic data: 50 benchmarks with ns/op, B/op and allocs/op, 20 runs each.
let seed = 42;
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
function file(shift: number): string {
  let s = 'goos: linux\ngoarch: amd64\npkg: example.com/bench\ncpu: Bench CPU\n';
  for (let run = 0; run < 20; run++) {
    for (let b = 0; b < 50; b++) {
      const ns = (100 + b * 37) * (1 + shift * (b % 3 === 0 ? 1 : 0) + rand() * 0.05);
      s += `BenchmarkCase${b}/size=${b * 16}-8 \t 100000 \t ${ns.toFixed(1)} ns/op \t ${64 * (b % 5)} B/op \t ${b % 5} allocs/op\n`;
    }
  }
  return `${s}PASS\nok  \texample.com/bench\t12.3s\n`;
}
const dir = mkdtempSync(join(tmpdir(), 'bench-benchstat-'));
const oldPath = join(dir, 'old.txt');
const newPath = join(dir, 'new.txt');
writeFileSync(oldPath, file(0));
writeFileSync(newPath, file(-0.1));

// CPU time (user+sys) of a child comes from GNU time when it is installed:
// on a busy shared machine it is steadier than wall time.
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function timeSpawn(cmd: string, args: string[]): { ms: number; cpuMs: number; out: string } {
  const times: number[] = [];
  const cpu: number[] = [];
  let out = '';
  for (let i = 0; i < reps + 1; i++) {
    const t0 = performance.now();
    const r = gnuTime
      ? spawnSync(gnuTime, ['-f', '@@cpu %U %S', cmd, ...args], { cwd: dir, encoding: 'utf8' })
      : spawnSync(cmd, args, { cwd: dir, encoding: 'utf8' });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
    out = r.stdout;
    const m = /@@cpu ([\d.]+) ([\d.]+)/.exec(r.stderr);
    if (i > 0) {
      // first run warms caches
      times.push(ms);
      if (m) cpu.push((Number(m[1]) + Number(m[2])) * 1000);
    }
  }
  return { ms: median(times), cpuMs: cpu.length ? median(cpu) : NaN, out };
}

const real = timeSpawn(realBin, ['old.txt', 'new.txt']);
const ours = timeSpawn(process.execPath, [cli, 'benchstat', 'old.txt', 'new.txt']);
const nodeBaseline = timeSpawn(process.execPath, ['-e', '0']);

const inputs = [
  { label: 'old.txt', text: readFileSync(oldPath, 'utf8') },
  { label: 'new.txt', text: readFileSync(newPath, 'utf8') },
];
const inproc: number[] = [];
const inprocCpu: number[] = [];
let text = '';
for (let i = 0; i < reps + 3; i++) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  text = formatBenchstatText(benchstat(inputs));
  const c = process.cpuUsage(c0);
  if (i >= 3) {
    inproc.push(performance.now() - t0);
    inprocCpu.push((c.user + c.system) / 1000);
  }
}
rmSync(dir, { recursive: true, force: true });

const same = text === real.out && ours.out === real.out;
const f = (x: number) => (Number.isNaN(x) ? '     n/a' : x.toFixed(1).padStart(8));
const ratio = (x: number, base: number) => (Number.isNaN(x) || Number.isNaN(base) ? ' n/a' : (x / base).toFixed(2));
const ip = median(inproc);
const ipCpu = median(inprocCpu);
console.log(`benchstat, 50 benchmarks x 20 runs x 2 files (3 units), median of ${reps}`);
console.log(`  output identical to the real benchstat: ${same ? 'yes' : 'NO'}`);
console.log('                                         wall ms  ratio    cpu ms  ratio');
console.log(`  real benchstat binary (spawn)         ${f(real.ms)}   1.00  ${f(real.cpuMs)}   1.00`);
console.log(`  gopherlab benchstat CLI (spawn)       ${f(ours.ms)}  ${ratio(ours.ms, real.ms)}  ${f(ours.cpuMs)}  ${ratio(ours.cpuMs, real.cpuMs)}`);
console.log(`  ours in-process (parse+stats+text)    ${f(ip)}  ${ratio(ip, real.ms)}  ${f(ipCpu)}  ${ratio(ipCpu, real.cpuMs)}`);
console.log(`  (node alone starts in ${nodeBaseline.ms.toFixed(1)} ms wall, ${nodeBaseline.cpuMs.toFixed(1)} ms cpu)`);
if (!same) process.exitCode = 1;
