/**
 * `build`, `escape`, `vet` and `fmt`: the toolchain on the learner's code, nothing executed.
 */
import { parseAssembly } from '../../parse/asm.js';
import { parseCompilerOutput, parseGoCommandErrors, parseVetJson } from '../../parse/index.js';
import { buildEnv } from '../plan.js';
import { compileErrorOutcome, toolchainOutcome } from '../status.js';
import { exec, recordCompilePhase, setOutcome, type Ctx, type Draft } from '../context.js';

/**
 * What the compiler is asked to explain. `-gcflags` applies only to the
 * packages named on the command line, so the standard library is never listed.
 * escape: inlining and escape decisions (-m) and every bounds check the
 * compiler kept (check_bce); asm: the assembly (-S).
 */
const COMPILER_FLAGS = { build: [], escape: ['-gcflags=-m -d=ssa/check_bce/debug=1'], asm: ['-gcflags=-S'] } as const;

/** A bounds check the compiler kept: `./b.go:4:11: Found IsInBounds` (or IsSliceInBounds). */
const BCE = /^Found Is(?:Slice)?InBounds$/;

export async function simpleBuild(ctx: Ctx, d: Draft, mode: keyof typeof COMPILER_FLAGS): Promise<void> {
  ctx.emit({ type: 'status', status: 'compiling' });
  // `-o /dev/null` discards binaries and archives alike (the go command accepts it for several packages).
  const argv = ['go', 'build', ...COMPILER_FLAGS[mode], '-o', '/dev/null', ctx.request.options?.packages ?? ctx.shape.allPackages];
  // An assembly listing is long: only compile errors are worth streaming.
  const onStderr = mode === 'asm' ? undefined : (data: string) => ctx.emit({ type: 'stderr', data });
  const r = await exec(ctx, { argv, env: buildEnv(ctx.request.options ?? {}), timeoutMs: ctx.limits.buildTimeoutMs, compileOnly: true, ...(onStderr ? { onStderr } : {}) });
  if (recordCompilePhase(ctx, d, r)) {
    if (mode === 'asm' && d.status === 'output_limit') {
      d.stderr = '';
      setOutcome(d, { status: 'output_limit', message: `The assembly listing is longer than the ${Math.round(ctx.limits.outputBytes / 1024)} KiB output limit. List less: keep the code you are studying in its own package and name it in packages (./yours), or make the function smaller.` });
    }
    return;
  }
  if (r.exitCode !== 0) {
    d.diagnostics = [...parseCompilerOutput(r.stderr, { source: 'compiler', knownFiles: ctx.knownFiles }), ...parseGoCommandErrors(r.stderr)];
    setOutcome(d, toolchainOutcome(r.stderr, ctx.goVersion) ?? compileErrorOutcome(d.diagnostics, r.stderr));
    return;
  }
  if (mode === 'escape') {
    d.diagnostics = parseCompilerOutput(r.stderr, { source: 'escape', severity: 'info', knownFiles: ctx.knownFiles }).map((x) => (BCE.test(x.message) ? { ...x, source: 'bce', message: 'bounds check kept here' } : x));
  }
  if (mode === 'asm') {
    d.assembly = parseAssembly(r.stderr, ctx.knownFiles);
    // The listing is in `assembly`; stderr keeps only what is not part of it (package headers aside).
    d.stderr = '';
  }
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
