/**
 * `build`, `escape`, `vet` and `fmt`: the toolchain on the learner's code, nothing executed.
 */
import { parseCompilerOutput, parseGoCommandErrors, parseVetJson } from '../../parse/index.js';
import { buildEnv } from '../plan.js';
import { compileErrorOutcome, toolchainOutcome } from '../status.js';
import { exec, recordCompilePhase, setOutcome, type Ctx, type Draft } from '../context.js';

export async function simpleBuild(ctx: Ctx, d: Draft, escape: boolean): Promise<void> {
  ctx.emit({ type: 'status', status: 'compiling' });
  // `-o /dev/null` discards binaries and archives alike (the go command accepts it for several packages).
  const argv = ['go', 'build', ...(escape ? ['-gcflags=-m'] : []), '-o', '/dev/null', ctx.request.options?.packages ?? ctx.shape.allPackages];
  const r = await exec(ctx, { argv, env: buildEnv(ctx.request.options ?? {}), timeoutMs: ctx.limits.buildTimeoutMs, compileOnly: true, onStderr: (data) => ctx.emit({ type: 'stderr', data }) });
  if (recordCompilePhase(ctx, d, r)) return;
  if (r.exitCode !== 0) {
    d.diagnostics = [...parseCompilerOutput(r.stderr, { source: 'compiler', knownFiles: ctx.knownFiles }), ...parseGoCommandErrors(r.stderr)];
    setOutcome(d, toolchainOutcome(r.stderr, ctx.goVersion) ?? compileErrorOutcome(d.diagnostics, r.stderr));
    return;
  }
  if (escape) d.diagnostics = parseCompilerOutput(r.stderr, { source: 'escape', severity: 'info', knownFiles: ctx.knownFiles });
}

export async function vet(ctx: Ctx, d: Draft): Promise<void> {
  ctx.emit({ type: 'status', status: 'compiling' });
  const r = await exec(ctx, {
    argv: ['go', 'vet', '-json', ctx.request.options?.packages ?? ctx.shape.allPackages],
    env: buildEnv(ctx.request.options ?? {}),
    timeoutMs: ctx.limits.buildTimeoutMs,
    compileOnly: true,
    onStderr: (data) => ctx.emit({ type: 'stderr', data }),
  });
  if (recordCompilePhase(ctx, d, r)) return;
  // vet -json writes findings as JSON to stdout and type errors as text to stderr (exit 1).
  const findings = parseVetJson(`${r.stdout}\n${r.stderr}`, ctx.knownFiles);
  if (r.exitCode !== 0) {
    const errors = [...parseCompilerOutput(r.stderr, { source: 'compiler', knownFiles: ctx.knownFiles }), ...parseGoCommandErrors(r.stderr)];
    d.diagnostics = [...errors, ...findings];
    setOutcome(d, toolchainOutcome(r.stderr, ctx.goVersion) ?? compileErrorOutcome(errors, r.stderr));
    return;
  }
  d.diagnostics = findings;
  if (findings.length > 0) setOutcome(d, { status: 'failed', message: `go vet reported ${findings.length} problem${findings.length > 1 ? 's' : ''}: ${findings[0]!.file}:${findings[0]!.line}: ${findings[0]!.message}.` });
}

export async function fmt(ctx: Ctx, d: Draft): Promise<void> {
  const goFiles = ctx.request.files.filter((f) => f.name.endsWith('.go')).map((f) => f.name);
  const r = await exec(ctx, { argv: ['gofmt', '-l', '-w', '--', ...goFiles], timeoutMs: ctx.limits.buildTimeoutMs, collect: goFiles });
  if (recordCompilePhase(ctx, d, r)) return;
  if (r.exitCode !== 0) {
    d.diagnostics = parseCompilerOutput(r.stderr, { source: 'gofmt', knownFiles: ctx.knownFiles });
    setOutcome(d, compileErrorOutcome(d.diagnostics, r.stderr));
    return;
  }
  const changed = r.stdout.split('\n').map((l) => l.trim()).filter((l) => goFiles.includes(l));
  const decoder = new TextDecoder();
  d.formatted = changed.flatMap((name) => {
    const bytes = r.outputs[name];
    return bytes ? [{ name, content: decoder.decode(bytes) }] : [];
  });
}
