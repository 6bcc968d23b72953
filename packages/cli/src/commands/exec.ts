/**
 * `gopherlab exec <dir|file.txtar|file.go> --action <a>`: one request through
 * the same pipeline and sandbox the server uses. `--json` prints exactly the
 * RunReport; otherwise a readable summary, with a progress indicator on
 * stderr while it builds. Exit code 0 only when the status is ok, 1 for any
 * other outcome of the code, 2 for a request we refuse (bad input).
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '@gopherlab/errors';
import {
  ACTIONS,
  PROFILE_KINDS,
  createRunner,
  createSandbox,
  decodeUtf8,
  parseGoDuration,
  parseTxtar,
  validateRunRequest,
  type Action,
  type RunEvent,
  type RunOptions,
  type RunReport,
  type SourceFile,
} from '@gopherlab/runner';
import type { Command } from '../main.js';
import { walkSourceDir } from '../source-dir.js';

function readText(path: string, name: string): string {
  return decodeUtf8(readFileSync(path), name);
}

export function readInput(target: string): SourceFile[] {
  let st;
  try {
    st = statSync(target);
  } catch {
    throw new AppError('file_not_found', `Cannot read ${target}: it does not exist.`);
  }
  if (st.isDirectory()) {
    const files: SourceFile[] = [];
    walkSourceDir(target, (name, full) => files.push({ name, content: readText(full, name) }));
    return files;
  }
  const text = readText(target, basename(target));
  if (target.endsWith('.txtar')) return parseTxtar(text).files;
  return [{ name: basename(target), content: text }];
}

/** A flag's duration: Go's syntax (10s, 500ms, 1m), or a bare number of seconds. */
export function parseDurationMs(raw: string, flag: string): number {
  const ms = /^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) * 1000 : parseGoDuration(raw);
  if (ms === null) throw new AppError('invalid_option', `--${flag} must be a duration like 10s, 500ms or 1m.`);
  return Math.round(ms);
}

function intFlag(raw: string | undefined, flag: string): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) throw new AppError('invalid_option', `--${flag} must be a whole number.`);
  return Number(raw);
}

const ICON: Record<string, string> = { ok: '✓', failed: '✗', compile_error: '✗' };

function ms(n: number): string {
  return n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n} ms`;
}

function section(title: string, body: string): string {
  return body.trim() === '' ? '' : `\n── ${title} ${'─'.repeat(Math.max(0, 60 - title.length))}\n${body.endsWith('\n') ? body : `${body}\n`}`;
}

/** Per function, each source line followed by its instructions, as `go build -gcflags=-S` reads minus the noise. */
export function formatAssembly(blocks: NonNullable<RunReport['assembly']>): string {
  const out: string[] = [];
  let fn = '';
  for (const b of blocks) {
    if (b.function !== fn) {
      fn = b.function;
      out.push(`${fn}:`);
    }
    out.push(`  ${b.file ? `${b.file}:${b.line}` : '(no line)'}`);
    for (const i of b.instructions) out.push(`    ${String(i.pc).padStart(5)}  ${i.text}`);
  }
  return out.join('\n');
}

export function formatSummary(r: RunReport): string {
  const icon = ICON[r.status] ?? '!';
  let out = `${icon} ${r.status}  ${r.action}${r.cached ? '  (cached)' : ''}  compile ${ms(r.timing.compileMs)}, run ${ms(r.timing.execMs)}, total ${ms(r.timing.wallMs)}  ${r.goVersion ? `${r.goVersion}, ` : ''}GOMAXPROCS=${r.limits.gomaxprocs}\n`;
  if (r.message) out += `  ${r.message}\n`;
  const isTestLike = r.tests.length > 0 || r.benchmarks.length > 0;
  // For tests and benchmarks the tables below say it better; failing tests show their own output.
  if (!isTestLike) out += section('stdout', r.stdout);
  out += section('stderr', r.stderr);
  if (r.tests.length) {
    const width = Math.max(...r.tests.map((t) => t.name.length));
    const rows = r.tests.map((t) => {
      const line = `  ${t.status.toUpperCase().padEnd(4)}  ${t.name.padEnd(width)}  ${ms(t.elapsedMs)}`;
      const detail = t.status === 'fail' && t.output.trim() ? `\n${t.output.replace(/^/gm, '        ').trimEnd()}` : '';
      return line + detail;
    });
    const counts = ['pass', 'fail', 'skip'].map((s) => `${r.tests.filter((t) => t.status === s).length} ${s}`).join(', ');
    out += section(`tests (${counts})`, rows.join('\n'));
  }
  if (r.benchmarks.length) {
    const width = Math.max(...r.benchmarks.map((b) => b.name.length));
    const rows = r.benchmarks.map((b) => {
      const cols = [`${b.iterations}`.padStart(10), `${b.nsPerOp} ns/op`.padStart(16)];
      if (b.bytesPerOp !== undefined) cols.push(`${b.bytesPerOp} B/op`.padStart(12));
      if (b.allocsPerOp !== undefined) cols.push(`${b.allocsPerOp} allocs/op`.padStart(14));
      for (const [unit, v] of Object.entries(b.metrics)) cols.push(`${v} ${unit}`);
      return `  ${b.name.padEnd(width)}  ${cols.join('  ')}`;
    });
    out += section('benchmarks', rows.join('\n'));
  }
  if (r.diagnostics.length) {
    out += section(
      'diagnostics',
      r.diagnostics.map((d) => `  ${d.file ? `${d.file}:${d.line}${d.col ? `:${d.col}` : ''}: ` : ''}${d.severity}: ${d.message.replace(/\n/g, '\n      ')} (${d.source})`).join('\n'),
    );
  }
  if (r.races.length) out += section(`data races (${r.races.length})`, r.races.map((x) => x.raw).join('\n'));
  if (r.profiles.length) out += section('profiles', r.profiles.map((p) => `  ${p.kind.padEnd(10)} ${p.path ?? p.url ?? ''}${p.sampleType ? `  (${p.sampleType})` : ''}`).join('\n'));
  if (r.formatted) {
    out += section('gofmt', r.formatted.length ? r.formatted.map((f) => `// ${f.name}\n${f.content}`).join('\n') : '  all files are formatted\n');
  }
  if (r.runtimeTrace) out += section('runtime trace (GODEBUG)', r.runtimeTrace);
  if (r.assembly?.length) out += section('assembly', formatAssembly(r.assembly));
  return out;
}

/** A one-line progress indicator on stderr; animated only on a terminal. */
function progress(enabled: boolean) {
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
  const tty = enabled && process.stderr.isTTY === true;
  let phase = '';
  let i = 0;
  let timer: NodeJS.Timeout | undefined;
  const draw = () => process.stderr.write(`\r${frames[i++ % frames.length]} ${phase}…\x1b[K`);
  return {
    phase(p: string) {
      if (!enabled || p === phase) return;
      phase = p;
      if (tty) {
        draw();
        timer ??= setInterval(draw, 80);
        timer.unref();
      } else process.stderr.write(`${p}…\n`);
    },
    stop() {
      if (timer) clearInterval(timer);
      if (tty && phase) process.stderr.write('\r\x1b[K');
      phase = ''; // stopping twice clears the line once
    },
  };
}

const STATUS_WORDS: Record<string, string> = { queued: 'queued', running: 'starting', compiling: 'building', executing: 'running' };

export const command: Command = {
  usage:
    'gopherlab exec <dir|file.txtar|file.go> --action run|build|test|race|bench|vet|fmt|escape|profile|trace|fuzz [--json] [--timeout 10s] ' +
    '[--run pattern] [--bench pattern] [--benchtime 1s|100x] [--count N] [--profile cpu,allocs] [--fuzz FuzzX] [--fuzztime 5s] ' +
    '[--server URL] [--go 1.27|1.26] [--gomaxprocs N] [--godebug gctrace=1] [--goexperiment nogreenteagc] [--packages ./...] [--no-cache] [-- program args]',
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        action: { type: 'string', short: 'a', default: 'run' },
        json: { type: 'boolean', default: false },
        timeout: { type: 'string' },
        run: { type: 'string' },
        bench: { type: 'string' },
        benchtime: { type: 'string' },
        count: { type: 'string' },
        profile: { type: 'string' },
        fuzz: { type: 'string' },
        fuzztime: { type: 'string' },
        go: { type: 'string' },
        gomaxprocs: { type: 'string' },
        godebug: { type: 'string' },
        goexperiment: { type: 'string' },
        packages: { type: 'string' },
        'no-cache': { type: 'boolean', default: false },
        server: { type: 'string' },
      },
    });
    const [target, ...programArgs] = positionals;
    if (!target) {
      console.error(`usage: ${this.usage}`);
      return 2;
    }
    const action = values.action!;
    if (!(ACTIONS as readonly string[]).includes(action)) throw new AppError('invalid_action', `Unknown action "${action}". Use one of: ${ACTIONS.join(', ')}.`);
    const options: RunOptions = {};
    if (values.timeout !== undefined) options.timeoutMs = parseDurationMs(values.timeout, 'timeout');
    if (values.run !== undefined) options.run = values.run;
    if (values.bench !== undefined) options.bench = values.bench;
    if (values.benchtime !== undefined) options.benchtime = values.benchtime;
    const count = intFlag(values.count, 'count');
    if (count !== undefined) options.count = count;
    if (values.profile !== undefined) {
      const kinds = values.profile.split(',').map((s) => s.trim()).filter(Boolean);
      const bad = kinds.find((k) => !(PROFILE_KINDS as readonly string[]).includes(k));
      if (bad) throw new AppError('invalid_option', `Unknown profile "${bad}". Use: ${PROFILE_KINDS.join(', ')}.`);
      options.profiles = kinds as RunOptions['profiles'];
    }
    if (values.fuzz !== undefined) options.fuzz = values.fuzz;
    if (values.fuzztime !== undefined) options.fuzztime = values.fuzztime;
    if (values.go !== undefined) options.goVersion = values.go.replace(/^go/, '');
    const gomaxprocs = intFlag(values.gomaxprocs, 'gomaxprocs');
    if (gomaxprocs !== undefined) options.gomaxprocs = gomaxprocs;
    if (values.godebug !== undefined) options.godebug = values.godebug;
    if (values.goexperiment !== undefined) options.goexperiment = values.goexperiment;
    if (values.packages !== undefined) options.packages = values.packages;
    if (values['no-cache']) options.noCache = true;
    if (programArgs.length) options.args = programArgs;

    // Validate before starting the sandbox so bad input fails fast with its code.
    const request = validateRunRequest({ action: action as Action, files: readInput(target), ...(Object.keys(options).length ? { options } : {}) });
    const bar = progress(!values.json || process.stderr.isTTY === true);
    if (values.server !== undefined) {
      // On the server's sandbox: nothing runs on this machine (no root, no setup needed here).
      const { runRemote } = await import('../learner/remote.js');
      let report: RunReport;
      try {
        report = await runRemote(values.server, request, (phase) => bar.phase(STATUS_WORDS[phase] ?? phase));
      } finally {
        bar.stop();
      }
      process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatSummary(report));
      return report.status === 'ok' ? 0 : 1;
    }
    // One run and done: one slot, not prepared again afterwards (see SandboxConfig.singleRun).
    const runner = await createRunner({ sandbox: await createSandbox({ slots: 1, singleRun: true }) });
    try {
      const report = await runner.run(request, {
        onEvent: (e: RunEvent) => {
          if (e.type === 'status') bar.phase(STATUS_WORDS[e.status] ?? e.status);
        },
      });
      bar.stop();
      // The report first: unmounting the slot is ours to wait for, not the learner's.
      process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatSummary(report));
      return report.status === 'ok' ? 0 : 1;
    } finally {
      bar.stop();
      await runner.close();
    }
  },
};
