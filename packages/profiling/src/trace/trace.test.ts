import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { convertTrace, type ProcessRunner, summarizeEvents, summarizeTraceFile, traceconvPath } from './index.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../../..');
const fixture = join(here, '../../testdata/trace/trace.out');
// The same place setup builds it; `go build` is incremental, so this is quick
// when setup already ran and makes the test self-sufficient when it did not.
const binary = traceconvPath(process.env, root);

const run: ProcessRunner = (file, args) =>
  new Promise((res, rej) => {
    execFile(file, args, { maxBuffer: 256 << 20 }, (err, stdout, stderr) => {
      if (err && typeof err.code === 'string') return rej(err);
      res({ stdout, stderr, exitCode: err ? (typeof err.code === 'number' ? err.code : 1) : 0 });
    });
  });

beforeAll(() => {
  mkdirSync(dirname(binary), { recursive: true });
  execFileSync('go', ['build', '-trimpath', '-o', binary, './cmd/traceconv'], { cwd: join(root, 'go'), env: { ...process.env, GOTOOLCHAIN: 'local' }, stdio: 'pipe' });
}, 300_000);

describe('traceconv on a real go1.26 runtime/trace capture', () => {
  it('converts into Chrome trace events with goroutine, proc, GC, STW and task lanes', async () => {
    const t = await convertTrace(run, fixture, { binary });
    const s = t.otherData;
    expect(s.truncated).toBe(false);
    expect(s.goroutines).toBeGreaterThanOrEqual(4); // main + 3 workers at least
    expect(s.procs).toBe(2); // GOMAXPROCS=2 at capture
    expect(s.gcCount).toBeGreaterThan(0);
    expect(s.stwCount).toBeGreaterThan(s.gcCount); // two STW phases per cycle
    expect([s.tasks, s.regions, s.logs]).toEqual([1, 41, 4]);
    const byCat = (c: string) => t.traceEvents.filter((e) => e.cat === c);
    expect(byCat('running').length).toBeGreaterThan(0);
    expect(byCat('proc').every((e) => e.pid === 2)).toBe(true);
    expect(byCat('stw').every((e) => e.pid === 3 && e.tid === 2 && e.name.startsWith('stop-the-world'))).toBe(true);
    expect(byCat('region').map((e) => e.name).sort()[0]).toBe('produce');
    expect(byCat('log')[0]!.name).toMatch(/^progress: job \d+ done$/);
    expect(byCat('task').map((e) => [e.ph, e.name])).toEqual([
      ['b', 'pipeline'],
      ['e', 'pipeline'],
    ]);
    const names = t.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === 1).map((e) => e.args!.name);
    expect(names.some((n) => String(n).includes('main.main'))).toBe(true);
    // Slices never run backwards and stay inside the trace.
    for (const e of t.traceEvents) {
      if (e.ph === 'M') continue;
      expect(e.ts).toBeGreaterThanOrEqual(0);
      if (e.dur !== undefined) expect(e.dur).toBeGreaterThanOrEqual(0);
    }
    // Flow arrows: every arrow that ends starts somewhere, `go` statements included.
    const flowStarts = new Map(t.traceEvents.filter((e) => e.cat === 'flow' && e.ph === 's').map((e) => [e.id, e]));
    const flowEnds = t.traceEvents.filter((e) => e.cat === 'flow' && e.ph === 'f');
    expect(flowEnds.length).toBeGreaterThan(0);
    for (const e of flowEnds) expect(flowStarts.get(e.id)!.ts).toBeLessThanOrEqual(e.ts);
    expect([...flowStarts.values()].filter((e) => e.name === 'go').length).toBeGreaterThanOrEqual(3);
    // Our event-only summary agrees with the converter's on what events show.
    const mine = summarizeEvents(t.traceEvents);
    expect([mine.gcCount, mine.stwCount, mine.tasks, mine.regions, mine.logs]).toEqual([s.gcCount, s.stwCount, s.tasks, s.regions, s.logs]);
  });

  it('bounds the output and marks the truncation, while the summary covers everything', async () => {
    const full = await summarizeTraceFile(run, fixture, { binary });
    const t = await convertTrace(run, fixture, { binary, maxEvents: 100 });
    expect(t.otherData.truncated).toBe(true);
    expect(t.otherData.emittedEvents).toBe(100);
    expect(t.traceEvents.filter((e) => e.ph !== 'M').length).toBe(101); // 100 + the marker
    expect(t.traceEvents.some((e) => e.name === 'trace truncated after 100 events')).toBe(true);
    expect(t.otherData.gcCount).toBe(full.gcCount);
  });

  it('rejects files that are not traces with invalid_trace, and a missing binary clearly', async () => {
    await expect(convertTrace(run, join(here, 'trace.ts'), { binary })).rejects.toMatchObject({ code: 'invalid_trace' });
    await expect(convertTrace(run, fixture, { binary: '/nonexistent/traceconv' })).rejects.toMatchObject({ code: 'trace_converter_unavailable' });
  });
});
