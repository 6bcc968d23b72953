import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseGcLine, parseRuntimeTrace, parseScavLine, percentile } from './index.js';

const testdata = join(dirname(fileURLToPath(import.meta.url)), '../../testdata/gctrace');
const trace = parseRuntimeTrace(readFileSync(join(testdata, 'gctrace.txt'), 'utf8'));

describe('gctrace (captured from go1.26 with GODEBUG=gctrace=1,scavtrace=1,schedtrace=200)', () => {
  it('parses every gc line of the capture', () => {
    const text = readFileSync(join(testdata, 'gctrace.txt'), 'utf8');
    expect(trace.gc.length).toBe(text.split('\n').filter((l) => l.startsWith('gc ')).length);
    expect(trace.malformed).toEqual([]);
    expect(trace.gc.map((c) => c.n)).toEqual(trace.gc.map((_, i) => i + 1));
  });

  it('reads phases, heap sizes and the forced cycle', () => {
    expect(trace.gc[0]).toEqual({
      n: 1,
      atSec: 0,
      cpuPercent: 9,
      clockMs: { sweepTermination: 0.091, mark: 0.59, markTermination: 0.022 },
      cpuMs: { sweepTermination: 0.18, assist: 0.13, background: 0, idle: 0, markTermination: 0.044 },
      pauseMs: 0.091 + 0.022,
      heapStartMB: 3,
      heapEndMB: 3,
      heapLiveMB: 3,
      heapGoalMB: 4,
      stacksMB: 0,
      globalsMB: 0,
      procs: 2,
      forced: false,
    });
    const forced = trace.gc.filter((c) => c.forced);
    expect(forced.map((c) => c.n)).toEqual([122]);
    expect(trace.summary.forcedGcCount).toBe(1);
  });

  it('builds chart series and a summary', () => {
    expect(trace.gcSeries.t.length).toBe(trace.gc.length);
    expect(trace.gcSeries.heapGoalMB[3]).toBe(29);
    expect(trace.summary.heapPeakMB).toBe(565);
    expect(trace.summary.pauseMaxMs).toBe(Math.max(...trace.gc.map((c) => c.pauseMs)));
    expect(trace.summary.pauseP50Ms).toBeLessThanOrEqual(trace.summary.pauseP99Ms);
    expect(trace.summary.gcCpuFraction).toBe(trace.gc[trace.gc.length - 1]!.cpuPercent / 100);
    expect(trace.scavenger.length).toBeGreaterThan(0);
    expect(trace.scavenger[0]).toEqual({ afterGc: 1, backgroundKiB: 0, eagerKiB: 0, retainedKiB: 1088, utilPercent: 99 });
  });

  it('reads schedtrace summary lines with per-P queues and schedticks', () => {
    expect(trace.sched.length).toBe(11);
    expect(trace.sched[1]).toMatchObject({ ms: 202, gomaxprocs: 2, idleprocs: 0, threads: 5, needspinning: 1, runqueue: 6, perP: [0, 1], schedticks: [2486, 2197] });
    expect(trace.schedSeries.perP.length).toBe(2);
    expect(trace.schedSeries.runqueue[1]).toBe(6);
  });

  it('rejects lines that only look like gc lines and ignores program output', () => {
    const t = parseRuntimeTrace('hello\ngc 1 @0.1s 5%: garbage\ngc is fun\nSCHED 5ms: nothing\n');
    expect(t.gc).toEqual([]);
    expect(t.malformed).toEqual(['gc 1 @0.1s 5%: garbage', 'SCHED 5ms: nothing']);
    expect(parseGcLine('gc 1 @0.1s 5%: 1+2+3 ms clock')).toBeUndefined();
    expect(parseScavLine('scav 1 KiB', 0)).toBeUndefined();
  });

  it('stays fast on a huge line that starts like a gc line', () => {
    const hostile = `gc 1 @0.1s 5%: 1+2+3 ms clock, 1+2/3/4+5 ms cpu, 1->2->3 MB, 4 MB goal, ${'9 '.repeat(500_000)}x\n`;
    const t0 = performance.now();
    expect(parseRuntimeTrace(hostile).gc).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('uses nearest-rank percentiles', () => {
    expect(percentile([5, 1, 4, 2, 3], 0.5)).toBe(3);
    expect(percentile([5, 1, 4, 2, 3], 0.99)).toBe(5);
    expect(percentile([], 0.5)).toBeNaN();
  });
});

describe('scheddetail (GODEBUG=schedtrace=300,scheddetail=1)', () => {
  const detail = parseRuntimeTrace(readFileSync(join(testdata, 'scheddetail.txt'), 'utf8'));
  it('attaches P, M and G lines to their SCHED sample', () => {
    expect(detail.sched.length).toBeGreaterThan(3);
    for (const s of detail.sched) {
      expect(s.detail!.procs.length).toBe(s.gomaxprocs);
      expect(s.perP).toEqual(s.detail!.procs.map((p) => p.runqsize));
      expect(s.detail!.goroutines).toBeGreaterThan(0);
      expect(s.extra.gcwaiting).toBeDefined();
    }
    const first = detail.sched[0]!;
    expect(first.detail!.goroutinesByState.running).toBe(1);
    expect(first.detail!.goroutinesByState['waiting: force gc (idle)']).toBe(1);
  });
});
