import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { goFixed, goFloat, tidyUnit } from './format.js';
import { benchstat, formatBenchstatText, mannWhitneyUTest, parseBenchInputs, quantileCI } from './index.js';
import { erfc } from './stats.js';
import { tableView } from './view.js';

const testdata = join(dirname(fileURLToPath(import.meta.url)), '../../testdata/benchstat');
const read = (name: string) => readFileSync(join(testdata, name), 'utf8');

describe('benchstat on output captured from go test -bench', () => {
  it('prints exactly what golang.org/x/perf/cmd/benchstat printed for the same files', () => {
    const res = benchstat([
      { label: 'old.txt', text: read('old.txt') },
      { label: 'new.txt', text: read('new.txt') },
    ]);
    expect(formatBenchstatText(res)).toBe(read('old-new.benchstat.txt'));
  });

  it('models units, config, procs suffix, sub-benchmarks and significance', () => {
    const res = benchstat([
      { label: 'old.txt', text: read('old.txt') },
      { label: 'new.txt', text: read('new.txt') },
    ]);
    expect(res.tables.map((t) => t.unit)).toEqual(['sec/op', 'B/s', 'parts/op', 'B/op', 'allocs/op']);
    const time = res.tables[0]!;
    expect(time.config.map(([k]) => k)).toEqual(['goos', 'goarch', 'pkg', 'cpu']);
    expect(time.rows).toEqual(['Join/n=4-2', 'Join/n=64-2', 'Sprint-2']);
    expect(time.columns).toEqual(['old.txt', 'new.txt']);
    const join64 = time.cells[1]![1]!;
    expect(join64.comparison!.p).toBeLessThan(0.05);
    expect(join64.delta!).toBeLessThan(-0.5);
    expect(time.cells[2]![1]!.deltaText).toBe('~');
  });
});

describe('parser', () => {
  it('applies key: value lines to following results, per file, and reports bad lines', () => {
    const set = parseBenchInputs([
      {
        label: 'a',
        text: 'goos: linux\nBenchmarkX-4 10 5 ns/op 3 MB/s 2 widgets/op\nBenchmarkOnlyName\nBenchmarkBad x 1 ns/op\nBenchmarkNoUnit 1 5\nnote: hi\ngoos:\nBenchmarkY 1 2 ns/op\nPASS\nok  \tpkg\t1.0s\n',
      },
      { label: 'a', text: 'BenchmarkX-4 10 6 ns/op\n' },
    ]);
    const [a0, a1] = set.inputs;
    expect(a0!.label).toBe('a#0');
    expect(a1!.label).toBe('a#1');
    expect(a0!.results[0]!.config).toEqual([['goos', 'linux']]);
    expect(a0!.results[0]!.values).toEqual([
      { value: 5e-9, unit: 'sec/op', origValue: 5, origUnit: 'ns/op' },
      { value: 3e6, unit: 'B/s', origValue: 3, origUnit: 'MB/s' },
      { value: 2, unit: 'widgets/op' },
    ]);
    expect(a0!.results[1]!.config).toEqual([['note', 'hi']]);
    expect(a1!.results[0]!.config).toEqual([]);
    expect(set.errors.map((e) => e.message)).toEqual(['parsing iteration count: invalid syntax', 'missing units']);
  });

  it('tidies custom units the way benchfmt does', () => {
    expect(tidyUnit('ns/GC')).toEqual({ unit: 'sec/GC', factor: 1e-9 });
    expect(tidyUnit('MB/op')).toEqual({ unit: 'B/op', factor: 1e6 });
    expect(tidyUnit('ops/ns')).toEqual({ unit: 'ops/ns', factor: 1 });
  });

  it('never throws on garbage', () => {
    const junk = 'Benchmark\u0000\t\t1e999 ns/op\nBenchmark-1 NaN\n\u2028key: v\nUnit\nUnit x =y\n';
    expect(() => formatBenchstatText(benchstat([{ label: 'j', text: junk }]))).not.toThrow();
  });

  it('rejects non-finite measurements instead of looping (the real benchstat runs out of memory on NaN)', () => {
    const res = benchstat([
      { label: 'a', text: 'BenchmarkX 1 NaN ns/op\nBenchmarkX 1 5 ns/op\nBenchmarkX 1 +Inf ns/op\n' },
      { label: 'b', text: 'BenchmarkX 1 7 ns/op\nBenchmarkX 1 NaN ns/op\n' },
    ]);
    expect(res.syntaxErrors).toEqual([
      'a:1: parsing measurement: NaN is not a finite number',
      'a:3: parsing measurement: +Inf is not a finite number',
      'b:2: parsing measurement: NaN is not a finite number',
    ]);
    expect(res.tables[0]!.cells[0]!.map((c) => c?.values)).toEqual([[5 * 1e-9], [7 * 1e-9]]);
    expect(() => mannWhitneyUTest([1, NaN], [2, 3])).toThrow(RangeError);
  });

  it('honours Unit assume=exact metadata', () => {
    const text = 'Unit size assume=exact\nBenchmarkS 1 100 size\nBenchmarkS 1 100 size\n';
    const res = benchstat([
      { label: 'a', text },
      { label: 'b', text: 'BenchmarkS 1 120 size\n' },
    ]);
    const cell = res.tables[0]!.cells[0]![1]!;
    expect(cell.comparison!.p).toBe(0);
    expect(cell.deltaText).toBe('+20.00%');
  });
});

describe('statistics', () => {
  it('erfc matches reference values', () => {
    const ref: [number, number][] = [
      [0, 1],
      [0.5, 0.4795001221869535],
      [1, 0.15729920705028513],
      [2.5, 0.0004069520174449590],
      [3.5, 7.430983723414128e-7],
      [-1, 1.8427007929497148],
      [6, 2.1519736712498913e-17],
    ];
    for (const [x, want] of ref) expect(Math.abs(erfc(x) - want)).toBeLessThan(Math.max(1e-15, want * 1e-9));
  });

  it('quantile CI of the median uses order statistics', () => {
    expect(quantileCI(6, 0.5, 0.95)).toMatchObject({ loOrder: 1, hiOrder: 6, confidence: 0.96875 });
    expect(quantileCI(5, 0.5, 0.95)).toMatchObject({ loOrder: 0 });
    const big = quantileCI(100, 0.5, 0.95);
    expect(big.loOrder).toBeGreaterThan(30);
    expect(big.hiOrder).toBeLessThan(70);
  });

  it('Mann-Whitney U: exact, with ties, and normal approximation', () => {
    expect(mannWhitneyUTest([1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12]).p).toBeCloseTo(0.0021645021645021645, 15);
    expect(mannWhitneyUTest([1, 1, 2, 2], [2, 3, 3, 3]).p).toBeGreaterThan(0);
    expect(() => mannWhitneyUTest([5, 5], [5, 5])).toThrow('all samples are equal');
    // A tie group larger than the values placed before it, with unequal sizes
    // (found by the oracle test with seed 222): p is the mirror of the swapped test.
    const hi = [15.25, 14.27, 14.76, 16.73, 14.51, 15.25, 14.27, 14.27, 14.27, 14.27];
    const lo = [12.55, 12.3, 13.04, 13.78, 13.28];
    expect(mannWhitneyUTest(hi, lo).p).toBeCloseTo(0.000666000666000666, 15);
    expect(mannWhitneyUTest(lo, hi).p).toBeCloseTo(0.000666000666000666, 15);
    const a = Array.from({ length: 60 }, (_, i) => i);
    const b = a.map((x) => x + 10);
    const p = mannWhitneyUTest(a, b).p;
    expect(p).toBeGreaterThan(0.001);
    expect(p).toBeLessThan(0.1);
  });
});

describe('Go number formatting', () => {
  it('rounds half to even like strconv', () => {
    expect(goFixed(0.125, 2)).toBe('0.12');
    expect(goFixed(0.375, 2)).toBe('0.38');
    expect(goFixed(2.5, 0)).toBe('2');
    expect(goFixed(-2.5, 0)).toBe('-2');
    expect(goFixed(1.005, 2)).toBe('1.00'); // 1.005 is below the tie in binary
  });

  it('formats %v like fmt', () => {
    expect(goFloat(123456)).toBe('123456');
    expect(goFloat(1234567)).toBe('1.234567e+06');
    expect(goFloat(0.0001)).toBe('0.0001');
    expect(goFloat(0.00001234)).toBe('1.234e-05');
    expect(goFloat(0.95)).toBe('0.95');
  });
});

describe('display model for the web app', () => {
  it('holds exactly the strings the text table prints', () => {
    const res = benchstat([
      { label: 'old.txt', text: read('old.txt') },
      { label: 'new.txt', text: read('new.txt') },
    ]);
    const text = read('old-new.benchstat.txt');
    const chunks = text.split('\n\n');
    res.tables.forEach((t, ti) => {
      const v = tableView(t);
      for (const row of v.rows) {
        const line = chunks[ti]!.split('\n').find((l) => l.startsWith(`${row.name} `))!;
        for (const c of row.cells) {
          expect(line).toContain(c!.center);
          if (c!.delta) expect(line).toContain(c!.delta);
          if (c!.test) expect(line).toContain(`(${c!.test})`);
        }
      }
    });
    const time = tableView(res.tables[0]!);
    expect(time.rows[0]!.cells[1]).toMatchObject({ center: '64.35n', range: '10%', delta: '-43.83%', test: 'p=0.002 n=6', change: 'down', notes: [] });
    expect(time.geomean).toEqual({ values: ['341.1n', '153.3n'], deltas: [null, '-55.05%'], notes: [[], []] });
    const parts = tableView(res.tables[2]!);
    expect(parts.footnotes).toEqual(['all samples are equal']);
    expect(parts.rows[0]!.cells[1]!.notes).toEqual([1]);
  });
});
