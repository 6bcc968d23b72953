/**
 * `run`, and `race` for a main package without tests.
 */
import { randomUUID } from 'node:crypto';
import { parseRaceReports, raceDiagnostics, splitRuntimeTrace } from '../../parse/index.js';
import { BINARY, buildEnv, pkgArg } from '../plan.js';
import { limitOutcome, programExitOutcome } from '../status.js';
import { buildErrors, buildFailure, exec, mergeLimitOutcome, setOutcome, type Ctx, type Draft } from '../context.js';

/**
 * `run`, and `race` for a main package without tests: build, then execute,
 * in ONE sandboxed step (a second step would pay the sandbox's fixed cost
 * again, which is most of the latency budget of a hello world). A small
 * script keeps the two phases apart: each phase has its own time limit
 * (coreutils `timeout`), GODEBUG and GOMAXPROCS reach only the program, and
 * a per-run random marker on stderr separates the compiler's output from the
 * program's and tells when execution began.
 */
const RUN_SCRIPT = [
  'pkg=$1 bin=$2 marker=$3 buildlimit=$4 runlimit=$5 procs=$6 debug=$7 race=$8',
  'shift 8',
  // Built the way `go run` builds (no DWARF in the compile of the main package or the link):
  // the program behaves the same, panics keep file:line, and a hello world links ~40 ms faster.
  'timeout -v -k 1 "$buildlimit" go build $race -gcflags=-dwarf=false -ldflags=-w -o "$bin" "$pkg" || exit $?',
  'printf \'%s\\n\' "$marker" >&2',
  'export GOMAXPROCS="$procs"',
  'if [ -n "$debug" ]; then export GODEBUG="$debug"; fi',
  'exec timeout -v -k 1 "$runlimit" "$bin" "$@"',
].join('\n');

/** What `timeout -v` prints when it has to stop the command: the one reliable sign (exit 124 could be the program's own). */
const TIMEOUT_LINE = /^timeout: sending signal \w+ to command .*\n?/gm;

function stripTimeoutLines(text: string): { text: string; timedOut: boolean } {
  const stripped = text.replace(TIMEOUT_LINE, '');
  return { text: stripped, timedOut: stripped.length !== text.length };
}

export async function runProgram(ctx: Ctx, d: Draft, race: boolean): Promise<void> {
  if (ctx.shape.mainDir === null) {
    setOutcome(d, { status: 'rejected', message: 'There is no program to run: add a file with "package main" and "func main()", or use the test action for a library.' });
    return;
  }
  const o = ctx.request.options ?? {};
  const marker = `gopherlab:built:${randomUUID()}`;
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  ctx.emit({ type: 'status', status: 'compiling' });
  let pending = '';
  let markerAt = 0;
  const t0 = performance.now();
  const r = await exec(ctx, {
    argv: ['/bin/sh', '-c', RUN_SCRIPT, 'gopherlab-run', pkgArg(ctx.shape.mainDir), `./${BINARY}`, marker, seconds(ctx.limits.buildTimeoutMs), seconds(ctx.limits.runTimeoutMs), String(ctx.limits.gomaxprocs), o.godebug ?? '', race ? '-race' : '', ...(o.args ?? [])],
    env: buildEnv(o),
    cgo: race,
    // The sandbox's own clock is the backstop behind the script's two limits.
    timeoutMs: ctx.limits.buildTimeoutMs + ctx.limits.runTimeoutMs + 5000,
    // Compile with every core, as `go run` does on the host; the program gets the learner's quota.
    compileOnly: true,
    phase: { marker, cpus: ctx.sandboxLimits.cpus },
    onStdout: (data) => ctx.emit({ type: 'stdout', data }),
    onStderr: (data) => {
      if (markerAt) {
        ctx.emit({ type: 'stderr', data });
        return;
      }
      pending += data;
      const i = pending.indexOf(`${marker}\n`);
      if (i < 0) return;
      markerAt = performance.now();
      if (i > 0) ctx.emit({ type: 'stderr', data: pending.slice(0, i) });
      ctx.emit({ type: 'status', status: 'executing' });
      const rest = pending.slice(i + marker.length + 1);
      if (rest) ctx.emit({ type: 'stderr', data: rest });
      pending = '';
    },
  });
  const t1 = performance.now();
  d.cpuMs += r.cpuMs;
  d.truncated = r.truncated;
  const cut = r.stderr.indexOf(`${marker}\n`);
  if (cut < 0) {
    // Never got to run: the build failed, hit a limit or timed out.
    if (pending) ctx.emit({ type: 'stderr', data: pending });
    const compile = stripTimeoutLines(r.stderr);
    d.compileMs = t1 - t0;
    d.stderr = compile.text;
    d.stdout = r.stdout;
    d.exitCode = r.exitCode;
    if (mergeLimitOutcome(d, r, 'compile', ctx, ctx.limits.buildTimeoutMs)) return;
    if (compile.timedOut) {
      setOutcome(d, limitOutcome({ ...r, status: 'timeout' }, 'compile', ctx.limits, ctx.limits.buildTimeoutMs)!);
      return;
    }
    d.diagnostics = buildErrors(ctx, compile.text);
    setOutcome(d, buildFailure(ctx, d.diagnostics, compile.text));
    return;
  }
  const started = markerAt || t1;
  d.compileMs = started - t0;
  d.execMs = t1 - started;
  d.exitCode = r.exitCode;
  d.stdout = r.stdout;
  const program = stripTimeoutLines(r.stderr.slice(cut + marker.length + 1));
  let stderr = program.text;
  if (ctx.traceRouted) {
    const split = splitRuntimeTrace(stderr);
    d.runtimeTrace = split.trace;
    stderr = split.rest;
  }
  d.stderr = stderr;
  d.races = parseRaceReports(stderr, ctx.knownFiles);
  d.diagnostics = raceDiagnostics(d.races, ctx.knownFiles);
  if (mergeLimitOutcome(d, r, 'exec', ctx, ctx.limits.runTimeoutMs)) return;
  if (program.timedOut) {
    setOutcome(d, limitOutcome({ ...r, status: 'timeout' }, 'exec', ctx.limits, ctx.limits.runTimeoutMs)!);
    return;
  }
  if (r.exitCode !== 0 || d.races.length > 0) setOutcome(d, programExitOutcome(r.exitCode, stderr, d.races.length));
}
