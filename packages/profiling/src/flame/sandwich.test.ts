/**
 * The sandwich of a function on a real CPU profile (testdata, from go test
 * -cpuprofile): both graphs are rooted at the function and weigh exactly its
 * cumulative value in the top table; the callers graph's first level holds
 * its callers, the callees graph's its callees.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeProfile } from '../pprof/decode.js';
import { computeTop } from '../pprof/top.js';
import { buildSandwich } from './sandwich.js';
import { frameName } from './model.js';

const profile = decodeProfile(readFileSync(new URL('../../testdata/pprof/test-cpu.pb.gz', import.meta.url)));

describe('buildSandwich', () => {
  const top = computeTop(profile, { nodeCount: 20 }).rows.filter((r) => r.cum > 0);

  it('weighs each function by its cumulative value, in both directions', () => {
    expect(top.length).toBeGreaterThan(3);
    for (const row of top.slice(0, 8)) {
      const s = buildSandwich(profile, row.name);
      expect(s.samples).toBeGreaterThan(0);
      expect(s.callees.totalValue, row.name).toBeCloseTo(row.cum, 6);
      expect(s.callers.totalValue, row.name).toBeCloseTo(row.cum, 6);
      // The single frame under the synthetic root is the function itself, in both graphs.
      expect(frameName(s.callees, 1)).toBe(row.name);
      expect(frameName(s.callers, 1)).toBe(row.name);
    }
  });

  it('puts callers above the function in one graph and callees in the other', () => {
    // A function with both: its callers graph reaches the test runner, its callees graph does not.
    const mid = top.find((r) => r.flat < r.cum && !r.name.startsWith('runtime.') && !r.name.startsWith('testing.'))!;
    const s = buildSandwich(profile, mid.name);
    const names = (m: typeof s.callers) => Array.from({ length: m.count }, (_, i) => (i === 0 ? '' : frameName(m, i)));
    expect(names(s.callers).some((n) => n.startsWith('testing.'))).toBe(true);
    expect(names(s.callees).some((n) => n.startsWith('testing.'))).toBe(false);
  });

  it('is empty for a function the profile does not have', () => {
    const s = buildSandwich(profile, 'no.such.Function');
    expect(s.samples).toBe(0);
    expect(s.callees.totalValue).toBe(0);
  });
});
