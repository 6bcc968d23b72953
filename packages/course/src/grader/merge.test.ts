import { describe, expect, it } from 'vitest';
import { compareMetric } from './grade.js';
import { hiddenTestNames, mergeHiddenTests } from './merge.js';

describe('mergeHiddenTests', () => {
  const hidden = [{ name: 'split_test.go', content: 'package split // hidden' }];
  const gomod = 'module example.com/split\n\ngo 1.26\n';

  it('replaces a learner file named like a hidden test and reports it', () => {
    const merged = mergeHiddenTests(
      [
        { name: 'go.mod', content: gomod },
        { name: 'split.go', content: 'package split' },
        { name: 'split_test.go', content: 'package split // learner always passes' },
      ],
      hidden,
      [{ name: 'go.mod', content: gomod }],
    );
    expect(merged.files.map((f) => f.name)).toEqual(['go.mod', 'split.go', 'split_test.go']);
    expect(merged.files.find((f) => f.name === 'split_test.go')!.content).toContain('hidden');
    expect(merged.replaced).toEqual(['split_test.go']);
  });

  it("keeps the lab's go.mod and leaves the learner's own tests and go.sum out", () => {
    const merged = mergeHiddenTests(
      [
        { name: 'go.mod', content: 'module evil\n\ngo 1.26\nreplace x => /etc\n' },
        { name: 'go.sum', content: '' },
        { name: 'split.go', content: 'package split' },
        { name: 'mine_test.go', content: 'package split' },
      ],
      hidden,
      [{ name: 'go.mod', content: gomod }],
    );
    expect(merged.files.find((f) => f.name === 'go.mod')!.content).toBe(gomod);
    expect(merged.replaced).toEqual(['go.mod']);
    expect(merged.ignored).toEqual(['go.sum', 'mine_test.go']);
  });

  it("uses the lab's go.sum when the lab ships one", () => {
    const merged = mergeHiddenTests(
      [{ name: 'go.sum', content: 'tampered' }, { name: 'split.go', content: 'package split' }],
      hidden,
      [{ name: 'go.mod', content: gomod }, { name: 'go.sum', content: 'lab sums' }],
    );
    expect(merged.files.find((f) => f.name === 'go.sum')!.content).toBe('lab sums');
    expect(merged.replaced).toEqual(['go.sum']);
  });
});

describe('hiddenTestNames', () => {
  it('lists top-level tests, not TestMain, benchmarks or helpers', () => {
    const src = 'func TestMain(m *testing.M) {}\nfunc TestA(t *testing.T) {}\nfunc TestB( tt *testing.T ) {}\nfunc BenchmarkC(b *testing.B) {}\nfunc helper(t *testing.T) {}\n';
    expect(hiddenTestNames([{ name: 'a_test.go', content: src }, { name: 'x.go', content: 'func TestX(t *testing.T) {}' }])).toEqual(['TestA', 'TestB']);
  });
});

describe('compareMetric', () => {
  const spec = { kind: 'bench' as const, benchmark: 'BenchmarkX', metric: 'ns/op', maxRatio: 1.5 };
  it('passes at the limit and fails above it', () => {
    expect(compareMetric(spec, 150, 100).passed).toBe(true);
    const over = compareMetric(spec, 151, 100);
    expect(over.passed).toBe(false);
    expect(over.measurement.ratio).toBeCloseTo(1.51);
  });
  it('requires zero when the reference is zero', () => {
    const allocs = { ...spec, metric: 'allocs/op', maxRatio: 1 };
    expect(compareMetric(allocs, 0, 0)).toMatchObject({ passed: true, measurement: { ratio: 1 } });
    expect(compareMetric(allocs, 1, 0)).toMatchObject({ passed: false, measurement: { ratio: null } });
  });
  it('inverts the ratio for throughput metrics', () => {
    const rps = { ...spec, metric: 'req/s', higherIsBetter: true };
    expect(compareMetric(rps, 1000, 1400).passed).toBe(true);
    expect(compareMetric(rps, 900, 1400).passed).toBe(false);
  });
});
