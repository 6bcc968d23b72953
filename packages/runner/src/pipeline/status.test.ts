import { describe, expect, it } from 'vitest';
import type { RunLimits } from '../model/report.js';
import type { SandboxResult } from '../sandbox/types.js';
import { fixture } from '../parse/fixtures.test-helper.js';
import { parseCompilerOutput } from '../parse/diagnostics.js';
import { compileErrorOutcome, limitOutcome, programExitOutcome, testOutcome, toolchainOutcome } from './status.js';

const limits: RunLimits = { buildTimeoutMs: 30000, runTimeoutMs: 10000, memoryBytes: 512 * 1024 * 1024, processes: 256, outputBytes: 1024 * 1024, diskBytes: 64 * 1024 * 1024, gomaxprocs: 1, cpus: 1 };
const result = (status: SandboxResult['status'], signal: string | null = null): SandboxResult => ({ status, exitCode: null, signal, stdout: '', stderr: '', truncated: false, wallMs: 1, cpuMs: 1, peakMemoryBytes: 0, outputs: {} });

describe('limitOutcome', () => {
  it('is null for a normal exit', () => {
    expect(limitOutcome({ ...result('exited'), exitCode: 3 }, 'exec', limits, 10000)).toBeNull();
  });

  it.each([
    ['timeout', 'exec', 'timeout', /ran longer than 10 s and was stopped\. Look for an infinite loop/],
    ['timeout', 'compile', 'timeout', /Compiling your code took longer than 30 s/],
    ['timeout', 'test', 'timeout', /Your tests ran longer than 10 s and were stopped/],
    ['memory_limit', 'exec', 'memory_limit', /more than 512 MiB of memory/],
    ['output_limit', 'exec', 'output_limit', /printed more than 1 MiB/],
    ['process_limit', 'exec', 'process_limit', /more than 256 processes or threads/],
    ['disk_limit', 'exec', 'disk_limit', /filled the 64 MiB of disk space a run has and was stopped/],
  ] as const)('maps sandbox %s during %s to %s with advice', (sandboxStatus, phase, status, message) => {
    const o = limitOutcome(result(sandboxStatus), phase, limits, phase === 'compile' ? 30000 : 10000)!;
    expect(o.status).toBe(status);
    expect(o.message).toMatch(message);
  });

  it('says what was lost when the program survived the limit and exited 0', () => {
    const forkBomb = limitOutcome({ ...result('process_limit'), exitCode: 0 }, 'exec', limits, 10000)!;
    expect(forkBomb.status).toBe('process_limit');
    expect(forkBomb.message).toMatch(/more than 256 processes or threads, so starting more failed; it went on and exited normally, but that work never ran/);
    expect(limitOutcome({ ...result('memory_limit'), exitCode: 0 }, 'test', limits, 10000)!.message).toMatch(/a process was killed for it; they went on and exited normally/);
    expect(limitOutcome({ ...result('disk_limit'), exitCode: 0 }, 'exec', limits, 10000)!.message).toMatch(/so a write failed; it went on/);
  });

  it('tells a cancellation from a kill by signal', () => {
    expect(limitOutcome(result('killed', 'SIGKILL'), 'exec', limits, 1, true)!.status).toBe('internal_error');
    expect(limitOutcome(result('killed', 'SIGSEGV'), 'exec', limits, 1, false)).toEqual({ status: 'failed', message: 'Your program was killed by SIGSEGV.' });
  });
});

describe('compileErrorOutcome', () => {
  it('names the first error and counts the rest', () => {
    const d = parseCompilerOutput(fixture('compile/build.stderr'), { source: 'compiler', knownFiles: ['main.go'] });
    expect(compileErrorOutcome(d, '')).toEqual({ status: 'compile_error', message: 'Your code does not compile: main.go:5:2: "os" imported and not used (and 4 more errors).' });
  });
  it('falls back to the first line of stderr', () => {
    expect(compileErrorOutcome([], '# x\nsomething odd\n').message).toBe('Your code does not compile: something odd');
  });

  it('does not blame the learner for a build that failed in silence (killed or starved go command)', () => {
    expect(compileErrorOutcome([], '').status).toBe('internal_error');
    expect(compileErrorOutcome([], '# example.com/m\n\n').status).toBe('internal_error');
  });
});

describe('toolchainOutcome', () => {
  it('explains a go line newer than the toolchain', () => {
    const o = toolchainOutcome('go: go.mod requires go >= 1.99 (running go 1.26.8; GOTOOLCHAIN=local)\n', 'go1.26.8')!;
    expect(o.status).toBe('compile_error');
    expect(o.message).toMatch(/asks for Go 1\.99, but this run uses go1\.26\.8 .*newer Go release.* "go 1\.26"/);
  });
  it('explains a module that is not allowlisted', () => {
    const o = toolchainOutcome('main.go:3:8: no required module provides package github.com/evil/x; to add it:\n\tgo get github.com/evil/x\n', 'go1.26.8')!;
    expect(o.message).toMatch(/github\.com\/evil\/x is not available here/);
  });
  it('is null for ordinary compile errors', () => {
    expect(toolchainOutcome('./main.go:1:1: undefined: x\n', 'go1.26.8')).toBeNull();
  });
});

describe('programExitOutcome', () => {
  it.each([
    ['', 2, 1, /race detector found 1 data race:/],
    ['fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan receive]:\n', 2, 0, /^Deadlock: every goroutine is blocked/],
    ['fatal error: concurrent map writes\n', 2, 0, /map was used by several goroutines/],
    ['panic: runtime error: index out of range [5] with length 3\n\ngoroutine 1 [running]:\n', 2, 0, /^Your program panicked: runtime error: index out of range \[5\] with length 3\./],
    ['', 3, 0, /^Your program exited with status 3\.$/],
  ])('explains %j', (stderr, code, races, message) => {
    const o = programExitOutcome(code, stderr, races);
    expect(o.status).toBe('failed');
    expect(o.message).toMatch(message);
  });
});

describe('testOutcome', () => {
  it('counts failures', () => {
    expect(testOutcome(5, 2, 0)).toEqual({ status: 'failed', message: '2 of 5 tests failed.' });
    expect(testOutcome(1, 0, 1).status).toBe('failed');
    expect(testOutcome(3, 0, 0)).toEqual({ status: 'ok', message: '' });
  });
});
