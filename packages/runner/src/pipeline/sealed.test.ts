import { describe, expect, it } from 'vitest';
import { AppError } from '@gopherlab/errors';
import { importPathOf, sealedArgv, sealedDir, sealedViolation } from './sealed.js';

const hidden = { name: 'intake_test.go', content: 'package intake\n' };
const mod = { name: 'go.mod', content: 'module example.com/intake\n\ngo 1.26\n' };
const embed = (pattern: string, name = 'intake.go') => ({ name, content: `package intake\n\nimport _ "embed"\n\n//go:embed ${pattern}\nvar data string\n` });

describe('sealedViolation', () => {
  it('accepts plain Go and embeds of the learner\'s own files', () => {
    expect(sealedViolation([mod, hidden, { name: 'intake.go', content: 'package intake\n\nimport "fmt"\n' }], ['intake_test.go'])).toBeNull();
    expect(sealedViolation([mod, hidden, embed('testdata/*.json')], ['intake_test.go'])).toBeNull();
    expect(sealedViolation([mod, hidden, embed('"schema.sql" templates')], ['intake_test.go'])).toBeNull();
  });

  it.each(['*', '*.go', '*_test.go', 'intake_test.go', '"intake_test.go"', '`intake_[t]est.go`', 'all:*', 'intake_tes?.go', 'x.txt *.go'])('refuses //go:embed %s that reaches a hidden test', (pattern) => {
    expect(sealedViolation([mod, hidden, embed(pattern)], ['intake_test.go'])).toMatch(/would embed the lab's hidden tests/);
  });

  it('refuses a directory embed that holds a hidden test, and sees only its own directory', () => {
    const nested = { name: 'internal/check/check_test.go', content: 'package check\n' };
    expect(sealedViolation([mod, nested, embed('internal')], ['internal/check/check_test.go'])).toMatch(/hidden tests/);
    expect(sealedViolation([mod, hidden, embed('*.go', 'other/other.go')], ['intake_test.go'])).toBeNull();
  });

  it('refuses cgo and assembly, which can #include any file', () => {
    expect(sealedViolation([mod, hidden, { name: 'c.go', content: 'package intake\n\n// #include "intake_test.go"\nimport "C"\n' }], ['intake_test.go'])).toMatch(/cgo/);
    expect(sealedViolation([mod, hidden, { name: 'a_amd64.s', content: '#include "intake_test.go"\n' }], ['intake_test.go'])).toMatch(/assembly/);
  });
});

describe('sealedDir', () => {
  it('is the one directory of the sealed files', () => {
    expect(sealedDir([mod, hidden], ['intake_test.go'])).toBe('');
    expect(sealedDir([mod, { name: 'a/b_test.go', content: '' }], ['a/b_test.go'])).toBe('a');
  });
  it('refuses files that are not the request\'s tests, or several directories', () => {
    expect(() => sealedDir([mod, hidden], ['intake.go'])).toThrow(AppError);
    expect(() => sealedDir([mod, hidden], ['missing_test.go'])).toThrow(AppError);
    expect(() => sealedDir([mod, hidden, { name: 'a/b_test.go', content: '' }], ['intake_test.go', 'a/b_test.go'])).toThrow(/one package directory/);
  });
});

describe('sealedArgv', () => {
  it('builds with go test -c, deletes the sealed files, then runs the binary through test2json with -test. flags', () => {
    const [sh, c, script] = sealedArgv({
      testArgv: ['go', 'test', '-json', '-p=2', '-race', '-count=1', '-timeout=10000ms', '-run=^TestX$', './...'],
      dir: 'pkg/a',
      importPath: 'example.com/m/pkg/a',
      sealed: ['pkg/a/x_test.go'],
      marker: 'M',
    });
    expect([sh, c]).toEqual(['/bin/sh', '-c']);
    expect(script!.split('\n')).toEqual([
      "go test -c -o '_gopherlab/sealed.test' '-p=2' '-race' './pkg/a' || exit $?",
      "printf '%s\\n' 'M' >&2",
      "rm -f -- 'pkg/a/x_test.go' || exit 1",
      "cd './pkg/a' || exit 1",
      "exec go tool test2json -t -p 'example.com/m/pkg/a' '../../_gopherlab/sealed.test' -test.v=test2json -test.paniconexit0 '-test.count=1' '-test.timeout=10000ms' '-test.run=^TestX$'",
    ]);
  });

  it('quotes what it passes to the shell', () => {
    const [, , script] = sealedArgv({ testArgv: ['go', 'test', '-json', "-run=a'b", '.'], dir: '', importPath: 'm', sealed: ['x_test.go'], marker: 'M' });
    expect(script).toContain("'-test.run=a'\\''b'");
  });
});

describe('importPathOf', () => {
  it('joins the module path and the directory', () => {
    expect(importPathOf([mod], '')).toBe('example.com/intake');
    expect(importPathOf([mod], 'internal/x')).toBe('example.com/intake/internal/x');
  });
});
