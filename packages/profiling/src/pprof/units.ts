/**
 * Value formatting that matches `go tool pprof` exactly (its measurement
 * package): learners compare our tables with pprof's, so "1.44GB", "190ms"
 * and " 0.8%" must come out the same. Behaviour re-derived from pprof's
 * documented output, not copied.
 */

interface Unit {
  name: string;
  aliases: string[];
  factor: number;
}
interface UnitFamily {
  units: Unit[];
  fallback: Unit;
}

const BYTES: UnitFamily = {
  units: [
    { name: 'B', aliases: ['b', 'byte'], factor: 1 },
    { name: 'kB', aliases: ['kb', 'kbyte', 'kilobyte'], factor: 2 ** 10 },
    { name: 'MB', aliases: ['mb', 'mbyte', 'megabyte'], factor: 2 ** 20 },
    { name: 'GB', aliases: ['gb', 'gbyte', 'gigabyte'], factor: 2 ** 30 },
    { name: 'TB', aliases: ['tb', 'tbyte', 'terabyte'], factor: 2 ** 40 },
    { name: 'PB', aliases: ['pb', 'pbyte', 'petabyte'], factor: 2 ** 50 },
  ],
  fallback: { name: 'B', aliases: [], factor: 1 },
};
const TIME: UnitFamily = {
  units: [
    { name: 'ns', aliases: ['ns', 'nanosecond'], factor: 1 },
    { name: 'us', aliases: ['μs', 'us', 'microsecond'], factor: 1e3 },
    { name: 'ms', aliases: ['ms', 'millisecond'], factor: 1e6 },
    { name: 's', aliases: ['s', 'sec', 'second'], factor: 1e9 },
    { name: 'hrs', aliases: ['hour', 'hr'], factor: 3600e9 },
  ],
  fallback: { name: 's', aliases: [], factor: 1e9 },
};
const FAMILIES = [BYTES, TIME];

function findUnit(family: UnitFamily, unit: string): Unit | undefined {
  let u = unit.toLowerCase();
  if (u.length > 2 && u.endsWith('s')) u = u.slice(0, -1);
  return family.units.find((x) => x.aliases.includes(u));
}

const UNINTERESTING = new Set(['count', 'sample', 'unit', 'minimum', 'auto']);

/**
 * Converts `value` in `fromUnit` to `toUnit` ("minimum"/"auto" pick the
 * largest unit that keeps the value >= 1). Returns the number and the unit
 * label ("" for plain counts).
 */
export function pprofScale(value: number, fromUnit: string, toUnit: string): [number, string] {
  if (value < 0) {
    const [v, u] = pprofScale(-value, fromUnit, toUnit);
    return [-v, u];
  }
  for (const family of FAMILIES) {
    const from = findUnit(family, fromUnit);
    if (!from) continue;
    const base = value * from.factor;
    if (toUnit === 'minimum' || toUnit === 'auto') {
      let best: Unit | undefined;
      for (const u of family.units) {
        if ((best === undefined || u.factor >= best.factor) && base / u.factor >= 1) best = u;
      }
      const unit = best ?? family.fallback;
      return [base / unit.factor, unit.name];
    }
    const to = findUnit(family, toUnit) ?? family.fallback;
    return [base / to.factor, to.name];
  }
  return [value, UNINTERESTING.has(toUnit) ? '' : toUnit];
}

/** Go's %.2f: round half to even on exact ties, which toFixed does not do. */
function fixed2(v: number): string {
  const s = v.toFixed(2);
  const scaled = v * 100;
  if (Number.isInteger(scaled * 2) && !Number.isInteger(scaled)) {
    // An exact binary tie (e.g. 0.125): Go rounds to even.
    const lo = Math.floor(scaled);
    const even = lo % 2 === 0 ? lo : lo + 1;
    return (even / 100).toFixed(2);
  }
  return s;
}

/** pprof's ScaledLabel: "%.2f" with ".00" trimmed, "0" for zero, then the unit. */
export function pprofScaledLabel(value: number, fromUnit: string, toUnit: string): string {
  const [v, u] = pprofScale(value, fromUnit, toUnit);
  let s = fixed2(v);
  if (s.endsWith('.00')) s = s.slice(0, -3);
  if (s === '0' || s === '-0') return '0';
  return s + u;
}

/** Go's %.2g (shortest of %e/%f with 2 significant digits, trailing zeros removed). */
function goG2(x: number): string {
  if (x === 0) return '0';
  const rounded = Number(x.toPrecision(2));
  const e = Math.floor(Math.log10(Math.abs(rounded)));
  if (e < -4 || e >= 2) {
    const [mant, ex] = rounded.toExponential(1).split('e') as [string, string];
    const m = mant.replace(/\.?0+$/, '');
    const n = Number(ex);
    return `${m}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  let s = rounded.toFixed(Math.max(0, 1 - e));
  if (s.includes('.')) s = s.replace(/\.?0+$/, '');
  return s;
}

/** pprof's Percentage: "  100%", "%5.2f%%" from 1%, "%5.2g%%" below. */
export function pprofPercentage(value: number, total: number): string {
  const ratio = total !== 0 ? Math.abs(value / total) * 100 : 0;
  if (ratio >= 99.95 && ratio <= 100.05) return '  100%';
  if (ratio >= 1) return `${fixed2(ratio).padStart(5)}%`;
  return `${goG2(ratio).padStart(5)}%`;
}

/**
 * pprof's choice of one output unit for a whole table: the unit of the
 * smallest non-zero row, moved up when the total is over 100 times larger so
 * that small rows print as 0.01GB rather than the table mixing units.
 */
export function pprofOutputUnit(rows: readonly { flat: number; cum: number }[], total: number, sampleUnit: string): string {
  if (rows.length === 0) return 'minimum';
  let minValue = 0;
  for (const r of rows) {
    let m = Math.abs(r.flat);
    if (m === 0) m = Math.abs(r.cum);
    if (m > 0 && (minValue === 0 || m < minValue)) minValue = m;
  }
  const maxValue = total;
  if (minValue === 0) minValue = maxValue;
  const minUnit = pprofScale(minValue, sampleUnit, 'minimum')[1];
  const maxUnit = pprofScale(maxValue, sampleUnit, 'minimum')[1];
  let unit = minUnit;
  if (minUnit !== maxUnit && minValue * 100 < maxValue) unit = pprofScale(100 * minValue, sampleUnit, 'minimum')[1];
  return unit !== '' ? unit : sampleUnit;
}
