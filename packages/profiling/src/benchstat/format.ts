/**
 * Number and unit formatting as benchstat prints it: Go's fixed-point
 * formatting (round half to even on exact ties), Go's `%v` for floats, unit
 * tidying (ns/op -> sec/op, MB/s -> B/s), and the SI/IEC prefix scaler that
 * picks one prefix and precision per table row.
 */

/**
 * Go's strconv 'f' formatting with `prec` digits. JavaScript's toFixed rounds
 * exact ties away from zero where Go rounds half to even, so exact binary ties
 * (e.g. 0.125 to 2 digits) are corrected.
 */
export function goFixed(x: number, prec: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? '+Inf' : '-Inf';
  const s = x.toFixed(prec);
  // Detect an exact tie: the value has a 5 right after the last kept digit and
  // nothing but zeros after it.
  const scaled = Math.abs(x) * Math.pow(10, prec);
  if (Number.isFinite(scaled) && scaled < 2 ** 52 && scaled - Math.floor(scaled) === 0.5) {
    const wide = Math.abs(x).toFixed(Math.min(100, prec + 25));
    const tail = wide.slice(wide.length - 25);
    if (/^50*$/.test(tail)) {
      const floor = Math.floor(scaled);
      const keep = floor % 2 === 0 ? floor : floor + 1;
      const digits = (keep / Math.pow(10, prec)).toFixed(prec);
      return (x < 0 ? '-' : '') + digits;
    }
  }
  return s;
}

/** Go's `%v` / strconv 'g' shortest formatting of a float64. */
export function goFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const exp = x.toExponential(); // shortest round-trip digits
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(exp);
  if (!m) return String(x);
  const sign = m[1]!;
  const digits = m[2]! + (m[3] ?? '');
  const e = Number(m[4]);
  if (e < -4 || e >= 6) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const es = Math.abs(e) < 10 ? `0${Math.abs(e)}` : String(Math.abs(e));
    return `${sign}${mant}e${e < 0 ? '-' : '+'}${es}`;
  }
  if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${digits}`;
  if (digits.length <= e + 1) return sign + digits + '0'.repeat(e + 1 - digits.length);
  return `${sign}${digits.slice(0, e + 1)}.${digits.slice(e + 1)}`;
}

/** Go's `%+.2f%%`. */
export function signedPct(pct: number): string {
  const s = goFixed(pct, 2);
  return (s.startsWith('-') || s.startsWith('+') ? s : `+${s}`) + '%';
}

// --- units -----------------------------------------------------------------

/** Splits a unit into tokens, tracking whether each is in the denominator. */
function* unitTokens(unit: string): Generator<{ tok: string; pos: number; denom: boolean }> {
  let denom = false;
  let i = 0;
  while (i < unit.length) {
    const ch = unit[i]!;
    if (ch === '*') {
      denom = false;
      i++;
    } else if (ch === '/') {
      denom = true;
      i++;
    } else if (ch === '-' || /\s/.test(ch)) {
      i++;
    } else {
      let end = i;
      while (end < unit.length && !/[*/\-\s]/.test(unit[end]!)) end++;
      yield { tok: unit.slice(i, end), pos: i, denom };
      i = end;
    }
  }
}

const tidyCache = new Map<string, { unit: string; factor: number }>();

/**
 * benchstat's unit tidying: `ns/op` becomes `sec/op` (x1e-9), `MB/s` becomes
 * `B/s` (x1e6), and the same for those tokens in the numerator of custom units.
 */
export function tidyUnit(unit: string): { unit: string; factor: number } {
  switch (unit) {
    case 'ns/op':
      return { unit: 'sec/op', factor: 1e-9 };
    case 'MB/s':
      return { unit: 'B/s', factor: 1e6 };
    case 'B/op':
    case 'allocs/op':
      return { unit, factor: 1 };
  }
  if (!unit.includes('ns') && !unit.includes('MB')) return { unit, factor: 1 };
  const cached = tidyCache.get(unit);
  if (cached) return cached;
  let factor = 1;
  const edits: { pos: number; len: number; replace: string }[] = [];
  for (const t of unitTokens(unit)) {
    if (t.denom) continue;
    if (t.tok === 'ns') {
      edits.push({ pos: t.pos, len: 2, replace: 'sec' });
      factor /= 1e9;
    } else if (t.tok === 'MB') {
      edits.push({ pos: t.pos, len: 2, replace: 'B' });
      factor *= 1e6;
    }
  }
  let out = unit;
  for (let i = edits.length - 1; i >= 0; i--) {
    const e = edits[i]!;
    out = out.slice(0, e.pos) + e.replace + out.slice(e.pos + e.len);
  }
  const res = { unit: out, factor };
  tidyCache.set(unit, res);
  return res;
}

export type UnitClass = 'decimal' | 'binary';

/** Units counting bytes in the numerator scale with binary (Ki, Mi) prefixes. */
export function unitClass(unit: string): UnitClass {
  for (const t of unitTokens(unit)) {
    if ((t.tok === 'B' || t.tok === 'MB' || t.tok === 'bytes') && !t.denom) return 'binary';
  }
  return 'decimal';
}

export interface Scaler {
  prec: number;
  factor: number;
  prefix: string;
}

interface Factor {
  factor: number;
  prefix: string;
  t100: number;
  t10: number;
  t1: number;
}

const SI_FACTORS: Factor[] = ['T', 'G', 'M', 'k', '', 'm', 'µ', 'n'].map((prefix, i) => {
  const exp = 12 - 3 * i;
  return { factor: Math.pow(10, exp), prefix, t100: Number(`99.995e${exp}`), t10: Number(`9.9995e${exp}`), t1: Number(`.99995e${exp}`) };
});

const IEC_FACTORS: Factor[] = ['Ti', 'Gi', 'Mi', 'Ki', ''].map((prefix, i) => {
  const exp = 40 - 10 * i;
  const p2 = Math.pow(2, exp);
  // The thresholds are 99.995, 9.9995 and .99995 times the power of two.
  return { factor: p2, prefix, t100: 99.995 * p2, t10: 9.9995 * p2, t1: 0.99995 * p2 };
});

const SIGFIGS: number[] = [];
for (let exp = -1; exp > -9; exp--) SIGFIGS.push(Number(`9.9995e${exp}`));
const SIGFIGS_BASE = 3;

/**
 * One scale for a set of values (a table row): chosen from the smallest
 * non-zero magnitude so that every value shows at least four significant digits.
 */
export function commonScale(values: readonly number[], cls: UnitClass): Scaler {
  let min = 0;
  for (let v of values) {
    v = Math.abs(v);
    if (v !== 0 && (min === 0 || v < min)) min = v;
  }
  if (min === 0) return { prec: 3, factor: 1, prefix: '' };
  const factors = cls === 'binary' ? IEC_FACTORS : SI_FACTORS;
  for (const f of factors) {
    if (min >= f.t100) return { prec: 1, factor: f.factor, prefix: f.prefix };
    if (min >= f.t10) return { prec: 2, factor: f.factor, prefix: f.prefix };
    if (min >= f.t1) return { prec: 3, factor: f.factor, prefix: f.prefix };
  }
  const last = factors[factors.length - 1]!;
  const val = min / last.factor;
  for (let i = 0; i < SIGFIGS.length; i++) {
    if (val >= SIGFIGS[i]! || i === SIGFIGS.length - 1) return { prec: i + SIGFIGS_BASE, factor: last.factor, prefix: last.prefix };
  }
  return { prec: 3, factor: last.factor, prefix: last.prefix };
}

export function formatScaled(s: Scaler, val: number): string {
  return goFixed(val / s.factor, s.prec) + s.prefix;
}

export function scaleOne(val: number, cls: UnitClass): string {
  return formatScaled(commonScale([val], cls), val);
}
