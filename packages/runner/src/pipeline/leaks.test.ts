import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LEAK_ENV, leaksFromOutputs, planLeakHarness } from './leaks.js';

const dump = (f: string) => new Uint8Array(readFileSync(new URL(`../../testdata/leak/dumps/${f}`, import.meta.url)));

describe('planLeakHarness', () => {
  it('adds the harness to the only package with tests, writing to _gopherlab', () => {
    const p = planLeakHarness([
      { name: 'go.mod', content: 'module x\n' },
      { name: 'internal/w/w.go', content: 'package w\n' },
      { name: 'internal/w/w_test.go', content: '// a comment\npackage w_test\n\nimport "testing"\n\nfunc TestW(t *testing.T) {}\n' },
    ])!;
    expect(p.harness.name).toBe('internal/w/zz_gopherlab_leaks_test.go');
    expect(p.harness.content).toMatch(/^package w_test$/m);
    expect(p.env).toEqual({ [LEAK_ENV]: '../../_gopherlab' });
    expect(p.collect).toEqual(['_gopherlab/before.goroutines.txt', '_gopherlab/after.goroutines.txt', '_gopherlab/after.goroutineleak.txt']);
  });

  it('stays out when the learner has a TestMain or tests in several packages', () => {
    expect(planLeakHarness([{ name: 'a_test.go', content: 'package a\n\nfunc TestMain(m *testing.M) {}\n' }])).toBeNull();
    expect(planLeakHarness([{ name: 'a_test.go', content: 'package a\n' }, { name: 'b/b_test.go', content: 'package b\n' }])).toBeNull();
    expect(planLeakHarness([{ name: 'main.go', content: 'package main\n' }])).toBeNull();
  });
});

describe('leaksFromOutputs on real harness dumps', () => {
  it('reports the goroutine blocked forever, with learner-relative files', () => {
    const leaks = leaksFromOutputs(
      {
        '_gopherlab/before.goroutines.txt': dump('before.goroutines.txt'),
        '_gopherlab/after.goroutines.txt': dump('after.goroutines.txt'),
        '_gopherlab/after.goroutineleak.txt': dump('after.goroutineleak.txt'),
      },
      ['go.mod', 'worker.go', 'worker_test.go'],
    );
    expect(leaks).toEqual([
      {
        function: 'example.com/lk.Start.func1',
        state: 'chan receive',
        count: 1,
        stack: [{ func: 'example.com/lk.Start.func1', file: 'worker.go', line: 7 }],
        createdAt: { func: 'example.com/lk.Start', file: 'worker.go', line: 6 },
      },
    ]);
  });

  it('reports nothing when the harness wrote nothing', () => {
    expect(leaksFromOutputs({}, [])).toEqual([]);
  });
});
