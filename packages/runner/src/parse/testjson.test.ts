import { describe, expect, it } from 'vitest';
import { fixture } from './fixtures.test-helper.js';
import { TestJsonStream, parseTestJson } from './testjson.js';

describe('parseTestJson on real go test -json output', () => {
  it('reports every test with its status in start order', () => {
    const r = parseTestJson(fixture('testjson/test.jsonl'), { knownFiles: ['calc.go', 'calc_test.go'] });
    expect(r.tests.map((t) => [t.name, t.status])).toEqual([
      ['TestAddPass', 'pass'],
      ['TestAddFail', 'fail'],
      ['TestSkipped', 'skip'],
      ['TestNoisy', 'pass'],
      ['TestTable', 'fail'],
      ['TestTable/small', 'pass'],
      ['TestTable/neg', 'fail'],
    ]);
    expect(r.packages).toEqual([expect.objectContaining({ package: 'example.com/tj', status: 'fail', timedOut: false })]);
    expect(r.tests.find((t) => t.name === 'TestAddFail')!.output).toBe('    calc_test.go:16: Add(2, 2) = 4, want 5\n');
  });

  it('reads Go 1.27 output the same way and keeps the lines it marks as failures', () => {
    const old = parseTestJson(fixture('testjson/test.jsonl'), { knownFiles: ['calc.go', 'calc_test.go'] });
    const r = parseTestJson(fixture('testjson/test.go1.27.jsonl'), { knownFiles: ['calc.go', 'calc_test.go'] });
    expect(r.tests.map((t) => [t.name, t.status])).toEqual(old.tests.map((t) => [t.name, t.status]));
    expect(r.tests.find((t) => t.name === 'TestAddFail')!.failure).toBe('    calc_test.go:16: Add(2, 2) = 4, want 5\n');
    expect(r.tests.find((t) => t.name === 'TestTable/neg')!.failure).toBe('    calc_test.go:32: got -2 want -3\n');
    // Passing tests have no failure; Go 1.26 marks nothing.
    expect(r.tests.find((t) => t.name === 'TestNoisy')!.failure).toBeUndefined();
    expect(old.tests.every((t) => t.failure === undefined)).toBe(true);
  });

  it('tells the vet checks go test runs (go1.27 stdversion) from compile errors', () => {
    const r = parseTestJson(fixture('stdversion/test.jsonl'), { knownFiles: ['go.mod', 'id.go', 'id_test.go'] });
    expect(r.packages[0]).toMatchObject({ status: 'build_failed' });
    expect(r.diagnostics).toEqual([expect.objectContaining({ file: 'id.go', line: 5, col: 33, source: 'vet', message: 'uuid.New requires go1.27 or later (module is go1.26)' })]);
  });

  it('keeps learner output without newline apart from test events', () => {
    const r = parseTestJson(fixture('testjson/test.jsonl'));
    const noisy = r.tests.find((t) => t.name === 'TestNoisy')!;
    expect(noisy.status).toBe('pass');
    // The fake "=== RUN TestFake" the learner printed is their output, not a test.
    expect(noisy.output).toContain('no newline here=== RUN   TestFake');
    expect(r.tests.some((t) => t.name === 'TestFake')).toBe(false);
  });

  it('gives the same result when fed in arbitrary chunks', () => {
    const text = fixture('testjson/test.jsonl');
    const whole = parseTestJson(text);
    const s = new TestJsonStream();
    for (let i = 0; i < text.length; i += 7) s.push(text.slice(i, i + 7));
    expect(s.end().tests).toEqual(whole.tests);
  });

  it('streams finished tests and output as they arrive', () => {
    const seen: string[] = [];
    let out = '';
    const s = new TestJsonStream({ onTest: (t) => seen.push(`${t.name}:${t.status}`), onOutput: (o) => (out += o) });
    s.push(fixture('testjson/test.jsonl'));
    s.end();
    expect(seen[0]).toBe('TestAddPass:pass');
    expect(seen).toHaveLength(7);
    expect(out).toContain('--- FAIL: TestAddFail');
  });

  it('never reports a package that does not compile as passing', () => {
    const r = parseTestJson(fixture('compiletest/test.jsonl'), { knownFiles: ['lib.go', 'lib_test.go'] });
    expect(r.packages[0]!.status).toBe('build_failed');
    expect(r.tests).toEqual([]);
    expect(r.diagnostics).toEqual([
      {
        file: 'lib_test.go',
        line: 6,
        col: 18,
        severity: 'error',
        message: 'invalid operation: Double(2) != "4" (mismatched types int and untyped string)',
        source: 'compiler',
      },
    ]);
  });

  it('turns the build errors of a main package into diagnostics', () => {
    const r = parseTestJson(fixture('compile/test.jsonl'), { knownFiles: ['main.go'] });
    expect(r.packages[0]!.status).toBe('build_failed');
    expect(r.diagnostics.map((d) => `${d.file}:${d.line}:${d.col}`)).toEqual(['main.go:5:2', 'main.go:9:2', 'main.go:10:6', 'main.go:10:17', 'main.go:11:14']);
  });

  it('collects benchmark lines split across events, with custom metrics', () => {
    const r = parseTestJson(fixture('bench/bench.jsonl'), { procs: 2 });
    expect(r.benchmarks.map((b) => b.name)).toEqual(['BenchmarkConcat', 'BenchmarkBuilder/n=10', 'BenchmarkBuilder/n=100', 'BenchmarkCopy']);
    const copy = r.benchmarks[3]!;
    expect(copy).toMatchObject({ package: 'example.com/bn', procs: 2, iterations: 2000, bytesPerOp: 0, allocsPerOp: 0 });
    expect(copy.metrics['widgets/op']).toBe(42);
    expect(copy.metrics['MB/s']).toBeGreaterThan(0);
    expect(r.tests).toEqual([]);
    expect(r.packages[0]!.status).toBe('pass');
  });

  it('attributes race reports to the test that printed them', () => {
    const r = parseTestJson(fixture('race/test.jsonl'), { knownFiles: ['counter.go', 'counter_test.go'] });
    expect(r.tests[0]).toMatchObject({ name: 'TestCount', status: 'fail' });
    expect(r.races.length).toBeGreaterThanOrEqual(1);
    expect(r.races[0]!.test).toBe('TestCount');
    expect(r.races[0]!.accesses[0]!.stack[0]).toEqual({ func: 'example.com/rc.Count.func1', file: 'counter.go', line: 12 });
  });

  it('reports a failing fuzz target with the failing input in its output', () => {
    const r = parseTestJson(fixture('fuzz/fuzz.jsonl'), { knownFiles: ['rev.go', 'rev_test.go'] });
    expect(r.tests[0]).toMatchObject({ name: 'FuzzReverse', status: 'fail' });
    expect(r.tests[0]!.output).toContain('Failing input written to testdata/fuzz/FuzzReverse/');
  });

  it('marks a test that never finished as failed and a timeout panic as timedOut', () => {
    const lines = [
      { Action: 'start', Package: 'p' },
      { Action: 'run', Package: 'p', Test: 'TestHang' },
      { Action: 'output', Package: 'p', Test: 'TestHang', Output: '=== RUN   TestHang\n' },
      { Action: 'output', Package: 'p', Test: 'TestHang', Output: 'panic: test timed out after 1s\n' },
      { Action: 'fail', Package: 'p', Elapsed: 1.01 },
    ];
    const r = parseTestJson(`${lines.map((l) => JSON.stringify(l)).join('\n')}\nnot json\n`);
    expect(r.tests[0]!.status).toBe('fail');
    expect(r.packages[0]!.timedOut).toBe(true);
    expect(r.nonJson).toBe('not json\n');
  });

  it('orders packages by import path whatever order they finished in', () => {
    const ev = (pkg: string, test: string) => [
      { Action: 'run', Package: pkg, Test: test },
      { Action: 'pass', Package: pkg, Test: test },
    ];
    const lines = [...ev('m/b', 'TestB'), ...ev('m/a', 'TestA2'), ...ev('m/a', 'TestA1')];
    expect(parseTestJson(lines.map((l) => JSON.stringify(l)).join('\n')).tests.map((t) => `${t.package}.${t.name}`)).toEqual(['m/a.TestA2', 'm/a.TestA1', 'm/b.TestB']);
  });

  it('routes GODEBUG trace lines to runtimeTrace when asked', () => {
    const lines = [
      { Action: 'run', Package: 'p', Test: 'TestGC' },
      { Action: 'output', Package: 'p', Test: 'TestGC', Output: 'gc 1 @0.001s 3%: 0.01+0.1+0.01 ms clock, 0.02+0/0.1/0+0.02 ms cpu, 4->4->0 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 2 P\n' },
      { Action: 'output', Package: 'p', Test: 'TestGC', Output: 'mine\n' },
      { Action: 'pass', Package: 'p', Test: 'TestGC' },
    ];
    const r = parseTestJson(lines.map((l) => JSON.stringify(l)).join('\n'), { routeRuntimeTrace: true });
    expect(r.runtimeTrace).toMatch(/^gc 1 @0.001s/);
    expect(r.tests[0]!.output).toBe('mine\n');
  });
});
