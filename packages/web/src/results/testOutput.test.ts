import { describe, expect, it } from 'vitest';
import { dedent, failureText, splitFileRefs } from './testOutput.js';

// Outputs of failing hidden tests as the course grader reports them (Go 1.27.3, errors-wrapping and sync-primitives starters).
const GOT_WANT = '    intake_test.go:69: CheckID("P0042") = (*intake.ValidationError)(nil) (dynamic type *intake.ValidationError), want a nil error\n';
const RACE_BLOCK = [
  '==================',
  'WARNING: DATA RACE',
  'Write at 0x00c00020e0f0 by goroutine 25:',
  '  example.com/lazycache.(*Cache[go.shape.string,go.shape.string]).Get()',
  '      /home/gopher/src/cache.go:32 +0x1f0',
  '',
  'Previous read at 0x00c00020e0f0 by goroutine 26:',
  '  example.com/lazycache.(*Cache[go.shape.string,go.shape.string]).Get()',
  '      /home/gopher/src/cache.go:25 +0xb3',
  '==================',
  '',
].join('\n');

describe('failureText', () => {
  it('shows got/want lines dedented, with nothing more to expand', () => {
    expect(failureText({ output: GOT_WANT })).toEqual({
      text: 'intake_test.go:69: CheckID("P0042") = (*intake.ValidationError)(nil) (dynamic type *intake.ValidationError), want a nil error',
      full: null,
    });
  });

  it('prefers the failure lines Go 1.27 marks and keeps the whole output beneath', () => {
    const output = '    calc_test.go:8: computing 2+3\n    calc_test.go:10: Add(2, 3) = -1, want 5\n';
    const r = failureText({ output, failure: '    calc_test.go:10: Add(2, 3) = -1, want 5\n' });
    expect(r.text).toBe('calc_test.go:10: Add(2, 3) = -1, want 5');
    expect(r.full).toBe(output.trimEnd());
  });

  it('ignores an empty failure field', () => {
    expect(failureText({ output: GOT_WANT, failure: '' }).text).toMatch(/^intake_test.go:69: /);
  });

  it('leaves race reports to their own view, keeping the test messages', () => {
    const output = `${RACE_BLOCK}    cache_test.go:82: load was called 5 times; want 1\n    testing.go:1867: race detected during execution of test\n`;
    const r = failureText({ output });
    expect(r.text).toBe('cache_test.go:82: load was called 5 times; want 1\ntesting.go:1867: race detected during execution of test');
    expect(r.full).toContain('WARNING: DATA RACE');
  });

  it('cuts a long panic to its first lines and keeps the rest', () => {
    const output = `panic: assignment to entry in nil map\n\ngoroutine 10 [running]:\n${'testing.tRunner()\n\t/opt/go/go1.27.3/src/testing/testing.go:2195 +0xea\n'.repeat(20)}`;
    const r = failureText({ output });
    expect(r.text.split('\n')).toHaveLength(25);
    expect(r.text).toMatch(/^panic: assignment to entry in nil map\n/);
    expect(r.text.endsWith('…')).toBe(true);
    expect(r.full).toBe(output.trimEnd());
  });
});

describe('dedent', () => {
  it('removes the common indentation only', () => {
    expect(dedent('    a\n      b\n\n    c\n')).toBe('a\n  b\n\nc');
    expect(dedent('a\n  b')).toBe('a\n  b');
  });
});

describe('splitFileRefs', () => {
  it('splits at the file:line references the caller accepts', () => {
    const text = 'example.com/intake.CheckID()\n\t/home/gopher/src/intake.go:88 +0x4e\nintake_test.go:68';
    expect(splitFileRefs(text, (f) => f.endsWith('/intake.go'))).toEqual([
      'example.com/intake.CheckID()\n\t',
      { file: '/home/gopher/src/intake.go', line: 88, text: '/home/gopher/src/intake.go:88' },
      ' +0x4e\nintake_test.go:68',
    ]);
    expect(splitFileRefs('./main.go:3:7: x', () => true)).toEqual([{ file: './main.go', line: 3, text: './main.go:3' }, ':7: x']);
  });
});
