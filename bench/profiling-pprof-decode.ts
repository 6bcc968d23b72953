/**
 * Decoding a ~20 MB CPU profile and computing its top table, in Node, against
 * `go tool pprof -top` on the same file. Target: ours <= 0.5x pprof's time.
 *
 *   npx tsx bench/profiling-pprof-decode.ts [--runs N] [--stacks N] [--samples N]
 *
 * The profile is synthesised by packages/profiling/testdata/pprof/synth (a Go
 * program using github.com/google/pprof/profile, so the file is what pprof
 * itself writes): 700,000 samples over 400,000 distinct stacks with labels,
 * about 21 MB gzipped. Both sides read the file from disk and print the
 * complete table with pprof's default node dropping; the rows are compared
 * so the two sides are known to do the same work.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { computeTop, decodeProfile, formatTop } from '@gopherlab/profiling';
import { goBinary, median, synthProfile } from './profiling-bench-support.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, stacks: { type: 'string', default: '400000' }, samples: { type: 'string', default: '700000' } } });
const runs = Number(values.runs);
const go = goBinary();
const file = synthProfile(`cpu-${values.stacks}-${values.samples}-uniform.pb.gz`, ['-stacks', values.stacks, '-samples', values.samples, '-skew', '0', '-pcs', '1']);
console.log(`profile: ${file} (${(statSync(file).size / 2 ** 20).toFixed(1)} MiB gzipped)`);

function rowsOf(text: string): string[] {
  const lines = text.split('\n');
  return lines.slice(lines.findIndex((l) => l.includes('flat%')) + 1).filter((l) => l !== '');
}

// Warm up go tool pprof (its binary may need building on first use).
execFileSync(go, ['tool', 'pprof', '-top', fileURLToPath(new URL('../packages/profiling/testdata/pprof/test-cpu.pb.gz', import.meta.url))], { stdio: 'ignore' });

// On a shared machine wall time includes waiting for a core, so CPU time
// (ours from process.cpuUsage, pprof's from /usr/bin/time) is printed too.
const oursMs: number[] = [];
const pprofMs: number[] = [];
const oursCpu: number[] = [];
const pprofCpu: number[] = [];
const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
let ourText = '';
let theirText = '';
for (let r = 0; r < runs; r++) {
  const c0 = process.cpuUsage();
  let t = performance.now();
  ourText = formatTop(computeTop(decodeProfile(readFileSync(file))));
  oursMs.push(performance.now() - t);
  const c = process.cpuUsage(c0);
  oursCpu.push((c.user + c.system) / 1000);
  t = performance.now();
  if (timeBin) {
    const res = spawnSync(timeBin, ['-f', 'CPU %U %S', go, 'tool', 'pprof', '-top', file], { encoding: 'utf8', maxBuffer: 256 << 20 });
    theirText = res.stdout;
    const m = /CPU ([\d.]+) ([\d.]+)/.exec(res.stderr);
    if (m) pprofCpu.push((Number(m[1]) + Number(m[2])) * 1000);
  } else {
    theirText = execFileSync(go, ['tool', 'pprof', '-top', file], { encoding: 'utf8', maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
  }
  pprofMs.push(performance.now() - t);
}
const same = JSON.stringify(rowsOf(ourText)) === JSON.stringify(rowsOf(theirText));
const ours = median(oursMs);
const theirs = median(pprofMs);
console.log('');
console.log(`${'runs'.padEnd(28)} ${runs}`);
console.log(`${'gopherlab decode+top (ms)'.padEnd(28)} ${ours.toFixed(0).padStart(8)}   [${oursMs.map((x) => x.toFixed(0)).join(', ')}]`);
console.log(`${'go tool pprof -top (ms)'.padEnd(28)} ${theirs.toFixed(0).padStart(8)}   [${pprofMs.map((x) => x.toFixed(0)).join(', ')}]`);
console.log(`${'ratio ours/pprof (wall)'.padEnd(28)} ${(ours / theirs).toFixed(2).padStart(8)}   (target <= 0.50: ${ours / theirs <= 0.5 ? 'met' : 'NOT met'})`);
if (pprofCpu.length) {
  console.log(`${'gopherlab cpu ms'.padEnd(28)} ${median(oursCpu).toFixed(0).padStart(8)}   [${oursCpu.map((x) => x.toFixed(0)).join(', ')}]`);
  console.log(`${'go tool pprof cpu ms'.padEnd(28)} ${median(pprofCpu).toFixed(0).padStart(8)}   [${pprofCpu.map((x) => x.toFixed(0)).join(', ')}]`);
  console.log(`${'ratio ours/pprof (cpu)'.padEnd(28)} ${(median(oursCpu) / median(pprofCpu)).toFixed(2).padStart(8)}`);
}
console.log(`${'load average'.padEnd(28)} ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores`);
console.log(`${'tables identical'.padEnd(28)} ${same ? 'yes' : 'NO'} (${rowsOf(ourText).length} rows)`);
if (!same) process.exitCode = 1;
