import { describe, expect, it } from 'vitest';
import { parseChromeTrace } from './model.js';

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
