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
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { buildFlameGraph, decodeProfile } from '@gopherlab/profiling';
import { median, synthProfile } from './profiling-bench-support.js';

const TARGET_MS = 300;
const { values } = parseArgs({ options: { runs: { type: 'string', default: '9' } } });
const runs = Number(values.runs);
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
  const file = synthProfile(`flame-100k-${label}.pb.gz`, ['-stacks', '100000', '-samples', '100000', '-skew', skew, '-pcs', pcs, '-paths', paths]);
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
