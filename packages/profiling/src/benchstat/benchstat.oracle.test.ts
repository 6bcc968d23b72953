/**
 * Agreement with the real golang.org/x/perf/cmd/benchstat on generated inputs.
 *
 * Two references, both built from the same pinned golang.org/x/perf version
 * and cached so later runs only spawn them:
 * - the benchstat binary itself (`go install …/cmd/benchstat@PERF_VERSION`):
 *   our text output must be byte-identical, and the CSV centers equal;
 * - testdata/benchstat/oracle, a tiny program over golang.org/x/perf/benchmath
 *   that prints unrounded p-values and interval bounds (benchstat prints p to
 *   three digits), so p-values can be checked to 1e-6.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchstat, formatBenchstatText } from './index.js';
import { compare, summarize } from './table.js';
import { mulberry32 as rng } from '../random.js';

const PERF_VERSION = 'v0.0.0-20260908200009-22c9c6c9d4da';
const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../../..');
const toolsDir = process.env.GOPHERLAB_TEST_TOOLS ?? join(repoRoot, 'node_modules/.cache/gopherlab-go-tools', PERF_VERSION);
const benchstatBin = join(toolsDir, 'benchstat');
const oracleBin = join(toolsDir, 'benchmath-oracle');

function ensureTools(): void {
  mkdirSync(toolsDir, { recursive: true });
  const env = { ...process.env, GOBIN: toolsDir, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' };
  if (!existsSync(benchstatBin)) {
    execFileSync('go', ['install', `golang.org/x/perf/cmd/benchstat@${PERF_VERSION}`], { env, stdio: 'pipe' });
  }
  if (!existsSync(oracleBin)) {
    execFileSync('go', ['build', '-o', oracleBin, '.'], { env, cwd: join(here, '../../testdata/benchstat/oracle'), stdio: 'pipe' });
  }
}


type Kind = 'continuous' | 'ties' | 'constant' | 'fewValues';

function sample(r: () => number, n: number, kind: Kind, scale: number, shift: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const noise = -Math.log(1 - r()) * 0.05 + (r() - 0.5) * 0.05;
    const v = scale * (1 + shift + noise);
    if (kind === 'continuous') out.push(Number(v.toPrecision(6)));
    else if (kind === 'ties') out.push(Math.round(v / (scale * 0.02)) * (scale * 0.02));
    else if (kind === 'constant') out.push(scale);
    else out.push(scale * (1 + Math.floor(r() * 3)));
  }
  return out;
}

let dir: string;

beforeAll(() => {
  ensureTools();
  dir = mkdtempSync(join(tmpdir(), 'benchstat-oracle-'));
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('benchmath agreement (unrounded, via the benchmath oracle)', () => {
  it('matches centers, intervals, p-values (1e-6), decisions and warnings on 600 generated sample pairs', () => {
    const r = rng(20261125);
    const kinds: Kind[] = ['continuous', 'ties', 'constant', 'fewValues'];
    const sizes = [1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 20, 24, 25, 26, 30, 31, 40, 50, 51, 60];
    const pairs: { Old: number[]; New: number[]; Confidence: number }[] = [];
    for (let i = 0; i < 600; i++) {
      const n1 = sizes[Math.floor(r() * sizes.length)]!;
      const n2 = r() < 0.6 ? n1 : sizes[Math.floor(r() * sizes.length)]!;
      const kind = kinds[Math.floor(r() * kinds.length)]!;
      const scale = [1, 7, 1234.5, 1e-7][Math.floor(r() * 4)]!;
      // Large shifts separate the samples completely: with ties that puts a
      // whole tie group after values of the other sample only.
      const shift = [0, 0, 0.01, -0.03, 0.2, -0.5, 3][Math.floor(r() * 7)]!;
      const confidence = i % 10 === 9 ? [0.9, 0.99][i % 2]! : 0.95;
      pairs.push({ Old: sample(r, n1, kind, scale, 0), New: sample(r, n2, kind, scale, shift), Confidence: confidence });
    }
    const ref = JSON.parse(execFileSync(oracleBin, { input: JSON.stringify(pairs), maxBuffer: 64 << 20 }).toString()) as {
      Old: { Center: number; Lo: number; Hi: number; Confidence: number; Warnings: string[] };
      New: { Center: number; Lo: number; Hi: number; Confidence: number; Warnings: string[] };
      P: number;
      Warnings: string[];
    }[];
    const unclamp = (x: number) => (x >= 1e308 ? Infinity : x <= -1e308 ? -Infinity : x);
    let maxPDiff = 0;
    pairs.forEach((pair, i) => {
      const want = ref[i]!;
      const olds = [...pair.Old].sort((a, b) => a - b);
      const news = [...pair.New].sort((a, b) => a - b);
      for (const [ours, theirs] of [
        [summarize(olds, 'nothing', pair.Confidence), want.Old],
        [summarize(news, 'nothing', pair.Confidence), want.New],
      ] as const) {
        expect({ i, center: ours.center, lo: ours.lo, hi: ours.hi, w: ours.warnings }).toEqual({
          i,
          center: theirs.Center,
          lo: unclamp(theirs.Lo),
          hi: unclamp(theirs.Hi),
          w: theirs.Warnings,
        });
        expect(Math.abs(ours.confidence - theirs.Confidence)).toBeLessThan(1e-9);
      }
      const cmp = compare(olds, news, 'nothing', 0.05);
      const diff = Math.abs(cmp.p - want.P);
      maxPDiff = Math.max(maxPDiff, diff);
      expect({ i, diff: diff <= 1e-6, significant: cmp.p <= 0.05, warnings: cmp.warnings }).toEqual({
        i,
        diff: true,
        significant: want.P <= 0.05,
        warnings: want.Warnings,
      });
    });
    expect(maxPDiff).toBeLessThan(1e-6);
  });
});

interface GenBench {
  name: string;
  units: { unit: string; kind: Kind; scale: number }[];
}

function genFiles(seed: number): { name: string; text: string }[] {
  const r = rng(seed);
  const procs = r() < 0.5 ? '-8' : '';
  const nBench = 1 + Math.floor(r() * 6);
  const benches: GenBench[] = [];
  for (let b = 0; b < nBench; b++) {
    const units: GenBench['units'] = [{ unit: 'ns/op', kind: r() < 0.8 ? 'continuous' : 'ties', scale: [12.3, 950, 45678, 2.5e9][b % 4]! }];
    if (r() < 0.5) units.push({ unit: 'B/op', kind: 'constant', scale: [0, 64, 4096][Math.floor(r() * 3)]! });
    if (r() < 0.5) units.push({ unit: 'allocs/op', kind: r() < 0.7 ? 'constant' : 'fewValues', scale: [1, 3, 17][Math.floor(r() * 3)]! });
    if (r() < 0.3) units.push({ unit: 'MB/s', kind: 'continuous', scale: 250 });
    if (r() < 0.3) units.push({ unit: 'hits/op', kind: r() < 0.5 ? 'continuous' : 'ties', scale: 3.25 });
    const sub = r() < 0.5 ? `/size=${1 << (b * 3)}` : '';
    benches.push({ name: `Benchmark${['Encode', 'Decode', 'Hash', 'Sort', 'Map', 'Chan'][b]}${sub}${procs}`, units });
  }
  const nFiles = r() < 0.8 ? 2 : 3;
  const files: { name: string; text: string }[] = [];
  for (let f = 0; f < nFiles; f++) {
    const count = [1, 3, 5, 6, 10, 20, 30][Math.floor(r() * 7)]!;
    const shift = [0, -0.2, 0.15, 0.01][Math.floor(r() * 4)]!;
    // Some sets vary the configuration between files (separate tables), and
    // some declare a unit exact (benchmath's AssumeExact).
    const cpu = seed % 7 === 0 && f > 0 ? 'Other CPU' : 'Test CPU';
    let text = `goos: linux\ngoarch: amd64\npkg: example.com/gen${seed % 2}\ncpu: ${cpu}\n`;
    if (seed % 5 === 0) text += 'Unit allocs/op assume=exact\n';
    for (let c = 0; c < count; c++) {
      for (const b of benches) {
        if (f > 0 && b === benches[benches.length - 1] && r() < 0.1) continue; // benchmark missing in a later file
        const cols = b.units.map((u) => {
          const v = sample(r, 1, u.kind, u.scale, u.unit === 'MB/s' ? -shift : shift)[0]!;
          return `${u.unit === 'ns/op' || u.unit === 'MB/s' ? v.toFixed(2) : String(v)} ${u.unit}`;
        });
        text += `${b.name} \t ${1000 + c} \t ${cols.join('\t')}\n`;
      }
    }
    text += 'PASS\nok  \texample.com/gen\t1.234s\n';
    files.push({ name: `f${f}-${seed}.txt`, text });
  }
  return files;
}

describe('text output agreement (via the real benchstat binary)', () => {
  it('prints byte-identical tables for 120 generated file sets and the same CSV centers', () => {
    for (let seed = 1; seed <= 120; seed++) {
      const files = genFiles(seed);
      const paths = files.map((f) => {
        const p = join(dir, f.name);
        writeFileSync(p, f.text);
        return f.name;
      });
      const real = execFileSync(benchstatBin, paths, { cwd: dir }).toString();
      const res = benchstat(files.map((f) => ({ label: f.name, text: f.text })));
      expect({ seed, text: formatBenchstatText(res) }).toEqual({ seed, text: real });

      // CSV carries the centers unrounded: compare them numerically, table by table.
      const csv = execFileSync(benchstatBin, ['-format', 'csv', ...paths], { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
      const blocks = csv === "" ? [] : csv.split(/\n\n/).map((b) => b.split('\n').filter((l) => l !== ''));
      const ours = res.tables.map((t) => t.rows.map((row, ri) => [row, ...t.cells[ri]!.map((c) => c?.summary.center)] as const));
      expect(blocks.length).toBe(ours.length);
      blocks.forEach((lines, ti) => {
        const dataLines = lines.filter((l) => !l.startsWith(',') && !/^[a-z]+: /.test(l) && !l.startsWith('geomean'));
        const table = ours[ti]!;
        expect(dataLines.length).toBe(table.length);
        dataLines.forEach((line, ri) => {
          const cellsCsv = line.split(',');
          const [name, ...centers] = table[ri]!;
          expect(cellsCsv[0]).toBe(name);
          centers.forEach((c, ci) => {
            const col = ci === 0 ? 1 : 3 + (ci - 1) * 4;
            if (c === undefined) return;
            expect(Number(cellsCsv[col])).toBe(c);
          });
        });
      });
    }
  });
});
