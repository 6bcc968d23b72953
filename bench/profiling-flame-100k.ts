/**
 * Building the flame graph model of a profile with 100,000 distinct stacks.
 * Target: under 300 ms in Node (decoding not included: the web app decodes
 * once and rebuilds the model on every sample-type switch, focus or ignore).
 *
 *   npx tsx bench/profiling-flame-100k.ts [--runs N]
 *
 * Three synthetic profiles from packages/profiling/testdata/pprof/synth, each
 * with exactly 100,000 distinct stacks (distinct location sequences, as pprof
 * counts them) of depth 3..40 over 3,000 functions:
 *   - "realistic": the stacks are line-level variants (4 locations per
 *     function) of 25,000 function-level call paths drawn with skewed calls
 *     (each function calls its first callee far more often), so they share
 *     hot prefixes and differ in lines as stacks of real programs do;
 *   - "skewed": skewed calls, one location per function;
 *   - "uniform": one location per function and every callee equally likely,
 *     the worst case (stacks diverge after a few frames, most frames).
 * Printed side by side with the time of decoding the same file, and the
 * ratio to the 300 ms target.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildFlameGraph, decodeProfile } from '@gopherlab/profiling';

const TARGET_MS = 300;
const { values } = parseArgs({ options: { runs: { type: 'string', default: '9' } } });
const runs = Number(values.runs);
const go = ['/usr/local/go/bin/go', ...(process.env['PATH'] ?? '').split(':').map((d) => `${d}/go`)].find((p) => existsSync(p));
if (!go) throw new Error('this benchmark needs the Go toolchain');
const synth = fileURLToPath(new URL('../packages/profiling/testdata/pprof/synth/', import.meta.url));
const dir = join(tmpdir(), 'gopherlab-bench');
mkdirSync(dir, { recursive: true });

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

// On a shared machine wall time includes waiting for a core; process CPU
// time (median and minimum; it includes V8's GC threads, so it can exceed
// wall time) is printed next to it so the two can be told apart.
console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores`);
console.log(`${'profile'.padEnd(10)} ${'stacks'.padStart(8)} ${'frames'.padStart(9)} ${'decode ms'.padStart(10)} ${'wall med'.padStart(9)} ${'min'.padStart(6)} ${'max'.padStart(6)} ${'cpu med'.padStart(8)} ${'min'.padStart(6)} ${'wall/300'.padStart(9)} ${'cpu/300'.padStart(8)} ${'cpu min/300'.padStart(12)}`);
const medians: Record<string, number> = {};
for (const [label, skew, pcs, paths] of [
  ['realistic', '2', '4', '25000'],
  ['skewed', '2', '1', '0'],
  ['uniform', '0', '1', '0'],
] as const) {
  const file = join(dir, `flame-100k-${label}.pb.gz`);
  if (!existsSync(file)) execFileSync(go, ['run', '.', '-o', file, '-stacks', '100000', '-samples', '100000', '-skew', skew, '-pcs', pcs, '-paths', paths], { cwd: synth, stdio: 'inherit' });
  let t = performance.now();
  const profile = decodeProfile(readFileSync(file));
  const decodeMs = performance.now() - t;
  const distinct = new Set(profile.samples.map((s) => s.stack.join(','))).size;
  // Warm-up: the web app builds many models per session, so JIT-compiled code is the steady state.
  buildFlameGraph(profile);
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let frames = 0;
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    t = performance.now();
    frames = buildFlameGraph(profile).count;
    times.push(performance.now() - t);
    const c = process.cpuUsage(c0);
    cpuTimes.push((c.user + c.system) / 1000);
  }
  const med = median(times);
  const cpuMed = median(cpuTimes);
  medians[label] = med;
  console.log(
    `${label.padEnd(10)} ${String(distinct).padStart(8)} ${String(frames).padStart(9)} ${decodeMs.toFixed(0).padStart(10)} ${med.toFixed(0).padStart(9)} ${Math.min(...times).toFixed(0).padStart(6)} ${Math.max(...times).toFixed(0).padStart(6)} ${cpuMed.toFixed(0).padStart(8)} ${Math.min(...cpuTimes).toFixed(0).padStart(6)} ${(med / TARGET_MS).toFixed(2).padStart(8)}x ${(cpuMed / TARGET_MS).toFixed(2).padStart(7)}x ${(Math.min(...cpuTimes) / TARGET_MS).toFixed(2).padStart(11)}x`,
  );
}
for (const [label, med] of Object.entries(medians)) console.log(`target < ${TARGET_MS} ms, ${label}: ${med < TARGET_MS ? 'met' : 'NOT met'} (median ${med.toFixed(0)} ms)`);
