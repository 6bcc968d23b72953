/**
 * What every action handler works with: the run's context (request, files,
 * limits, the selected toolchain), the draft report it fills in, and the one
 * way to execute a sandboxed step.
 */
import { availableParallelism } from 'node:os';
import { AppError } from '@gopherlab/errors';
import type { Diagnostic, RunEvent, RunLimits, RunReport, RunRequest, SourceFile } from '../model/report.js';
import type { Sandbox, SandboxExecSpec, SandboxLimits, SandboxResult } from '../sandbox/types.js';
import type { ProgramShape } from './plan.js';
import { compileErrorOutcome, limitOutcome, toolchainOutcome, type Outcome, type Phase } from './status.js';
import { parseCompilerOutput, parseGoCommandErrors } from '../parse/index.js';

export type Draft = Omit<RunReport, 'id' | 'action' | 'limits' | 'timing' | 'goVersion'> & { compileMs: number; execMs: number; cpuMs: number };

export function emptyDraft(): Draft {
  return { status: 'ok', message: '', exitCode: null, stdout: '', stderr: '', truncated: false, tests: [], benchmarks: [], profiles: [], diagnostics: [], races: [], leaks: [], compileMs: 0, execMs: 0, cpuMs: 0 };
}

export function setOutcome(d: Draft, o: Outcome): void {
  d.status = o.status;
  d.message = o.message;
}

export interface Ctx {
  sandbox: Sandbox;
  request: RunRequest;
  files: SourceFile[];
  knownFiles: string[];
  shape: ProgramShape;
  limits: RunLimits;
  sandboxLimits: SandboxLimits;
  emit: (e: RunEvent) => void;
  signal?: AbortSignal;
  traceRouted: boolean;
  goVersion: string;
  /** The selected toolchain's GOROOT (undefined: the sandbox's only one). */
  goroot: string | undefined;
}

/**
 * Pure compile steps (the trusted toolchain, not the learner's program) may
 * use every core: the CPU quota in `limits.cpus` is about what a program gets,
 * and a hello-world link at one core costs more than the whole sandbox.
 */
export const BUILD_CPUS = availableParallelism();

export async function exec(
  ctx: Ctx,
  spec: Omit<SandboxExecSpec, 'files' | 'limits' | 'signal'> & { timeoutMs: number; files?: SandboxExecSpec['files']; compileOnly?: boolean },
): Promise<SandboxResult> {
  const { timeoutMs, files, compileOnly, ...rest } = spec;
  const full: SandboxExecSpec = {
    ...rest,
    ...(ctx.goroot ? { goroot: ctx.goroot } : {}),
    files: files ?? ctx.files,
    limits: { ...ctx.sandboxLimits, timeoutMs, ...(compileOnly ? { cpus: Math.max(ctx.sandboxLimits.cpus, BUILD_CPUS) } : {}) },
  };
  if (ctx.signal) full.signal = ctx.signal;
  try {
    return await ctx.sandbox.exec(full);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('internal_error', `The sandbox failed: ${(e as Error).message}`);
  }
}

export function mergeLimitOutcome(d: Draft, r: SandboxResult, phase: Phase, ctx: Ctx, timeoutMs: number): boolean {
  const o = limitOutcome(r, phase, ctx.limits, timeoutMs, ctx.signal?.aborted ?? false);
  if (!o) return false;
  setOutcome(d, o);
  return true;
}

/** The compile-only actions (build, escape, vet, fmt) report one command's output as the run's; true when a limit ended it. */
export function recordCompilePhase(ctx: Ctx, d: Draft, r: SandboxResult): boolean {
  d.compileMs = r.wallMs;
  d.cpuMs = r.cpuMs;
  d.exitCode = r.exitCode;
  d.stdout = r.stdout;
  d.stderr = r.stderr;
  d.truncated = r.truncated;
  return mergeLimitOutcome(d, r, 'compile', ctx, ctx.limits.buildTimeoutMs);
}

/** What a failed build said: the compiler's errors and the go command's (module, toolchain), as diagnostics. */
export function buildErrors(ctx: Ctx, output: string): Diagnostic[] {
  return [...parseCompilerOutput(output, { source: 'compiler', knownFiles: ctx.knownFiles }), ...parseGoCommandErrors(output)];
}

/** The sentence for a failed build: a toolchain or module refusal if that was it, else the first compile error. */
export function buildFailure(ctx: Ctx, errors: Diagnostic[], output: string): Outcome {
  return toolchainOutcome(output, ctx.goVersion) ?? compileErrorOutcome(errors, output);
}
