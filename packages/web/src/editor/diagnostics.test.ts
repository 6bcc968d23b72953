import { describe, expect, it } from 'vitest';
import { diagnosticsToRanges, lineOffset, sameFile } from './diagnostics.js';

const src = 'package main\n\nfunc main() {\n\tx := 1\n}\n';

describe('diagnosticsToRanges', () => {
  it('marks the identifier at line:col of the matching file only', () => {
    const ranges = diagnosticsToRanges(
      src,
      [
        { file: './main.go', line: 4, col: 2, severity: 'error', message: 'declared and not used: x', source: 'compiler' },
        { file: 'other.go', line: 1, col: 1, severity: 'error', message: 'elsewhere', source: 'compiler' },
      ],
      'main.go',
    );
    expect(ranges).toHaveLength(1);
    expect(src.slice(ranges[0]!.from, ranges[0]!.to)).toBe('x');
    expect(ranges[0]!.severity).toBe('error');
  });

  it('clamps out-of-range lines and columns instead of throwing', () => {
    const [r] = diagnosticsToRanges(src, [{ file: 'main.go', line: 99, col: 500, severity: 'warning', message: 'm', source: 'vet' }], 'main.go');
    expect(r!.from).toBeLessThanOrEqual(src.length);
    expect(r!.to).toBeGreaterThanOrEqual(r!.from);
  });

  it('marks the whole line when there is no column', () => {
    const [r] = diagnosticsToRanges(src, [{ file: 'main.go', line: 3, col: 0, severity: 'info', message: 'escapes', source: 'escape' }], 'main.go');
    expect(src.slice(r!.from, r!.to)).toBe('func main() {');
  });

  it('puts the compiler\'s reasons under an escape decision', () => {
    const [r] = diagnosticsToRanges(src, [{ file: 'main.go', line: 4, col: 2, severity: 'info', message: 'x escapes to heap (in main)', source: 'escape', explanation: ['flow: {heap} ← &x:', 'from &x (address-of) at main.go:5:9'] }], 'main.go');
    expect(r!.message).toBe('x escapes to heap (in main)\n  flow: {heap} ← &x:\n  from &x (address-of) at main.go:5:9');
  });
});

describe('paths and lines', () => {
  it('matches paths with ./ or directory prefixes', () => {
    expect(sameFile('./a/b.go', 'a/b.go')).toBe(true);
    expect(sameFile('/tmp/run/a/b.go', 'a/b.go')).toBe(true);
    expect(sameFile('ab.go', 'b.go')).toBe(false);
  });
  it('finds line offsets', () => {
    expect(lineOffset(src, 1)).toBe(0);
    expect(src.slice(lineOffset(src, 3), lineOffset(src, 3) + 4)).toBe('func');
    expect(lineOffset(src, 100)).toBe(src.length);
  });
});
