/**
 * -gcflags=-m=2 on a real capture (testdata/escape/m2.stderr, Go 1.27.3):
 * each escape carries its flow, the repeated short line is dropped, inlining
 * decisions carry cost and budget, bounds checks are source bce.
 */
import { describe, expect, it } from 'vitest';
import { parseEscapeOutput } from './escape.js';
import { fixture } from './fixtures.test-helper.js';

describe('parseEscapeOutput', () => {
  const d = parseEscapeOutput(fixture('escape/m2.stderr'), ['main.go']);

  it('explains why a value escapes, step by step, with module-relative positions', () => {
    const p = d.find((x) => x.line === 8 && x.col === 2 && x.message.startsWith('p escapes'));
    expect(p).toEqual({
      file: 'main.go',
      line: 8,
      col: 2,
      severity: 'info',
      source: 'escape',
      message: 'p escapes to heap (in newPoint)',
      explanation: ['flow: ~r0 ← &p:', 'from &p (address-of) at main.go:9:9', 'from return &p (return) at main.go:9:2'],
    });
    // The decision itself stays: "moved to heap: p".
    expect(d).toContainEqual(expect.objectContaining({ line: 8, message: 'moved to heap: p' }));
  });

  it('keeps one diagnostic per escaping value (the repeated -m=1 line goes)', () => {
    const at2315 = d.filter((x) => x.line === 23 && x.col === 15);
    expect(at2315.map((x) => x.message)).toEqual(['p.x escapes to heap (in main)']);
    expect(at2315[0]!.explanation!.at(-1)).toBe('from fmt.Fprintln(os.Stdout, fmt.a...) (call parameter) at main.go:23:13');
    // No explanation line leaks out as a diagnostic of its own.
    expect(d.filter((x) => /^\s|^flow:|^from /.test(x.message))).toEqual([]);
  });

  it('explains a parameter that leaks, and keeps the short summary', () => {
    const leak = d.find((x) => x.line === 32 && x.message.startsWith('parameter parts leaks'));
    expect(leak).toMatchObject({ col: 11, message: 'parameter parts leaks to ~r0 for join with derefs=1' });
    expect(leak!.explanation).toEqual(['flow: {temp} ← parts:', 'flow: p ← *{temp}:', 'from for loop (range-deref) at main.go:34:14', 'flow: s ← p:', 'from s += p (assign) at main.go:35:5', 'flow: ~r0 ← s:', 'from return s (return) at main.go:37:2']);
    expect(d).toContainEqual(expect.objectContaining({ line: 32, message: 'leaking param: parts to result ~r0 level=1' }));
  });

  it('gives inlining decisions their cost against the budget', () => {
    expect(d).toContainEqual(expect.objectContaining({ line: 7, message: 'can inline newPoint (cost 12, budget 80)', inline: { function: 'newPoint', inlinable: true, cost: 12, budget: 80 } }));
    const main = d.find((x) => x.inline?.function === 'main');
    expect(main?.inline).toEqual({ function: 'main', inlinable: false, reason: 'function too complex', cost: expect.any(Number), budget: 80 });
    expect(main!.inline!.cost!).toBeGreaterThan(80);
  });

  it('marks the bounds checks the compiler kept', () => {
    expect(d.filter((x) => x.source === 'bce')).toEqual([{ file: 'main.go', line: 28, col: 11, severity: 'info', source: 'bce', message: 'bounds check kept here' }]);
  });

  it('reads -m=1 output the same way (no explanations to attach)', () => {
    const m1 = parseEscapeOutput(fixture('escape/build.stderr'), ['main.go']);
    expect(m1).toContainEqual({ file: 'main.go', line: 8, col: 2, severity: 'info', message: 'moved to heap: p', source: 'escape' });
    expect(m1.some((x) => x.explanation)).toBe(false);
  });
});
