/**
 * The label filter (pprof's -tagfocus for a string label) on a real profile
 * whose samples were labelled with pprof.Do (testdata runtime-cpu-labels):
 * the labels on offer, and each tenant's share adding up to the whole.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeProfile } from './decode.js';
import { filterSamples, labelValues } from './filter.js';
import { computeTop } from './top.js';

const profile = decodeProfile(readFileSync(new URL('../../testdata/pprof/runtime-cpu-labels.pb.gz', import.meta.url)));

describe('label filter', () => {
  it('offers every key=value once, and splits the samples between them', () => {
    const labels = labelValues(profile);
    const tenants = labels.filter((l) => l.key === 'tenant');
    expect(tenants.length).toBeGreaterThan(1);
    expect(labels).toContainEqual({ key: 'stage', value: 'spin' });
    const total = profile.samples.length;
    const split = tenants.map((t) => filterSamples(profile, { label: t }).length);
    // Each sample carries one tenant: the tenants' samples add up to the whole profile.
    expect(split.reduce((a, b) => a + b, 0)).toBe(total);
    expect(split.every((n) => n > 0 && n < total)).toBe(true);
  });

  it('combines with focus, and the top table honours it', () => {
    const t = labelValues(profile).find((l) => l.key === 'tenant')!;
    const all = computeTop(profile, {});
    const one = computeTop(profile, { label: t });
    expect(one.rows[0]!.cum).toBeLessThan(all.rows[0]!.cum);
    expect(filterSamples(profile, { label: { key: 'tenant', value: 'nobody' } })).toEqual([]);
    expect(filterSamples(profile, { label: t, focus: 'no\\.such\\.function' })).toEqual([]);
  });
});
