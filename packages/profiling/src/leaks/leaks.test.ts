import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeProfile } from '../pprof/index.js';
import { detectLeaks, fromGoroutineProfile, parseGoroutineDump, parseGoroutineProfileText, parseGoroutines, toLeakReport } from './index.js';
import { parseLabels } from './parse.js';

const testdata = join(dirname(fileURLToPath(import.meta.url)), '../../testdata/leaks');
const read = (f: string) => readFileSync(join(testdata, f), 'utf8');
const LEAK_GO = '/work/main/packages/profiling/testdata/leaks/prog/leak.go';

describe('goroutine dumps captured from go1.26 (pprof goroutine debug=2)', () => {
  const before = parseGoroutineDump(read('before.debug2.txt'));
  const after = parseGoroutineDump(read('after.debug2.txt'));

  it('parses ids, states, frames and creation sites', () => {
    const g23 = after.groups.find((g) => g.ids[0] === 23)!;
    expect(g23).toEqual({
      count: 1,
      ids: [23],
      state: 'chan send',
      leaked: false,
      frames: [{ func: 'example.com/leakfixture.FirstResult.func1', file: LEAK_GO, line: 13 }],
      createdBy: { func: 'example.com/leakfixture.FirstResult', file: LEAK_GO, line: 13 },
      createdIn: 20,
    });
    const main = after.groups.find((g) => g.ids[0] === 1)!;
    expect(main.frames[0]!.func).toBe('testing.(*T).Run');
  });

  it('reports each leak with state, count, blocking function, creation site and test', () => {
    const leaks = detectLeaks(before, after);
    expect(leaks.map((l) => [l.function, l.state, l.count, l.test, l.confirmed])).toEqual([
      ['example.com/leakfixture.FirstResult.func1', 'chan send', 2, 'TestLeaks', false],
      ['example.com/leakfixture.StartWorker.func1', 'chan receive', 2, 'TestLeaks', false],
      ['example.com/leakfixture.Watch.func1', 'select', 1, 'TestLeaks', false],
    ]);
    expect(leaks[1]!.createdAt).toEqual({ func: 'example.com/leakfixture.StartWorker', file: LEAK_GO, line: 21 });
    expect(leaks[1]!.goroutineIds).toEqual([26, 27]);
    expect(toLeakReport(leaks[1]!)).toEqual({
      function: 'example.com/leakfixture.StartWorker.func1',
      state: 'chan receive',
      count: 2,
      stack: [{ func: 'example.com/leakfixture.StartWorker.func1', file: LEAK_GO, line: 22 }],
      createdAt: { func: 'example.com/leakfixture.StartWorker', file: LEAK_GO, line: 21 },
      test: 'TestLeaks',
    });
  });

  it('finds nothing when nothing changed (test framework and snapshot goroutines are noise)', () => {
    expect(detectLeaks(before, before)).toEqual([]);
    expect(detectLeaks(after, after)).toEqual([]);
  });

  it('marks the leaks Go 1.26 goroutineleak profile proves', () => {
    const leakDump = parseGoroutineDump(read('after.leak.debug2.txt'));
    expect(leakDump.groups.filter((g) => g.leaked).map((g) => g.ids[0])).toEqual([26, 27]);
    const leaks = detectLeaks(before, after, { leakProfile: leakDump });
    expect(leaks.filter((l) => l.confirmed).map((l) => l.function)).toEqual(['example.com/leakfixture.StartWorker.func1']);
    // The aggregated debug=1 leak profile gives the same answer.
    const leakText = parseGoroutineProfileText(read('after.leak.debug1.txt'));
    const viaText = detectLeaks(before, after, { leakProfile: leakText });
    expect(viaText.filter((l) => l.confirmed).map((l) => l.function)).toEqual(['example.com/leakfixture.StartWorker.func1']);
  });
});

describe('aggregated goroutine profiles', () => {
  it('debug=1 text: leaks are count increases per stack', () => {
    const before = parseGoroutines(read('before.debug1.txt'));
    const after = parseGoroutines(read('after.debug1.txt'));
    expect(after.format).toBe('profile-text');
    const leaks = detectLeaks(before, after);
    expect(leaks.map((l) => [l.function, l.count])).toEqual([
      ['example.com/leakfixture.FirstResult.func1', 2],
      ['example.com/leakfixture.StartWorker.func1', 2],
      ['example.com/leakfixture.Watch.func1', 1],
    ]);
  });

  it('debug=0 protobuf: states come from the runtime frames', () => {
    const load = (f: string) => fromGoroutineProfile(decodeProfile(new Uint8Array(readFileSync(join(testdata, f)))));
    const leaks = detectLeaks(load('before.pb.gz'), load('after.pb.gz'));
    expect(leaks.map((l) => [l.function, l.state, l.count])).toEqual([
      ['example.com/leakfixture.FirstResult.func1', 'chan send', 2],
      ['example.com/leakfixture.StartWorker.func1', 'chan receive', 2],
      ['example.com/leakfixture.Watch.func1', 'select', 1],
    ]);
  });
});

describe('dump parser edge cases', () => {
  it('reads wait minutes, locked threads, methods with arguments and elided frames', () => {
    const text = [
      'goroutine 7 gp=0xc000007c00 m=nil [sync.Mutex.Lock, 3 minutes, locked to thread]:',
      'sync.runtime_SemacquireMutex(0xc000012345?, 0x0?, 0x1?)',
      '\t/usr/local/go/src/runtime/sema.go:95 +0x25',
      'main.(*Server).handle(0xc0000a0000, {0x5, 0x6})',
      '\t/app/main.go:42 +0x1f',
      '...additional frames elided...',
      'created by main.(*Server).Serve in goroutine 1',
      '\t/app/main.go:30 +0x99',
      '',
    ].join('\n');
    const [g] = parseGoroutineDump(text).groups;
    expect(g).toMatchObject({ ids: [7], state: 'sync.Mutex.Lock', waitMinutes: 3, createdIn: 1 });
    expect(g!.frames.map((f) => f.func)).toEqual(['sync.runtime_SemacquireMutex', 'main.(*Server).handle']);
    const leaks = detectLeaks({ format: 'stacks', groups: [] }, parseGoroutineDump(text));
    expect(leaks[0]!.function).toBe('main.(*Server).handle');
  });

  it('never throws on garbage', () => {
    expect(parseGoroutines('goroutine x [\n\t\tfoo\ncreated by\n').groups.length).toBeGreaterThanOrEqual(0);
    expect(detectLeaks(parseGoroutines('junk'), parseGoroutines('1 @ 0x1\n#\tbad'))).toEqual([]);
  });
});

describe('a goroutine dump from go1.27 with pprof labels in its headers', () => {
  const dump = parseGoroutineDump(read('labels-go1.27/goroutines.txt'));

  it('keeps parsing every goroutine and reads the labels of the labelled one', () => {
    expect(dump.groups.map((g) => [g.ids[0], g.state, g.labels])).toEqual([
      [1, 'running', undefined],
      [19, 'chan receive', { request: 'r-42', tenant: 'acme corp' }],
      [20, 'chan receive', undefined],
    ]);
    expect(dump.groups[1]!.frames[0]!.func).toBe('main.main.func1');
  });

  it('reads bare and quoted label values', () => {
    expect(parseLabels('request: main')).toEqual({ request: 'main' });
    expect(parseLabels('a: "x, y", b: z')).toEqual({ a: 'x, y', b: 'z' });
  });
});

describe('leak detection on the go1.27 labelled dump', () => {
  it('reports a goroutine started under pprof.Do as a leak, with its labels, and the dumping goroutine as noise', () => {
    const after = parseGoroutineDump(read('labels-go1.27/goroutines.txt'));
    const before = { format: after.format, groups: after.groups.filter((g) => g.ids[0] === 1) };
    const leaks = detectLeaks(before, after).map(toLeakReport);
    expect(leaks.map((l) => [l.function, l.labels])).toEqual([
      ['main.main.func1', { request: 'r-42', tenant: 'acme corp' }],
      ['main.main.func2', undefined],
    ]);
  });
});
