import { describe, expect, it } from 'vitest';
import type { GradeReport } from '../api/types.js';
import { en } from '../i18n/en.js';
import { translate } from '../i18n/format.js';
import { benchSentence, formatMetric, gradeDiagnostics, learnerFileFor, parseGoleak } from './grade.js';

describe('learnerFileFor', () => {
  const files = ['go.mod', 'first.go', 'first_test.go', 'internal/x/x.go'];

  it('maps names as tools print them to the learner file', () => {
    expect(learnerFileFor('first.go', files)).toBe('first.go');
    expect(learnerFileFor('./first.go', files)).toBe('first.go');
    expect(learnerFileFor('/home/gopher/src/first.go', files)).toBe('first.go');
    expect(learnerFileFor('/home/gopher/src/internal/x/x.go', files)).toBe('internal/x/x.go');
  });

  it('never matches the toolchain, the module cache, hidden tests or files the grader replaced', () => {
    expect(learnerFileFor('/opt/go/go1.27.3/src/testing/testing.go', ['testing.go'])).toBeNull();
    expect(learnerFileFor('/usr/local/go/src/runtime/proc.go', ['proc.go'])).toBeNull();
    expect(learnerFileFor('/root/go/pkg/mod/golang.org/x/sync@v0.1.0/errgroup/errgroup.go', ['errgroup/errgroup.go'])).toBeNull();
    expect(learnerFileFor('cache_test.go', files)).toBeNull();
    expect(learnerFileFor('first_test.go', files, ['first_test.go'])).toBeNull();
    // A relative path is the tool's own mapping: no suffix guessing.
    expect(learnerFileFor('sub/first.go', files)).toBeNull();
  });
});

// goleak's text as the grader reports it for the goroutine-leaks starter (Go 1.27.3): the same goroutine twice, once from the test's output and once from stdout.
const GOLEAK = `    merge_test.go:99: found unexpected goroutines:
        [Goroutine 30 in state chan send, with example.com/pipeline.Merge[...].func1 on top of the stack:
        example.com/pipeline.Merge[...].func1()
        \t/home/gopher/src/merge.go:16 +0xab
        created by example.com/pipeline.Merge[...] in goroutine 27
        \t/home/gopher/src/merge.go:12 +0xb2
         Goroutine 31 in state chan send, with example.com/pipeline.Merge[...].func1 on top of the stack:
        example.com/pipeline.Merge[...].func1()
        \t/home/gopher/src/merge.go:16 +0xab
        created by example.com/pipeline.Merge[...] in goroutine 27
        \t/home/gopher/src/merge.go:12 +0xb2
         Goroutine 40 in state select, with example.com/pipeline.(*Pool).run on top of the stack:
        example.com/pipeline.(*Pool).run(0xc000010000, {0x6c6178, 0x6fef20})
        \t/home/gopher/src/pool.go:40 +0x10
        created by example.com/pipeline.NewPool in goroutine 27
        \t/home/gopher/src/pool.go:20 +0x20
        ]
--- FAIL: TestMergeDoesNotLeakWhenConsumerLeaves (0.45s)
FAIL

    merge_test.go:99: found unexpected goroutines:
        [Goroutine 30 in state chan send, with example.com/pipeline.Merge[...].func1 on top of the stack:
        example.com/pipeline.Merge[...].func1()
        \t/home/gopher/src/merge.go:16 +0xab
        created by example.com/pipeline.Merge[...] in goroutine 27
        \t/home/gopher/src/merge.go:12 +0xb2
        ]
`;

describe('parseGoleak', () => {
  it('groups goroutines by stack, counts each id once and maps frames to learner files', () => {
    expect(parseGoleak(GOLEAK, ['go.mod', 'merge.go', 'pool.go'])).toEqual([
      {
        function: 'example.com/pipeline.Merge[...].func1',
        state: 'chan send',
        count: 2,
        stack: [{ func: 'example.com/pipeline.Merge[...].func1', file: 'merge.go', line: 16 }],
        createdAt: { func: 'example.com/pipeline.Merge[...]', file: 'merge.go', line: 12 },
      },
      {
        function: 'example.com/pipeline.(*Pool).run',
        state: 'select',
        count: 1,
        stack: [{ func: 'example.com/pipeline.(*Pool).run', file: 'pool.go', line: 40 }],
        createdAt: { func: 'example.com/pipeline.NewPool', file: 'pool.go', line: 20 },
      },
    ]);
  });

  it('drops the goroutine a truncated report cut short', () => {
    const cut = `${GOLEAK.slice(0, GOLEAK.indexOf('pool.go:40'))}\n… (output truncated)`;
    expect(parseGoleak(cut, ['merge.go']).map((l) => [l.function, l.count])).toEqual([['example.com/pipeline.Merge[...].func1', 2]]);
  });

  it('finds nothing in other text', () => {
    expect(parseGoleak('ok\n')).toEqual([]);
  });
});

describe('gradeDiagnostics', () => {
  it('lists a compile error reported by several checks once', () => {
    const d = { file: 'intake.go', line: 58, col: 6, severity: 'error' as const, message: 'declared and not used: unused', source: 'compiler' as const };
    const grade: GradeReport = {
      labId: 'errors-wrapping',
      passed: false,
      checks: [
        { kind: 'test', name: 'hidden tests', status: 'fail', message: '', runStatus: 'compile_error', details: { diagnostics: [d] } },
        { kind: 'vet', name: 'go vet', status: 'fail', message: '', runStatus: 'compile_error', details: { diagnostics: [d] } },
      ],
    };
    expect(gradeDiagnostics(grade)).toEqual([d]);
  });
});

describe('benchSentence', () => {
  const m = (metric: string, learner: number, reference: number, ratio: number | null, higherIsBetter = false) => ({ benchmark: 'BenchmarkX', metric, learner, reference, ratio, maxRatio: 1.5, higherIsBetter });
  const say = (x: ReturnType<typeof m>) => {
    const { sentence, vars } = benchSentence(x);
    return translate('en', `grade.bench.${sentence}` as keyof typeof en, vars);
  };

  it('says time, allocations and custom metrics in words, with units', () => {
    expect(say(m('ns/op', 20350231, 263030, 77.36847888073603))).toBe('Your code takes 20.4 ms per operation; the reference solution takes 263 µs. Yours takes 77.4× as long.');
    expect(say(m('allocs/op', 3, 1, 3))).toBe('Allocations per operation: yours 3, the reference solution’s 1. That is 3× as many.');
    expect(say(m('allocs/op', 3, 0, null))).toBe('The reference solution does not allocate at all, so yours must not either. Allocations per operation in yours: 3.');
    expect(say(m('B/op', 4096, 1024, 4))).toBe('Your code allocates 4 KiB per operation; the reference solution 1 KiB. That is 4× as much.');
    expect(say(m('cmps/op', 2666624, 100433, 26.551272987962125))).toBe('Your code measures 2,666,624 cmps/op; the reference solution 100,433 cmps/op. Lower is better: yours is 26.6× the reference.');
    expect(say(m('req/s', 1000, 2500, 2.5, true))).toBe('Your code reaches 1,000 req/s; the reference solution 2,500 req/s. Higher is better: the reference reaches 2.5× yours.');
  });

  it('formats each metric in its unit', () => {
    expect(formatMetric(59.88, 'ns/op')).toBe('59.9 ns');
    expect(formatMetric(1.5e9, 'ns/op')).toBe('1.5 s');
    expect(formatMetric(0, 'allocs/op')).toBe('0');
  });
});
