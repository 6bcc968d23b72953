/**
 * `build`, `escape`, `vet` and `fmt`: the toolchain on the learner's code, nothing executed.
 */
import { parseAssembly } from '../../parse/asm.js';
import { parseCompilerOutput, parseEscapeOutput, parseVetJson } from '../../parse/index.js';
import { buildEnv } from '../plan.js';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { compileErrorOutcome } from '../status.js';
import { buildErrors, buildFailure, exec, recordCompilePhase, setOutcome, type Ctx, type Draft } from '../context.js';

/**
 * What the compiler is asked to explain. `-gcflags` applies only to the
 * packages named on the command line, so the standard library is never listed.
 * escape: inlining and escape decisions with the compiler's reasons (-m=2)
 * and every bounds check it kept (check_bce); asm: the assembly (-S).
 */
const COMPILER_FLAGS = { build: [], escape: ['-gcflags=-m=2 -d=ssa/check_bce/debug=1'], asm: ['-gcflags=-S'] } as const;

export async function simpleBuild(ctx: Ctx, d: Draft, mode: keyof typeof COMPILER_FLAGS): Promise<void> {
  ctx.emit({ type: 'status', status: 'compiling' });
  // `-o /dev/null` discards binaries and archives alike (the go command accepts it for several packages).
  const argv = ['go', 'build', ...COMPILER_FLAGS[mode], '-o', '/dev/null', ctx.request.options?.packages ?? ctx.shape.allPackages];
  // An assembly listing and the compiler's reasons are long, and both arrive structured in the
  // report (assembly, diagnostics): only a plain build's output is worth streaming.
  const onStderr = mode === 'build' ? (data: string) => ctx.emit({ type: 'stderr', data }) : undefined;
  const r = await exec(ctx, { argv, env: buildEnv(ctx.request.options ?? {}), timeoutMs: ctx.limits.buildTimeoutMs, compileOnly: true, ...(onStderr ? { onStderr } : {}) });
  if (recordCompilePhase(ctx, d, r)) {
    if (mode !== 'build' && d.status === 'output_limit') {
      d.stderr = '';
      const what = mode === 'asm' ? 'The assembly listing is' : 'The compiler\'s escape and inlining reasons are';
      setOutcome(d, { status: 'output_limit', message: `${what} longer than the ${Math.round(ctx.limits.outputBytes / 1024)} KiB output limit. List less: keep the code you are studying in its own package and name it in packages (./yours), or make the function smaller.` });
    }
    return;
  }
  if (r.exitCode !== 0) {
    d.diagnostics = buildErrors(ctx, r.stderr);
    setOutcome(d, buildFailure(ctx, d.diagnostics, r.stderr));
    return;
  }
  if (mode === 'escape') {
    d.diagnostics = parseEscapeOutput(r.stderr, ctx.knownFiles);
    // Every line is in the diagnostics (decisions, their reasons, bounds checks); the raw text would repeat them.
    d.stderr = '';
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
    const errors = buildErrors(ctx, r.stderr);
    d.diagnostics = [...errors, ...findings];
    setOutcome(d, buildFailure(ctx, errors, r.stderr));
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

/**
 * The `ssa` step. GOSSAFUNC is part of every package's build cache key, so
 * `GOSSAFUNC=F go build` would recompile the whole standard library (10 s of
 * CPU) and, when the package is cached, write nothing. So the package is
 * built normally (deps from the cache), then its files are compiled once more
 * by `go tool compile` with GOSSAFUNC set for that one compile, against the
 * export data `go list -export` names. Values arrive as positional arguments,
 * never inside the script.
 */
const SSA_SCRIPT = [
  'set -e',
  // Only the compiler's own file is the result, never one the learner sent under that name.
  'rm -f ssa.html',
  'go build -o /dev/null "$1"',
  'go list -export -deps -f \'{{if .Export}}packagefile {{.ImportPath}}={{.Export}}{{end}}\' "$1" > "$TMPDIR/importcfg"',
  'files=$(go list -f \'{{range .GoFiles}}{{$.Dir}}/{{.}} {{end}}\' "$1")',
  'path=$(go list -f \'{{if eq .Name "main"}}main{{else}}{{.ImportPath}}{{end}}\' "$1")',
  'lang=$(go list -m -f \'{{.GoVersion}}\' 2>/dev/null || true)',
  'GOSSAFUNC="$2" exec go tool compile -p "$path" ${lang:+-lang=go$lang} -importcfg "$TMPDIR/importcfg" -o "$TMPDIR/pkg.a" $files',
].join('\n');

/**
 * `ssa`: the compiler's own SSA viewer for one function: ssa.html (every
 * pass side by side, with the source and the final assembly) becomes this
 * run's artifact (report.profiles, kind `ssa`), so the action is never served
 * from a cache.
 */
export async function ssaView(ctx: Ctx, d: Draft, dataDir: string, runId: string): Promise<void> {
  ctx.emit({ type: 'status', status: 'compiling' });
  const o = ctx.request.options ?? {};
  const func = o.func ?? 'main';
  const pkg = o.packages ?? (ctx.request.files.some((f) => /^[^/]+\.go$/.test(f.name)) ? '.' : `./${ctx.shape.mainDir ?? '.'}`);
  const r = await exec(ctx, {
    argv: ['/bin/sh', '-c', SSA_SCRIPT, 'gopherlab-ssa', pkg, func],
    env: buildEnv(o),
    timeoutMs: ctx.limits.buildTimeoutMs,
    compileOnly: true,
    collect: ['ssa.html'],
  });
  if (recordCompilePhase(ctx, d, r)) return;
  if (r.exitCode !== 0) {
    d.diagnostics = buildErrors(ctx, r.stderr);
    setOutcome(d, buildFailure(ctx, d.diagnostics, r.stderr));
    return;
  }
  const html = r.outputs['ssa.html'];
  if (!html || html.length === 0) {
    setOutcome(d, { status: 'rejected', message: `The package ${pkg} has no function ${func}, so there is no SSA to show. Name one of its functions (Sum, or (*Stack).Push for a method), and choose another package with packages (./internal/x).` });
    return;
  }
  const dir = resolve(dataDir, 'runs', runId);
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'ssa.html');
  await writeFile(file, html);
  d.profiles.push({ kind: 'ssa', format: 'html', path: file, bytes: html.length });
  // The compiler's "dumped SSA for ... to ..." names a sandbox path; the artifact is what matters.
  d.stdout = '';
  d.stderr = '';
}
