import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@gopherlab/errors';
import type { RunReport } from '@gopherlab/runner';
import { formatSummary, parseDurationMs, readInput } from './exec.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gl-exec-'));
  await mkdir(join(dir, 'mod', 'internal', 'x'), { recursive: true });
  await mkdir(join(dir, 'mod', '.git'), { recursive: true });
  await writeFile(join(dir, 'mod', 'go.mod'), 'module m\n\ngo 1.26\n');
  await writeFile(join(dir, 'mod', 'main.go'), 'package main\n\nfunc main() {}\n');
  await writeFile(join(dir, 'mod', 'internal', 'x', 'x.go'), 'package x\n');
  await writeFile(join(dir, 'mod', '.git', 'HEAD'), 'ref: refs/heads/main\n');
  await writeFile(join(dir, 'a.txtar'), '-- go.mod --\nmodule a\n-- a.go --\npackage main\n');
  await writeFile(join(dir, 'bad.go'), Buffer.from([0x70, 0xff, 0x0a]));
  await mkdir(join(dir, 'linked'));
  await symlink('/etc/passwd', join(dir, 'linked', 'passwd.go'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
  return 'none';
}

describe('readInput', () => {
  it('reads a directory recursively with slash paths, skipping VCS folders', () => {
    expect(readInput(join(dir, 'mod')).map((f) => f.name)).toEqual(['go.mod', 'internal/x/x.go', 'main.go']);
  });
  it('reads a txtar archive and a single file', () => {
    expect(readInput(join(dir, 'a.txtar')).map((f) => f.name)).toEqual(['go.mod', 'a.go']);
    expect(readInput(join(dir, 'mod', 'main.go'))).toEqual([{ name: 'main.go', content: 'package main\n\nfunc main() {}\n' }]);
  });
  it('refuses missing paths, invalid UTF-8 and symlinks with codes', () => {
    expect(code(() => readInput(join(dir, 'nope')))).toBe('file_not_found');
    expect(code(() => readInput(join(dir, 'bad.go')))).toBe('invalid_utf8');
    expect(code(() => readInput(join(dir, 'linked')))).toBe('invalid_file_name');
  });
});

describe('parseDurationMs', () => {
  it('reads s, ms, m and bare seconds', () => {
    expect(parseDurationMs('10s', 'timeout')).toBe(10000);
    expect(parseDurationMs('250ms', 'timeout')).toBe(250);
    expect(parseDurationMs('1m', 'timeout')).toBe(60000);
    expect(parseDurationMs('2', 'timeout')).toBe(2000);
    expect(code(() => parseDurationMs('soon', 'timeout'))).toBe('invalid_option');
  });
});

describe('formatSummary', () => {
  const base: RunReport = {
    id: 'x',
    action: 'test',
    status: 'failed',
    message: '1 of 2 tests failed.',
    exitCode: 1,
    stdout: '=== RUN TestA\n',
    stderr: '',
    truncated: false,
    timing: { wallMs: 1500, cpuMs: 0, compileMs: 1200, execMs: 300, queueMs: 0 },
    limits: { buildTimeoutMs: 30000, runTimeoutMs: 10000, memoryBytes: 1, processes: 1, outputBytes: 1, diskBytes: 1, gomaxprocs: 2, cpus: 2 },
    tests: [
      { package: 'p', name: 'TestA', status: 'pass', elapsedMs: 0, output: '' },
      { package: 'p', name: 'TestLonger', status: 'fail', elapsedMs: 10, output: '    a_test.go:9: boom\n' },
    ],
    benchmarks: [{ name: 'BenchmarkX', procs: 2, iterations: 1000, nsPerOp: 12.5, bytesPerOp: 0, allocsPerOp: 0, metrics: { 'MB/s': 80 } }],
    profiles: [],
    diagnostics: [{ file: 'a.go', line: 3, col: 2, severity: 'error', message: 'undefined: y', source: 'compiler' }],
    races: [],
    leaks: [],
  };

  it('shows status, message, tests with failure output, benchmarks and diagnostics', () => {
    const s = formatSummary(base);
    expect(s.split('\n')[0]).toMatch(/^✗ failed {2}test {2}compile 1\.20 s, run 300 ms, total 1\.50 s {2}GOMAXPROCS=2$/);
    expect(s).toContain('  1 of 2 tests failed.');
    expect(s).toContain('tests (1 pass, 1 fail, 0 skip)');
    expect(s).toMatch(/FAIL {2}TestLonger {2}10 ms\n {8,}a_test\.go:9: boom/);
    expect(s).toMatch(/BenchmarkX +1000 +12\.5 ns\/op +0 B\/op +0 allocs\/op {2}80 MB\/s/);
    expect(s).toContain('a.go:3:2: error: undefined: y (compiler)');
  });
});
