/**
 * The statistics benchstat relies on, written from the definitions used by
 * golang.org/x/perf/benchmath and github.com/aclements/go-moremath/stats:
 * sample quantiles (Hyndman-Fan R8), distribution-free confidence intervals of
 * a quantile from binomial order statistics, the Mann-Whitney U test (exact
 * distribution for small samples, with and without ties, and the normal
 * approximation with tie and continuity correction), and the geometric mean.
 *
 * Agreement with the Go implementation is the point: the same thresholds
 * (exact U distribution up to 50 values, or 25 with ties; exact binomial CI up
 * to 30 values), the same tie-breaking and the same accumulation order, so that
 * centers, intervals and significance decisions are identical and p-values agree
 * to well within 1e-6 (checked against the real benchstat in benchstat.oracle.test.ts).
 */

/** Largest sample size for which the exact U distribution is used (no ties). */
export const MANN_WHITNEY_EXACT_LIMIT = 50;
/** Largest sample size for which the exact U distribution is used when there are ties. */
export const MANN_WHITNEY_TIES_EXACT_LIMIT = 25;
/** Above this sample size the quantile CI uses the normal approximation of the binomial. */
const QUANTILE_CI_APPROX_THRESHOLD = 30;

export class SamplesEqualError extends Error {
  constructor() {
    super('all samples are equal');
  }
}

export class SampleSizeError extends Error {
  constructor() {
    super('sample is too small');
  }
}

// --- error function and the normal distribution ---------------------------

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * Complementary error function with close to double precision: a series with
 * only positive terms for |x| < 3 (no cancellation) and a continued fraction in
 * the tail, where the series would lose digits.
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 3) {
    // erf(x) = 2/sqrt(pi) * exp(-x^2) * sum_{n>=0} 2^n x^(2n+1) / (1*3*...*(2n+1))
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let n = 1; n < 200; n++) {
      term *= (2 * x2) / (2 * n + 1);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return 1 - TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
  }
  if (x > 27) return 0;
  // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
  let frac = x;
  for (let k = 80; k >= 1; k--) frac = x + k / 2 / frac;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / frac;
}

export interface NormalDist {
  mu: number;
  sigma: number;
}

export function normalCdf(d: NormalDist, x: number): number {
  return erfc(-(x - d.mu) / (d.sigma * Math.SQRT2)) / 2;
}

/**
 * Inverse normal CDF: Acklam's rational approximation followed by one Halley
 * refinement step, the same method moremath uses, so that interval bounds
 * derived from it round to the same order statistics.
 */
export function normalInvCdf(d: NormalDist, p: number): number {
  if (p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const dd = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pLow = 0.02425;
  const pHigh = 1 - pLow;
  const [a1, a2, a3, a4, a5, a6] = a as [number, number, number, number, number, number];
  const [b1, b2, b3, b4, b5] = b as [number, number, number, number, number];
  const [c1, c2, c3, c4, c5, c6] = c as [number, number, number, number, number, number];
  const [d1, d2, d3, d4] = dd as [number, number, number, number];
  let x: number;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c1 * q + c2) * q + c3) * q + c4) * q + c5) * q + c6) / ((((d1 * q + d2) * q + d3) * q + d4) * q + 1);
  } else if (pHigh < p) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c1 * q + c2) * q + c3) * q + c4) * q + c5) * q + c6) / ((((d1 * q + d2) * q + d3) * q + d4) * q + 1);
  } else {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a1 * r + a2) * r + a3) * r + a4) * r + a5) * r + a6) * q) / (((((b1 * r + b2) * r + b3) * r + b4) * r + b5) * r + 1);
  }
  const e = 0.5 * erfc(-x / Math.SQRT2) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  x = x - u / (1 + (x * u) / 2);
  return x * d.sigma + d.mu;
}

const STD_NORMAL: NormalDist = { mu: 0, sigma: 1 };

// --- combinatorics --------------------------------------------------------

/**
 * log Gamma(x) for positive integers x, evaluated the way FDLIBM's lgamma
 * (and Go's math.Lgamma) does for those arguments: 0 for 1 and 2, log((x-1)!)
 * for x < 8, and Stirling's series with FDLIBM's coefficients above.
 */
function lgammaInt(x: number): number {
  if (x === 1 || x === 2) return 0;
  if (x < 8) {
    let z = 1;
    for (let k = x - 1; k >= 2; k--) z *= k;
    return Math.log(z);
  }
  const w0 = 4.18938533204672725052e-1;
  const w1 = 8.33333333333329678849e-2;
  const w2 = -2.7777777772877553647e-3;
  const w3 = 7.936505586430195585e-4;
  const w4 = -5.95187557450339963135e-4;
  const w5 = 8.36339918996282139126e-4;
  const w6 = -1.63092934096575273989e-3;
  const t = Math.log(x);
  const z = 1 / x;
  const y = z * z;
  const w = w0 + z * (w1 + y * (w2 + y * (w3 + y * (w4 + y * (w5 + y * w6)))));
  return (x - 0.5) * (t - 1) + w;
}

/**
 * Binomial coefficient as moremath's mathx.Choose computes it: exact integer
 * arithmetic up to n = 20, exp(lgamma…) above. The rounding of the latter is
 * kept on purpose: the median CI walks outward comparing C(n,k) with
 * C(n,n-k), which are equal in exact arithmetic, so benchmath's interval for
 * 21 <= n <= 30 depends on which of the two rounds higher.
 */
const CHOOSE_MEMO_N = 128;
const chooseMemo = new Float64Array((CHOOSE_MEMO_N + 1) * (CHOOSE_MEMO_N + 1)).fill(-1);

export function choose(n: number, k: number): number {
  if (n >= 0 && n <= CHOOSE_MEMO_N && k >= 0 && k <= n) {
    const i = n * (CHOOSE_MEMO_N + 1) + k;
    let v = chooseMemo[i]!;
    if (v < 0) {
      v = chooseUncached(n, k);
      chooseMemo[i] = v;
    }
    return v;
  }
  return chooseUncached(n, k);
}

function chooseUncached(n: number, k: number): number {
  if (k === 0 || k === n) return 1;
  if (k < 0 || n < k) return 0;
  if (n <= 20) {
    let numer = 1;
    for (let i = n - (k - 1); i <= n; i++) numer *= i; // < 2^62 but exact: see below
    let denom = 1;
    for (let i = 2; i <= k; i++) denom *= i;
    // numer can exceed 2^53; compute the exact quotient with BigInt then.
    if (numer > Number.MAX_SAFE_INTEGER) {
      let bn = 1n;
      for (let i = n - (k - 1); i <= n; i++) bn *= BigInt(i);
      let bd = 1n;
      for (let i = 2; i <= k; i++) bd *= BigInt(i);
      return Number(bn / bd);
    }
    return numer / denom;
  }
  return Math.exp(lgammaInt(n + 1) - lgammaInt(k + 1) - lgammaInt(n - k + 1));
}

function binomialPmf(n: number, p: number, k: number): number {
  const ki = Math.floor(k);
  if (ki < 0 || ki > n) return 0;
  return choose(n, ki) * Math.pow(p, ki) * Math.pow(1 - p, n - ki);
}

// --- quantiles and their confidence intervals -----------------------------

/** Quantile of a sorted sample, Hyndman and Fan's definition 8 (median-unbiased). */
export function quantileSorted(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  if (q <= 0) return xs[0]!;
  if (q >= 1) return xs[xs.length - 1]!;
  const n = 1 / 3 + q * (xs.length + 1 / 3);
  const k = Math.trunc(n);
  const frac = n - k;
  if (k <= 0) return xs[0]!;
  if (k >= xs.length) return xs[xs.length - 1]!;
  return xs[k - 1]! + frac * (xs[k]! - xs[k - 1]!);
}

export interface QuantileCI {
  quantile: number;
  n: number;
  /** Actual confidence of the interval (>= the requested level). */
  confidence: number;
  /** 1-based order statistics bounding the interval; 0 or n+1 mean -inf / +inf. */
  loOrder: number;
  hiOrder: number;
}

/**
 * Distribution-free confidence interval of the q-quantile of a sample of size
 * n: the number of sample values below the population quantile is binomial, so
 * the interval between two order statistics covers it with a probability given
 * by summing binomial probabilities outward from the mode (left-biased on
 * ties), or by the normal approximation with continuity correction for n > 30.
 */
export function quantileCI(n: number, q: number, confidence: number): QuantileCI {
  if (confidence >= 1) return { quantile: q, n, confidence: 1, loOrder: 0, hiOrder: n + 1 };
  let l: number;
  let r: number;
  let achieved: number;
  if (n <= QUANTILE_CI_APPROX_THRESHOLD) {
    const x = q === 0 ? 0 : Math.ceil((n + 1) * q) - 1;
    let accum = binomialPmf(n, q, x);
    l = x;
    r = x + 1;
    let lp = binomialPmf(n, q, l - 1);
    let rp = binomialPmf(n, q, r);
    while (accum < confidence && (lp > 0 || rp > 0)) {
      if (lp >= rp) {
        accum += lp;
        l--;
        lp = binomialPmf(n, q, l - 1);
      } else {
        accum += rp;
        r++;
        rp = binomialPmf(n, q, r);
      }
    }
    achieved = accum;
  } else {
    const norm: NormalDist = { mu: n * q, sigma: Math.sqrt(n * q * (1 - q)) };
    const alpha = (1 - confidence) / 2;
    const l1 = normalInvCdf(norm, alpha);
    const r1 = 2 * norm.mu - l1;
    // Point k of the binomial is the band [k-0.5, k+0.5] of the normal: round
    // the interval out to those band edges, then recover k.
    l = Math.floor(l1 - 0.5) + 1;
    r = Math.ceil(r1 - 0.5) + 1;
    const cover = (lo: number, hi: number) => normalCdf(norm, hi - 0.5) - normalCdf(norm, lo - 0.5);
    achieved = cover(l, r);
    const biased = cover(l, r - 1);
    if (biased >= confidence && biased < achieved) {
      achieved = biased;
      r = r - 1;
    }
    if (l <= 0 && r >= n + 1) achieved = 1;
  }
  if (l < 0) l = 0;
  if (r > n + 1) r = n + 1;
  return { quantile: q, n, confidence: achieved, loOrder: l, hiOrder: r };
}

const medianCICache = new Map<string, QuantileCI>();

export function medianCI(n: number, confidence: number): QuantileCI {
  const key = `${n}|${confidence}`;
  let ci = medianCICache.get(key);
  if (!ci) {
    ci = quantileCI(n, 0.5, confidence);
    medianCICache.set(key, ci);
  }
  return ci;
}

/** Median and its interval bounds for a sorted sample (bounds may be infinite). */
export function sampleCI(sorted: readonly number[], ci: QuantileCI): { center: number; lo: number; hi: number } {
  const center = quantileSorted(sorted, ci.quantile);
  const lo = ci.loOrder < 1 ? -Infinity : sorted[ci.loOrder - 1]!;
  const hi = ci.hiOrder - 1 >= sorted.length ? Infinity : sorted[ci.hiOrder - 1]!;
  return { center, lo, hi };
}

// --- Mann-Whitney U distribution ------------------------------------------

/**
 * Exact U distribution without ties, by the Mann-Whitney recurrence
 * p(n,m,U) = (n p(n-1,m,U-m) + m p(n,m-1,U)) / (n+m), keeping one row of the
 * (n, m) plane at a time. Returns p(N1,N2,u) for u = 0..U.
 */
function uPmfNoTies(n1: number, n2: number, U: number): Float64Array {
  const N = Math.min(n1, n2);
  const M = Math.max(n1, n2);
  const memo: Float64Array[] = [];
  for (let n = 0; n <= N; n++) memo.push(new Float64Array(U + 1));
  for (let m = 0; m <= M; m++) {
    memo[0]![0] = 1;
    const nlim = Math.min(N, m);
    for (let n = 1; n <= nlim; n++) {
      const lp = memo[n - 1]!;
      // p(n, m-1): when n == m it is p(m-1, n) by symmetry, already in this row.
      const rp = n <= m - 1 ? memo[n]! : memo[m - 1]!;
      const ulim = Math.min(n * m, U);
      const out = memo[n]!;
      const nm = n + m;
      for (let u = ulim; u >= 0; u--) {
        const left = u - m >= 0 ? n * lp[u - m]! : 0;
        out[u] = (left + m * rp[u]!) / nm;
      }
    }
  }
  return memo[N]!;
}

/**
 * Number of arrangements of n1 first-sample values among the ranks with tie
 * vector t whose doubled U statistic is <= twoU, by dynamic programming over
 * the tie groups: f[m][2U]
 * counts the ways to place m first-sample values among the groups seen so
 * far with a doubled U statistic of 2U (each first-sample value in a group
 * scores 2 per second-sample value below it and 1 per one tied with it).
 * Counts that can only end above the target are never computed. All counts
 * are integers below C(50,25) < 2^53, so the sums are exact. benchmath gets
 * the same numbers from Cheung and Klotz's recursion ("The Mann Whitney
 * Wilcoxon distribution using linked lists", 1997) up to the rounding of its
 * lgamma-based binomials (~1e-15); here groups of one value, the common case,
 * are a shifted row addition, which made the tied test five times faster in
 * JavaScript than a port of that recursion.
 */
function tiedCumulativeCount(twoU: number, n1: number, t: readonly number[]): number {
  const W = twoU + 1;
  const size = (n1 + 1) * W;
  if (groupPool.f.length < size) {
    groupPool.f = new Float64Array(size);
    groupPool.old = new Float64Array(size);
  }
  const f = groupPool.f;
  f.fill(0, 0, size);
  f[0] = 1;
  let before = 0;
  let maxM = 0;
  let remaining = t.reduce((x, y) => x + y, 0);
  // Highest 2U worth keeping in row m once `placed` values are placed: each
  // of the n1-m first-sample values still to come scores at least 2 for every
  // second-sample value already placed, so entries above this limit can only
  // end above the target. Skipping them leaves the result exact.
  const limit = (m: number, placed: number) => twoU - 2 * (n1 - m) * (placed - m);
  for (const tk of t) {
    remaining -= tk;
    const top = Math.min(n1, maxM + tk);
    // Rows that can no longer reach n1 first-sample values do not matter.
    const minM = Math.max(0, n1 - remaining);
    if (tk === 1) {
      for (let m = top; m >= 1 && m >= minM; m--) {
        const d = 2 * (before - (m - 1));
        const len = Math.min(W, limit(m, before + 1) + 1) - d;
        if (len <= 0) continue;
        const dst = m * W + d;
        const src = (m - 1) * W;
        for (let u = 0; u < len; u++) f[dst + u]! += f[src + u]!;
      }
    } else {
      const old = groupPool.old;
      old.set(f.subarray(0, size));
      for (let m = top; m >= 1 && m >= minM; m--) {
        for (let r = 1; r <= tk && r <= m; r++) {
          // Row m-r must be reachable with the values placed so far.
          if (m - r > maxM) continue;
          const d = r * (2 * (before - (m - r)) + tk - r);
          const len = Math.min(W, limit(m, before + tk) + 1) - d;
          if (len <= 0) continue;
          const c = choose(tk, r);
          const dst = m * W + d;
          const src = (m - r) * W;
          for (let u = 0; u < len; u++) f[dst + u]! += old[src + u]! * c;
        }
      }
    }
    before += tk;
    maxM = top;
  }
  let sum = 0;
  for (let u = 0; u < W; u++) sum += f[n1 * W + u]!;
  return sum;
}

const groupPool = { f: new Float64Array(0), old: new Float64Array(0) };

/** CDF of the U statistic for samples of sizes n1, n2 with tie vector t. */
export function uCdf(n1: number, n2: number, t: readonly number[], U: number): number {
  if (U < 0) return 0;
  if (U >= n1 * n2) return 1;
  if (t.some((x) => x > 1)) {
    return tiedCumulativeCount(Math.trunc(2 * U), n1, t) / choose(n1 + n2, n1);
  }
  let u = Math.floor(U);
  // Symmetric around n1*n2/2: sum whichever tail is shorter.
  const flip = u >= Math.floor((n1 * n2 + 1) / 2);
  if (flip) u = n1 * n2 - u - 1;
  const pmf = uPmfNoTies(n1, n2, u);
  let p = 0;
  for (let i = 0; i <= u; i++) p += pmf[i]!;
  return flip ? 1 - p : p;
}

export interface MannWhitneyResult {
  n1: number;
  n2: number;
  /** U statistic of the first sample (ties count 1/2). */
  u: number;
  /** Two-sided p-value. */
  p: number;
}

/**
 * Two-sided Mann-Whitney U test. Throws SampleSizeError for an empty sample
 * and SamplesEqualError when every value in both samples is the same.
 */
export function mannWhitneyUTest(x1In: readonly number[], x2In: readonly number[]): MannWhitneyResult {
  const n1 = x1In.length;
  const n2 = x2In.length;
  if (n1 === 0 || n2 === 0) throw new SampleSizeError();
  if (x1In.some(Number.isNaN) || x2In.some(Number.isNaN)) throw new RangeError('samples must not contain NaN');
  const x1 = [...x1In].sort((a, b) => a - b);
  const x2 = [...x2In].sort((a, b) => a - b);

  // Merge, ranking ties by their average rank; T is the tie vector.
  let R1 = 0;
  const T: number[] = [];
  let hasTies = false;
  let i = 0;
  let j = 0;
  let pos = 0; // number of values already ranked
  while (i < n1 || j < n2) {
    const v = i < n1 && (j >= n2 || x1[i]! < x2[j]!) ? x1[i]! : x2[j]!;
    let c1 = 0;
    let c2 = 0;
    while (i < n1 && x1[i] === v) {
      i++;
      c1++;
    }
    while (j < n2 && x2[j] === v) {
      j++;
      c2++;
    }
    const count = c1 + c2;
    if (c1 !== 0) R1 += ((pos + 1 + pos + count) / 2) * c1;
    T.push(count);
    if (count > 1) hasTies = true;
    pos += count;
  }
  const U1 = R1 - (n1 * (n1 + 1)) / 2;
  const U2 = n1 * n2 - U1;
  const uSmall = Math.min(U1, U2);

  let p: number;
  const exact = hasTies
    ? n1 <= MANN_WHITNEY_TIES_EXACT_LIMIT && n2 <= MANN_WHITNEY_TIES_EXACT_LIMIT
    : n1 <= MANN_WHITNEY_EXACT_LIMIT && n2 <= MANN_WHITNEY_EXACT_LIMIT;
  if (exact) {
    if (T.length === 1) throw new SamplesEqualError();
    // When U1 == U2 the statistic sits on the center of a symmetric discrete
    // distribution: doubling the CDF would count the mass at the center twice.
    p = U1 === U2 ? 1 : uCdf(n1, n2, T, uSmall) * 2;
  } else {
    let tieSum = 0;
    for (const t of T) tieSum += t * t * t - t;
    const N = n1 + n2;
    const mu = (n1 * n2) / 2;
    const sigma = Math.sqrt((n1 * n2 * (N + 1 - tieSum / (N * (N - 1)))) / 12);
    if (sigma === 0) throw new SamplesEqualError();
    let numer = U1 - mu;
    numer -= Math.sign(numer) * 0.5; // continuity correction
    const z = numer / sigma;
    const cdf = normalCdf(STD_NORMAL, z);
    p = 2 * Math.min(cdf, 1 - cdf);
  }
  return { n1, n2, u: U1, p };
}

/** Geometric mean computed as a running mean of logs (NaN unless all values > 0). */
export function geoMean(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  let m = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    if (x <= 0) return NaN;
    m += (Math.log(x) - m) / (i + 1);
  }
  return Math.exp(m);
}
