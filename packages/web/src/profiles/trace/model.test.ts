import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseChromeTrace, visibleLanes } from './model.js';

describe('parseChromeTrace', () => {
  it('builds named lanes from complete, begin/end and instant events', () => {
    const m = parseChromeTrace({
      traceEvents: [
        { ph: 'M', name: 'thread_name', pid: 1, tid: 7, args: { name: 'G7 main.worker' } },
        { ph: 'M', name: 'thread_name', pid: 1, tid: 0, args: { name: 'GC' } },
        { ph: 'X', name: 'running', pid: 1, tid: 7, ts: 10, dur: 5 },
        { ph: 'B', name: 'mark', pid: 1, tid: 0, ts: 12 },
        { ph: 'E', pid: 1, tid: 0, ts: 20 },
        { ph: 'i', name: 'unblock', pid: 1, tid: 7, ts: 30 },
      ],
    });
    expect(m.lanes.map((l) => l.label)).toEqual(['GC', 'G7 main.worker']);
    expect(m.lanes[0]!.spans).toEqual([{ name: 'mark', start: 12, dur: 8 }]);
    expect(m.lanes[1]!.spans.map((s) => [s.name, s.start, s.dur])).toEqual([
      ['running', 10, 5],
      ['unblock', 30, 0],
    ]);
    expect([m.start, m.end, m.spanCount]).toEqual([10, 30, 3]);
  });

  it('accepts the array form and ignores garbage', () => {
    const m = parseChromeTrace([null, 5, { ph: 'X', ts: 'x' }, { ph: 'Z', ts: 1 }, { ph: 'X', name: 'a', ts: 1, dur: 2 }]);
    expect(m.spanCount).toBe(1);
    expect(parseChromeTrace('nope')).toEqual({ lanes: [], start: 0, end: 0, spanCount: 0 });
  });
});

describe('parseChromeTrace on traceconv output', () => {
  // testdata/README.md: converted from a real go1.26 execution trace.
  const m = parseChromeTrace(JSON.parse(readFileSync(new URL('./testdata/trace.json', import.meta.url), 'utf8')));
  it('orders lanes GC, processors, goroutines', () => {
    const labels = m.lanes.map((l) => l.label);
    const firstP = labels.findIndex((l) => /^P\d+$/.test(l));
    const firstG = labels.findIndex((l) => /^G\d+ /.test(l));
    expect(firstP).toBeGreaterThanOrEqual(0);
    expect(firstG).toBeGreaterThan(firstP);
    expect(m.lanes.slice(0, firstP).every((l) => l.group === 0)).toBe(true);
  });
  it('has spans with durations inside the trace bounds', () => {
    expect(m.spanCount).toBeGreaterThan(100);
    for (const lane of m.lanes) {
      for (const s of lane.spans) {
        expect(s.start).toBeGreaterThanOrEqual(m.start);
        expect(s.start + s.dur).toBeLessThanOrEqual(m.end);
      }
    }
    const running = m.lanes.filter((l) => l.group === 2).flatMap((l) => l.spans);
    expect(running.some((s) => s.dur > 0)).toBe(true);
  });
});

describe('visibleLanes', () => {
  it('keeps GC and processor lanes and the busiest goroutines', () => {
    const events = [
      { ph: 'M', name: 'process_name', pid: 2, args: { name: 'Procs' } },
      { ph: 'M', name: 'process_name', pid: 1, args: { name: 'Goroutines' } },
      { ph: 'M', name: 'thread_name', pid: 2, tid: 0, args: { name: 'P0' } },
      { ph: 'X', name: 'G1', pid: 2, tid: 0, ts: 0, dur: 1 },
      ...Array.from({ length: 10 }, (_, g) => ({ ph: 'X', name: 'running', pid: 1, tid: g + 1, ts: 0, dur: g + 1 })),
    ];
    const m = parseChromeTrace(events);
    const v = visibleLanes(m, 4);
    expect(v.hidden).toBe(7);
    expect(v.lanes.map((l) => l.label)).toEqual(['P0', '1:8', '1:9', '1:10']);
    expect(visibleLanes(m, 100)).toEqual({ lanes: m.lanes, hidden: 0 });
  });
});
