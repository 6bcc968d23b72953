/**
 * The top table is checked against the real `go tool pprof -top` on the
 * fixtures: row by row, both as printed text and as numbers parsed back from
 * pprof's unit formatting.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { isAppError } from '@gopherlab/errors';
import { describe, expect, it } from 'vitest';
import { decodeProfile } from './decode.js';
import { computeTop, formatTop, type TopOptions } from './top.js';
import { pprofScale } from './units.js';
import { goBinPath } from '../trace/trace.js';

const run = promisify(execFile);
const dir = fileURLToPath(new URL('../../testdata/pprof/', import.meta.url));
// pprof as setup builds it (scripts/setup.d/40-go-helpers.sh): `go tool pprof`
// would compile it on first use, which on an empty build cache takes longer
// than a test may.
const PPROF = goBinPath('pprof', process.env, resolve(fileURLToPath(import.meta.url), '../../../../..'));

const FIXTURES = [
  'test-cpu.pb.gz',
  'test-mem.pb.gz',
  'test-block.pb.gz',
  'test-mutex.pb.gz',
  'runtime-cpu-labels.pb.gz',
  'runtime-goroutine.pb.gz',
  'runtime-heap.pb.gz',
  'runtime-allocs.pb.gz',
  'http-cpu.pb.gz',
  'http-heap.pb.gz',
  'http-goroutine.pb.gz',
];

async function pprofTop(file: string, args: string[]): Promise<string[]> {
  const { stdout } = await run(PPROF, ['-top', ...args, dir + file], { maxBuffer: 16 << 20 });
  const lines = stdout.split('\n');
  return lines.slice(lines.findIndex((l) => l.includes('flat%')) + 1).filter((l) => l !== '');
}

function ourRows(file: string, options: TopOptions): string[] {
  const text = formatTop(computeTop(decodeProfile(readFileSync(dir + file)), options)).split('\n');
  return text.slice(text.findIndex((l) => l.includes('flat%')) + 1).filter((l) => l !== '');
}

/** "1.44GB" -> bytes, "190ms" -> ns, "5" -> 5; with the half-unit of the last printed digit. */
function parseScaled(s: string, sampleUnit: string): { value: number; tolerance: number } {
  const m = /^(-?[\d.]+)([a-zA-Zμ]*)$/.exec(s);
  if (!m) throw new Error(`cannot parse pprof value ${s}`);
  const digits = m[1]!;
  const decimals = digits.includes('.') ? digits.split('.')[1]!.length : 0;
  const [factor] = m[2] ? pprofScale(1, m[2], sampleUnit) : [1];
  return { value: Number(digits) * factor, tolerance: 0.5 * 10 ** -decimals * factor + 1e-9 };
}

describe('computeTop agrees with go tool pprof -top', () => {
  it('on every fixture and every sample type, row for row (nodefraction=0 edgefraction=0)', async () => {
    const jobs: Promise<void>[] = [];
    for (const file of FIXTURES) {
      const p = decodeProfile(readFileSync(dir + file));
      for (const t of p.sampleTypes) {
        jobs.push(
          (async () => {
            const theirs = await pprofTop(file, ['-nodecount=25', '-nodefraction=0', '-edgefraction=0', `-sample_index=${t.type}`]);
            const report = computeTop(p, { sampleType: t.type, nodeCount: 25, nodeFraction: 0, edgeFraction: 0 });
            expect(theirs.length, `${file} ${t.type}`).toBe(report.rows.length);
            // Numbers: parse pprof's formatted values back and compare with ours.
            theirs.forEach((line, i) => {
              const cols = line.trim().split(/\s+/);
              const row = report.rows[i]!;
              const flat = parseScaled(cols[0]!, t.unit);
              const cum = parseScaled(cols[3]!, t.unit);
              expect(Math.abs(flat.value - row.flat), `${file} ${t.type} row ${i} flat`).toBeLessThanOrEqual(flat.tolerance);
              expect(Math.abs(cum.value - row.cum), `${file} ${t.type} row ${i} cum`).toBeLessThanOrEqual(cum.tolerance);
              expect(Math.abs(Number(cols[1]!.replace('%', '')) - row.flatPercent)).toBeLessThan(0.006);
              expect(cols[5]).toBe(row.name);
            });
            // Text: identical, including units, percentages and (inline) marks.
            expect(ourRows(file, { sampleType: t.type, nodeCount: 25, nodeFraction: 0, edgeFraction: 0 })).toEqual(theirs);
          })(),
        );
      }
    }
    await Promise.all(jobs);
  });

  it('with pprof default node and edge fractions (dropped nodes, inline marks)', async () => {
    await Promise.all(
      ['test-cpu.pb.gz', 'test-mem.pb.gz', 'test-block.pb.gz', 'runtime-heap.pb.gz', 'http-goroutine.pb.gz'].map(async (file) => {
        expect(ourRows(file, { nodeCount: 40 }), file).toEqual(await pprofTop(file, ['-nodecount=40']));
      }),
    );
  });

  it('with -focus, -ignore and -cum', async () => {
    const cases: [TopOptions, string[]][] = [
      [{ focus: 'pprofwork\\.CPUWork' }, ['-focus=pprofwork\\.CPUWork']],
      [{ ignore: 'runtime\\.gcBgMarkWorker' }, ['-ignore=runtime\\.gcBgMarkWorker']],
      [{ focus: 'Benchmark', ignore: 'Alloc' }, ['-focus=Benchmark', '-ignore=Alloc']],
      [{ focus: 'work\\.go$' }, ['-focus=work\\.go$']],
      [{ cum: true }, ['-cum']],
    ];
    await Promise.all(
      cases.map(async ([opts, args]) => {
        const theirs = await pprofTop('test-cpu.pb.gz', ['-nodecount=20', '-nodefraction=0', '-edgefraction=0', ...args]);
        expect(ourRows('test-cpu.pb.gz', { ...opts, nodeCount: 20, nodeFraction: 0, edgeFraction: 0 }), args.join(' ')).toEqual(theirs);
      }),
    );
  });
});

describe('computeTop with lines agrees with go tool pprof -top -lines', () => {
  it('on every fixture, row for row, text included', async () => {
    await Promise.all(
      FIXTURES.map(async (file) => {
        const theirs = await pprofTop(file, ['-lines', '-nodecount=30']);
        expect(ourRows(file, { lines: true, nodeCount: 30 }), file).toEqual(theirs);
      }),
    );
  });
});

describe('computeTop', () => {
  const p = decodeProfile(readFileSync(dir + 'test-cpu.pb.gz'));

  it('counts a recursive function once per sample in cum', () => {
    const report = computeTop(p, { nodeFraction: 0 });
    const fib = report.rows.find((r) => r.name === 'example.com/pprofwork.Fib')!;
    const fibSamples = p.samples.filter((s) => [...s.stack].some((id) => p.frames[id]!.name === fib.name));
    expect(fib.cum).toBe(fibSamples.reduce((a, s) => a + s.values[1]!, 0));
    expect(fib.cum).toBeLessThanOrEqual(report.total);
  });

  it('focus keeps only matching samples and ignore wins over focus', () => {
    const all = computeTop(p, {}).total;
    const focused = computeTop(p, { focus: 'Fib', nodeFraction: 0 });
    // Percentages stay relative to the whole profile, as in pprof...
    expect(focused.total).toBe(all);
    expect(focused.shownTotal).toBeGreaterThan(0);
    expect(focused.shownTotal).toBeLessThan(all);
    // ...unless asked otherwise.
    expect(computeTop(p, { focus: 'Fib', relativePercentages: true }).total).toBe(focused.shownTotal);
    expect(computeTop(p, { focus: 'Fib', ignore: 'Fib' }).rows).toEqual([]);
  });

  it('selects another sample type', () => {
    const counts = computeTop(p, { sampleType: 'samples' });
    expect(counts.total * p.period).toBe(computeTop(p, {}).total);
    expect(counts.outputUnit).toBe('count');
  });

  it('reports invalid_regexp and unknown_sample_type', () => {
    for (const [opts, code] of [
      [{ focus: '(' }, 'invalid_regexp'],
      [{ ignore: '[a-' }, 'invalid_regexp'],
      [{ sampleType: 'nope' }, 'unknown_sample_type'],
    ] as const) {
      let caught: unknown;
      try {
        computeTop(p, opts);
      } catch (e) {
        caught = e;
      }
      expect(isAppError(caught) && caught.code).toBe(code);
    }
  });
});
