/**
 * Status mapping: what the sandbox and the Go tools said -> a RunReport
 * status and a sentence a learner understands, with what to try next.
 * Expected outcomes of the learner's code are statuses, never exceptions.
 */
import { goRelease } from '../sandbox/config.js';
import type { Diagnostic, RunLimits, RunStatus } from '../model/report.js';
import type { SandboxResult } from '../sandbox/types.js';
import { formatBytes as mib, formatDuration as seconds } from '../model/format.js';

export type Phase = 'compile' | 'exec' | 'test';

export interface Outcome {
  status: RunStatus;
  message: string;
}


/** Limit statuses the sandbox reports, whatever step hit them; null when the process simply exited. */
export function limitOutcome(result: SandboxResult, phase: Phase, limits: RunLimits, timeoutMs: number, aborted = false): Outcome | null {
  const who = phase === 'compile' ? 'Compiling your code' : phase === 'test' ? 'Your tests' : 'Your program';
  const plural = phase === 'test';
  // A limit hit that did not end the run: the program survived it (a fork that
  // failed with EAGAIN, an allocation in a child that was OOM-killed), so say
  // what was lost rather than "was stopped".
  const survived = result.exitCode === 0;
  const ending = survived ? `; ${plural ? 'they' : 'it'} went on and exited normally, but that work never ran` : ` and ${plural ? 'were' : 'was'} stopped`;
  switch (result.status) {
    case 'exited':
      return null;
    case 'timeout':
      return phase === 'compile'
        ? { status: 'timeout', message: `Compiling your code took longer than ${seconds(timeoutMs)} and was stopped. Very large constant tables or generated code can do this; make the program smaller.` }
        : {
            status: 'timeout',
            message: `${who} ran longer than ${seconds(timeoutMs)} and ${plural ? 'were' : 'was'} stopped. Look for an infinite loop, a goroutine blocked forever on a channel or lock, or a deadlock, or make the work smaller.`,
          };
    case 'memory_limit':
      return { status: 'memory_limit', message: `${who} used more than ${mib(limits.memoryBytes)} of memory${survived ? '; a process was killed for it' : ''}${ending}. Look for data that grows without bound (slices, maps, goroutines) or a very large allocation.` };
    case 'output_limit':
      return { status: 'output_limit', message: `${who} printed more than ${mib(limits.outputBytes)} and ${plural ? 'were' : 'was'} stopped. Print less, for example a summary instead of every item, and check for a print inside an endless loop.` };
    case 'process_limit':
      return {
        status: 'process_limit',
        message: `${who} tried to use more than ${limits.processes} processes or threads${survived ? ', so starting more failed' : ''}${ending}. Look for code that starts processes in a loop, or goroutines stuck in blocking system calls piling up.`,
      };
    case 'disk_limit':
      return { status: 'disk_limit', message: `${who} filled the ${mib(limits.diskBytes)} of disk space a run has${survived ? ', so a write failed' : ''}${ending}. Write less data, or keep it in memory.` };
    case 'killed':
      return aborted
        ? { status: 'internal_error', message: 'The run was cancelled before it finished.' }
        : { status: 'failed', message: `${who} ${plural ? 'were' : 'was'} killed by ${result.signal ?? 'a signal'}.` };
  }
}

/** The go command refused the module before compiling (e.g. a newer `go` line without network). */
export function toolchainOutcome(stderr: string, goVersion: string): Outcome | null {
  const m = /go\.mod requires go >= (\S+) \(running go (\S+);/.exec(stderr) ?? /requires go >= (\S+) \(running go (\S+)/.exec(stderr);
  if (m) {
    return {
      status: 'compile_error',
      message: `Your go.mod asks for Go ${m[1]}, but this run uses ${goVersion} and cannot download other toolchains. Choose a newer Go release for the run, or change the go line in go.mod to "go ${goRelease(goVersion)}" or lower.`,
    };
  }
  const missing = /(?:no required module provides package|cannot find module providing package|module lookup disabled by GOPROXY=off)[^\n]*?(\S+\/\S+)?/.exec(stderr);
  if (missing) {
    const pkg = /package ([^\s;:]+)/.exec(stderr)?.[1];
    return {
      status: 'compile_error',
      message: `${pkg ? `The package ${pkg} is` : 'An imported package is'} not available here: runs have no network, and only the standard library and the allowlisted modules can be imported.`,
    };
  }
  return null;
}

export function compileErrorOutcome(diagnostics: Diagnostic[], stderr: string): Outcome {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const first = errors[0];
  if (first) {
    const where = first.file ? `${first.file}:${first.line}${first.col ? `:${first.col}` : ''}: ` : '';
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''})` : '';
    return { status: 'compile_error', message: `Your code does not compile: ${where}${first.message.split('\n')[0]}${more}.` };
  }
  const line = stderr.split('\n').find((l) => l.trim() !== '' && !l.startsWith('#'));
  // A failed build that said nothing at all is not the learner's compile error: the go
  // command was killed or starved (seen under heavy load). Reporting it as internal_error
  // keeps it out of the result cache, so the next identical request builds again.
  if (!line) return { status: 'internal_error', message: 'The build stopped without an error message, most likely because the server is overloaded. Run it again in a moment.' };
  return { status: 'compile_error', message: `Your code does not compile: ${line.trim()}` };
}

/** A program that exited non-zero: say why in words when the runtime told us. */
export function programExitOutcome(exitCode: number | null, stderr: string, races: number): Outcome {
  if (races > 0) {
    return { status: 'failed', message: `The race detector found ${races} data race${races > 1 ? 's' : ''}: two goroutines touched the same memory without synchronisation. Protect it with a mutex or a channel, or use sync/atomic.` };
  }
  if (/^fatal error: all goroutines are asleep - deadlock!/m.test(stderr)) {
    return { status: 'failed', message: 'Deadlock: every goroutine is blocked (waiting on a channel, lock or WaitGroup that nobody will release). Check that each send has a receiver and each lock is unlocked.' };
  }
  if (/^fatal error: concurrent map (?:writes|read and map write|iteration and map write)/m.test(stderr)) {
    return { status: 'failed', message: 'The runtime stopped your program: a map was used by several goroutines at once. Protect it with a sync.Mutex or use sync.Map.' };
  }
  const panic = /^panic: (.*)$/m.exec(stderr);
  if (panic) return { status: 'failed', message: `Your program panicked: ${panic[1]!.trim()}. The stack trace in the output shows where.` };
  const fatal = /^fatal error: (.*)$/m.exec(stderr);
  if (fatal) return { status: 'failed', message: `The Go runtime stopped your program: ${fatal[1]!.trim()}.` };
  return { status: 'failed', message: `Your program exited with status ${exitCode ?? 'unknown'}.` };
}

export function testOutcome(total: number, failed: number, packagesFailed: number): Outcome {
  if (failed > 0) return { status: 'failed', message: `${failed} of ${total} test${total === 1 ? '' : 's'} failed.` };
  if (packagesFailed > 0) return { status: 'failed', message: 'The tests did not pass: a test binary failed outside any single test (for example in TestMain, an init function, or by calling os.Exit).' };
  return { status: 'ok', message: '' };
}
