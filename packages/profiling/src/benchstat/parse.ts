/**
 * Parser for the Go benchmark format (https://go.dev/design/14313-benchmark-format),
 * as `go test -bench` prints it and golang.org/x/perf/benchfmt reads it:
 *
 * - `BenchmarkName-N  iters  value unit  value unit ...` result lines: every
 *   unit (`ns/op`, `-benchmem`'s `B/op` and `allocs/op`, `MB/s`, custom
 *   `b.ReportMetric` units); values are tidied (ns/op -> sec/op, MB/s -> B/s);
 * - `key: value` configuration lines (`goos:`, `pkg:`, `cpu:`, any lower-case
 *   key) that apply to the results after them in the same file; an empty value
 *   deletes the key;
 * - `Unit <unit> key=value...` metadata lines (e.g. `assume=exact`);
 * - everything else (PASS, ok, test output) is ignored.
 *
 * Malformed result lines are reported as syntax errors (the result is
 * skipped), never thrown, so hostile input cannot crash a comparison.
 */
import { tidyUnit } from './format.js';

export interface BenchValue {
  value: number;
  unit: string;
  /** The value and unit as printed, when tidying changed them. */
  origValue?: number;
  origUnit?: string;
}

export interface BenchResult {
  /** Label of the input this result came from (the file name or `label=` prefix). */
  file: string;
  line: number;
  /** File configuration in effect, in order of first appearance. */
  config: [string, string][];
  /** Full name without the `Benchmark` prefix, e.g. `Encode/size=64-8`. */
  name: string;
  iterations: number;
  values: BenchValue[];
}

export interface BenchSyntaxError {
  file: string;
  line: number;
  message: string;
}

export interface UnitMetadata {
  unit: string;
  key: string;
  value: string;
}

export interface ParsedInput {
  label: string;
  results: BenchResult[];
  errors: BenchSyntaxError[];
}

export interface ParsedSet {
  inputs: ParsedInput[];
  /** Unit metadata (tidied unit + key -> value), shared by all inputs as in benchfmt. */
  units: Map<string, UnitMetadata>;
  errors: BenchSyntaxError[];
}

export interface NamedInput {
  /** Label shown as the column header (usually the file name). */
  label: string;
  text: string;
}

const SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

/** Splits on Unicode white space like Go's strings.Fields (ASCII fast path). */
function fields(line: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    const space = c <= 0x20 ? c === 0x20 || (c >= 0x09 && c <= 0x0d) : c >= 0x80 && SPACE.test(line[i]!);
    if (space) {
      if (start >= 0) {
        out.push(line.slice(start, i));
        start = -1;
      }
    } else if (start < 0) start = i;
  }
  if (start >= 0) out.push(line.slice(start));
  return out;
}

const FLOAT = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[iI][nN][fF](?:[iI][nN][iI][tT][yY])?|[nN][aA][nN])$/;
const INT = /^[+-]?\d+$/;

function parseFloatGo(s: string): number | undefined {
  if (!FLOAT.test(s)) return undefined;
  const lower = s.toLowerCase().replace(/^\+/, '');
  if (lower === 'nan') return NaN;
  if (lower === 'inf' || lower === 'infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  return Number(s);
}

/** `key: value` line: key starts lower-case, has no spaces or upper-case letters. */
function keyValue(line: string): [string, string] | undefined {
  const first = line.codePointAt(0);
  if (first === undefined) return undefined;
  const firstCh = String.fromCodePoint(first);
  if (!(firstCh !== firstCh.toUpperCase() && firstCh === firstCh.toLowerCase())) return undefined;
  let i = 0;
  for (const ch of line) {
    if (SPACE.test(ch) || (ch !== ch.toLowerCase() && ch === ch.toUpperCase())) return undefined;
    if (i > 0 && ch === ':') {
      const key = line.slice(0, i);
      let val = line.slice(i + 1);
      if (val === '') return [key, ''];
      if (val[0] !== ' ' && val[0] !== '\t') return undefined;
      val = val.replace(/^[ \t]+/, '');
      return [key, val];
    }
    i += ch.length;
  }
  return undefined;
}

export function parseBenchInput(input: NamedInput, units: Map<string, UnitMetadata>): ParsedInput {
  const results: BenchResult[] = [];
  const errors: BenchSyntaxError[] = [];
  // An array, not a Map: benchfmt deletes a key by swapping it with the last
  // one, and the order of keys decides the order of table headers.
  const config: [string, string][] = [];
  const lines = input.text.split('\n');
  for (let li = 0; li < lines.length; li++) {
    let line = lines[li]!;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    const lineNo = li + 1;
    const err = (message: string) => errors.push({ file: input.label, line: lineNo, message });
    if (line.startsWith('Benchmark')) {
      const rest = line.slice('Benchmark'.length);
      const f = fields(rest);
      const name = rest.length > 0 && !SPACE.test(rest[0]!) ? (f[0] ?? '') : '';
      const tail = name === '' ? f : f.slice(1);
      // A bare "BenchmarkX" line (printed by -v before the result) is not a result.
      if (tail.length === 0 && name === rest) continue;
      const iterField = tail[0];
      if (iterField === undefined) {
        err('missing iteration count');
        continue;
      }
      if (!INT.test(iterField)) {
        err(`parsing iteration count: invalid syntax`);
        continue;
      }
      const iterations = Number(iterField);
      if (!Number.isSafeInteger(iterations)) {
        err('parsing iteration count: value out of range');
        continue;
      }
      const values: BenchValue[] = [];
      let bad: string | undefined;
      for (let i = 1; ; i += 2) {
        const vf = tail[i];
        if (vf === undefined) {
          if (values.length === 0) bad = 'missing measurements';
          break;
        }
        const v = parseFloatGo(vf);
        if (v === undefined) {
          bad = 'parsing measurement: invalid syntax';
          break;
        }
        // benchfmt accepts NaN and Inf, and the real benchstat then loops
        // until it runs out of memory; a measurement that is not a number is
        // a broken line here.
        if (!Number.isFinite(v)) {
          bad = `parsing measurement: ${vf} is not a finite number`;
          break;
        }
        const uf = tail[i + 1];
        if (uf === undefined) {
          bad = 'missing units';
          break;
        }
        const tidy = tidyUnit(uf);
        const tv = v * tidy.factor;
        values.push(tv === v ? { value: v, unit: uf } : { value: tv, unit: tidy.unit, origValue: v, origUnit: uf });
      }
      if (bad) {
        err(bad);
        continue;
      }
      results.push({ file: input.label, line: lineNo, config: config.map(([k, v]) => [k, v]), name, iterations, values });
      continue;
    }
    if (line.startsWith('U')) {
      const f = fields(line);
      if (f[0] === 'Unit') {
        const unit = f[1];
        if (unit === undefined) {
          err('missing unit');
          continue;
        }
        const tidy = tidyUnit(unit).unit;
        for (const kv of f.slice(2)) {
          const eq = kv.indexOf('=');
          if (eq <= 0) {
            err('expected key=value');
            continue;
          }
          const key = kv.slice(0, eq);
          const value = kv.slice(eq + 1);
          const id = `${tidy}\u0000${key}`;
          const have = units.get(id);
          if (have) {
            if (have.value !== value) err(`metadata ${key} of unit ${unit} already set to ${have.value}`);
            continue;
          }
          units.set(id, { unit: tidy, key, value });
        }
        continue;
      }
    }
    const kv = keyValue(line);
    if (kv) {
      const [key, val] = kv;
      const at = config.findIndex(([k]) => k === key);
      if (val === '') {
        if (at >= 0) {
          config[at] = config[config.length - 1]!;
          config.pop();
        }
      } else if (at >= 0) {
        config[at] = [key, val];
      } else {
        config.push([key, val]);
      }
    }
  }
  return { label: input.label, results, errors };
}

/**
 * Parses several inputs the way benchstat reads its file arguments: a
 * repeated file name gets `#0`, `#1` suffixes so the columns stay distinct.
 */
export function parseBenchInputs(inputs: readonly NamedInput[]): ParsedSet {
  const count = new Map<string, number>();
  for (const i of inputs) count.set(i.label, (count.get(i.label) ?? 0) + 1);
  const seen = new Map<string, number>();
  const units = new Map<string, UnitMetadata>();
  const parsed: ParsedInput[] = [];
  const errors: BenchSyntaxError[] = [];
  for (const input of inputs) {
    let label = input.label;
    if ((count.get(label) ?? 0) > 1) {
      const n = seen.get(label) ?? 0;
      seen.set(label, n + 1);
      label = `${label}#${n}`;
    }
    const p = parseBenchInput({ label, text: input.text }, units);
    parsed.push(p);
    errors.push(...p.errors);
  }
  return { inputs: parsed, units, errors };
}

export function unitAssumption(units: Map<string, UnitMetadata>, unit: string): 'nothing' | 'exact' {
  const m = units.get(`${tidyUnit(unit).unit}\u0000assume`);
  return m?.value === 'exact' ? 'exact' : 'nothing';
}
