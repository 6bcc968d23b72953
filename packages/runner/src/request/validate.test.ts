import { describe, expect, it } from 'vitest';
import { AppError } from '@gopherlab/errors';
import { checkFileName, decodeUtf8, validateRunRequest } from './validate.js';

const main = { name: 'main.go', content: 'package main\n\nfunc main() {}\n' };

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('validateRunRequest', () => {
  it('accepts a file list and keeps only known fields', () => {
    const r = validateRunRequest({ action: 'test', files: [main], options: { run: 'TestX', count: 2, godebug: 'gctrace=1,schedtrace=100' } });
    expect(r).toEqual({ action: 'test', files: [main], options: { run: 'TestX', count: 2, godebug: 'gctrace=1,schedtrace=100' } });
  });

  it('accepts a txtar archive', () => {
    const r = validateRunRequest({ action: 'run', txtar: '-- go.mod --\nmodule x\n-- main.go --\npackage main\nfunc main(){}\n' });
    expect(r.files.map((f) => f.name)).toEqual(['go.mod', 'main.go']);
  });

  it.each([
    ['not an object', 'x', 'invalid_request'],
    ['array', [], 'invalid_request'],
    ['unknown action', { action: 'deploy', files: [main] }, 'invalid_action'],
    ['unknown field', { action: 'run', files: [main], extra: 1 }, 'invalid_request'],
    ['files and txtar', { action: 'run', files: [main], txtar: '-- a.go --\n' }, 'invalid_request'],
    ['no files', { action: 'run', files: [] }, 'no_files'],
    ['no go file', { action: 'run', files: [{ name: 'go.mod', content: 'module x\n' }] }, 'no_files'],
    ['empty txtar', { action: 'run', txtar: 'just a comment\n' }, 'no_files'],
    ['duplicate', { action: 'run', files: [main, main] }, 'duplicate_file'],
    ['case duplicate', { action: 'run', files: [main, { ...main, name: 'Main.go' }] }, 'duplicate_file'],
    ['file used as dir', { action: 'run', files: [main, { name: 'x.go', content: '' }, { name: 'x.go/y.go', content: '' }] }, 'invalid_file_name'],
    ['lone surrogate', { action: 'run', files: [{ name: 'main.go', content: 'package main // \ud800' }] }, 'invalid_utf8'],
    ['NUL byte', { action: 'run', files: [{ name: 'main.go', content: 'package\u0000main' }] }, 'invalid_utf8'],
    ['too many files', { action: 'run', files: Array.from({ length: 65 }, (_, i) => ({ name: `f${i}.go`, content: '' })) }, 'too_many_files'],
    ['file too large', { action: 'run', files: [{ name: 'main.go', content: 'x'.repeat(256 * 1024 + 1) }] }, 'file_too_large'],
    ['total too large', { action: 'run', files: Array.from({ length: 5 }, (_, i) => ({ name: `f${i}.go`, content: 'x'.repeat(250 * 1024) })) }, 'request_too_large'],
    ['timeout too long', { action: 'run', files: [main], options: { timeoutMs: 3_600_000 } }, 'invalid_option'],
    ['timeout not integer', { action: 'run', files: [main], options: { timeoutMs: 1.5 } }, 'invalid_option'],
    ['unknown option', { action: 'run', files: [main], options: { shell: 'rm -rf /' } }, 'invalid_option'],
    ['godebug key', { action: 'run', files: [main], options: { godebug: 'cpu.all=off' } }, 'invalid_option'],
    ['godebug shape', { action: 'run', files: [main], options: { godebug: 'gctrace' } }, 'invalid_option'],
    ['godebug twice', { action: 'run', files: [main], options: { godebug: 'gctrace=1,gctrace=2' } }, 'invalid_option'],
    ['goexperiment', { action: 'run', files: [main], options: { goexperiment: 'boringcrypto' } }, 'invalid_option'],
    ['benchtime', { action: 'bench', files: [main], options: { benchtime: '1h' } }, 'invalid_option'],
    ['benchtime shape', { action: 'bench', files: [main], options: { benchtime: 'fast' } }, 'invalid_option'],
    ['fuzz name', { action: 'fuzz', files: [main], options: { fuzz: 'TestX' } }, 'invalid_option'],
    ['packages escape', { action: 'test', files: [main], options: { packages: '../..' } }, 'invalid_option'],
    ['profile kind', { action: 'profile', files: [main], options: { profiles: ['disk'] } }, 'invalid_option'],
    ['gomaxprocs', { action: 'run', files: [main], options: { gomaxprocs: 0 } }, 'invalid_option'],
  ])('refuses %s', (_label, input, code) => {
    expect(codeOf(() => validateRunRequest(input))).toBe(code);
  });

  it('accepts the experiments and durations the course uses', () => {
    const r = validateRunRequest({
      action: 'bench',
      files: [main],
      options: { goexperiment: 'nogreenteagc,goroutineleakprofile', benchtime: '1000x', fuzztime: '2s', packages: './internal/x/...', profiles: ['cpu', 'cpu', 'allocs'] },
    });
    expect(r.options?.profiles).toEqual(['cpu', 'allocs']);
  });

  it('refuses a txtar that smuggles a path escape', () => {
    expect(codeOf(() => validateRunRequest({ action: 'run', txtar: '-- ../etc/passwd.go --\npackage x\n-- main.go --\npackage main\n' }))).toBe('invalid_file_name');
  });
});

describe('checkFileName', () => {
  it.each(['main.go', 'internal/x/x.go', 'go.mod', 'go.sum', 'testdata/fuzz/FuzzReverse/c134083a02290243', 'x_test.go', 'data/in.json'])('accepts %s', (n) => {
    expect(() => checkFileName(n)).not.toThrow();
  });
  it.each(['', '/etc/passwd', 'a/../b.go', './main.go', 'a\\b.go', 'C:/x.go', 'a//b.go', 'ma\nin.go', 'x.exe', 'run.sh', 'a b.go', '$(x).go', `${'a/'.repeat(9)}x.go`])(
    'refuses %j',
    (n) => {
      expect(codeOf(() => checkFileName(n))).toBe('invalid_file_name');
    },
  );
});

describe('decodeUtf8', () => {
  it('decodes valid UTF-8 and refuses invalid bytes', () => {
    expect(decodeUtf8(new TextEncoder().encode('héllo'), 'a.go')).toBe('héllo');
    expect(codeOf(() => decodeUtf8(new Uint8Array([0x66, 0xff, 0xfe]), 'a.go'))).toBe('invalid_utf8');
  });
});
