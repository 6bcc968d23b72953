import { describe, expect, it } from 'vitest';
import { fixture } from './fixtures.test-helper.js';
import { parseCompilerOutput, parseGoCommandErrors, parseVetJson } from './diagnostics.js';

describe('parseCompilerOutput', () => {
  it('maps go build errors to file:line:col diagnostics', () => {
    const d = parseCompilerOutput(fixture('compile/build.stderr'), { source: 'compiler', knownFiles: ['main.go'] });
    expect(d[0]).toEqual({ file: 'main.go', line: 5, col: 2, severity: 'error', message: '"os" imported and not used', source: 'compiler' });
    expect(d.map((x) => x.message)).toContain('undefined: undefinedName');
    expect(d).toHaveLength(5);
  });

  it('maps -gcflags=-m escape analysis to info diagnostics', () => {
    const d = parseCompilerOutput(fixture('escape/build.stderr'), { source: 'escape', severity: 'info', knownFiles: ['main.go'] });
    expect(d).toContainEqual({ file: 'main.go', line: 8, col: 2, severity: 'info', message: 'moved to heap: p', source: 'escape' });
    expect(d).toContainEqual(expect.objectContaining({ line: 22, message: 'make([]int, 10) does not escape' }));
    expect(d.every((x) => x.file === 'main.go')).toBe(true);
  });

  it('maps vet text findings', () => {
    const d = parseCompilerOutput(fixture('vet/vet.stderr'), { source: 'vet', severity: 'warning', knownFiles: ['main.go'] });
    expect(d).toContainEqual(expect.objectContaining({ file: 'main.go', line: 13, col: 14, source: 'vet' }));
    expect(d).toHaveLength(4);
  });

  it('joins tab-indented detail lines and maps package-relative paths', () => {
    const d = parseCompilerOutput('# x/sub\nsub/a.go:3:9: cannot use x\n\thave int\n\twant string\n', { source: 'compiler', knownFiles: ['go.mod', 'internal/sub/a.go'] });
    expect(d[0]!.message).toBe('cannot use x\nhave int\nwant string');
    expect(d[0]!.file).toBe('internal/sub/a.go');
  });
});

describe('parseVetJson', () => {
  it('reads every analyzer finding with positions relative to the module', () => {
    const d = parseVetJson(fixture('vet/vet.json'), ['main.go']);
    expect(d.map((x) => `${x.file}:${x.line}:${x.col}`)).toEqual(['main.go:10:12', 'main.go:13:14', 'main.go:15:6', 'main.go:17:2']);
    expect(d[1]).toEqual({
      file: 'main.go',
      line: 13,
      col: 14,
      severity: 'warning',
      message: 'fmt.Printf format %d has arg "not a number" of wrong type string (printf)',
      source: 'vet',
    });
  });

  it('ignores text around the JSON and broken objects', () => {
    expect(parseVetJson('# pkg\n{\nbroken\n}\n')).toEqual([]);
  });
});

describe('parseGoCommandErrors', () => {
  it('reports toolchain refusals', () => {
    const d = parseGoCommandErrors('go: go.mod requires go >= 1.99 (running go 1.26.8; GOTOOLCHAIN=local)\n');
    expect(d).toEqual([{ file: '', line: 0, col: 0, severity: 'error', message: 'go.mod requires go >= 1.99 (running go 1.26.8; GOTOOLCHAIN=local)', source: 'go' }]);
  });
});
