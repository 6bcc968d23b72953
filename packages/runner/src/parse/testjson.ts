/**
 * `go test -json` (test2json) as a stream. Why this is more than JSON.parse
 * per line:
 * - a learner's `fmt.Print` without a newline shares a line with the
 *   framework's `=== RUN`/`--- PASS` markers; test2json already attributes
 *   events using the test binary's framing, so we trust the events' Action
 *   and Test fields and never re-parse marker text to decide a status;
 * - a benchmark result line may arrive split across two output events
 *   (`BenchmarkX-2 \t` then `2000\t 98.4 ns/op...`), so output is
 *   line-buffered per test before benchmark lines are recognised;
 * - build failures arrive as `build-output`/`build-fail` events (Go 1.24+)
 *   keyed by ImportPath; such a package is reported failed with diagnostics,
 *   never passing.
 * Tests are reported grouped by package (sorted by import path, since
 * packages run in parallel) and within a package in the order they started
 * (stable: go runs a package's top-level tests in source order).
 */
import type { BenchmarkResult, Diagnostic, RaceReport, TestResult } from '../model/report.js';
import { parseBenchmarkLine } from './bench.js';
import { parseTestBuildOutput } from './diagnostics.js';
import { parseRaceReports } from './race.js';
import { splitRuntimeTrace } from './runtime-trace.js';

interface TestEvent {
  Time?: string;
  Action?: string;
  Package?: string;
  ImportPath?: string;
  Test?: string;
  Output?: string;
  /** Go 1.27+: `error` (a t.Error/t.Fatal line), `error-continue` (its further lines), `frame` (=== RUN, --- FAIL, ...). */
  OutputType?: string;
  Elapsed?: number;
  FailedBuild?: string;
}

export interface PackageResult {
  package: string;
  status: 'pass' | 'fail' | 'skip' | 'build_failed';
  elapsedMs: number;
  /** The package's own output (not inside a test), e.g. `FAIL`, panics, `ok` lines. */
  output: string;
  /** The test binary hit its -timeout and panicked. */
  timedOut: boolean;
}

export interface TestJsonResult {
  tests: TestResult[];
  benchmarks: BenchmarkResult[];
  packages: PackageResult[];
  /** Compiler output of packages that failed to build. */
  buildOutput: string;
  diagnostics: Diagnostic[];
  races: RaceReport[];
  /** GODEBUG trace lines removed from outputs (only when routeRuntimeTrace). */
  runtimeTrace: string;
  /** Everything the tests printed, in order, as `go test -v` would show it. */
  output: string;
  /** Lines on stdout that were not test2json events (kept, never dropped). */
  nonJson: string;
  /** Time of the first package start and of the last event: the test binaries' execution window. */
  execWindowMs: number;
}

export interface TestJsonOptions {
  procs?: number;
  knownFiles?: readonly string[];
  routeRuntimeTrace?: boolean;
  onTest?: (t: TestResult) => void;
  onOutput?: (text: string) => void;
  onBenchmark?: (b: BenchmarkResult) => void;
}

interface TestState {
  seq: number;
  pkg: string;
  name: string;
  raw: string;
  pending: string;
  /** The lines Go 1.27+ marks as the test's failure messages. */
  failure: string;
  status?: TestResult['status'];
  elapsedMs: number;
}

const FRAMEWORK = /^\s*(?:=== (?:RUN|PAUSE|CONT|NAME)\s+(\S+)|--- (?:PASS|FAIL|SKIP|BENCH): (\S+) \()/;

export class TestJsonStream {
  private buf = '';
  private seq = 0;
  private readonly tests = new Map<string, TestState>();
  private readonly pkgOrder: string[] = [];
  private readonly pkgs = new Map<string, PackageResult & { raw: string; pending: string }>();
  private readonly benchmarks: BenchmarkResult[] = [];
  private buildOutput = '';
  private output = '';
  private nonJson = '';
  private firstStart = Number.NaN;
  private lastTime = Number.NaN;

  constructor(private readonly opts: TestJsonOptions = {}) {}

  push(chunk: string): void {
    this.buf += chunk;
    let nl: number;
    while ((nl = this.buf.indexOf('\n')) >= 0) {
      const line = this.buf.slice(0, nl);
      this.buf = this.buf.slice(nl + 1);
      this.line(line);
    }
  }

  private pkg(name: string) {
    let p = this.pkgs.get(name);
    if (!p) {
      p = { package: name, status: 'pass', elapsedMs: 0, output: '', timedOut: false, raw: '', pending: '' };
      this.pkgs.set(name, p);
      this.pkgOrder.push(name);
    }
    return p;
  }

  private line(line: string): void {
    if (!line.startsWith('{')) {
      if (line.trim() !== '') this.nonJson += `${line}\n`;
      return;
    }
    let ev: TestEvent;
    try {
      ev = JSON.parse(line) as TestEvent;
    } catch {
      this.nonJson += `${line}\n`;
      return;
    }
    if (ev.Time) {
      const t = Date.parse(ev.Time);
      if (ev.Action === 'start' && Number.isNaN(this.firstStart)) this.firstStart = t;
      if (!Number.isNaN(t)) this.lastTime = t;
    }
    if (ev.Action === 'build-output') {
      this.buildOutput += ev.Output ?? '';
      return;
    }
    if (ev.Action === 'build-fail' || !ev.Package) return;
    const pkg = this.pkg(ev.Package);
    if (ev.Test === undefined) {
      switch (ev.Action) {
        case 'output':
          this.emitOutput(ev.Output ?? '');
          pkg.raw += ev.Output ?? '';
          pkg.pending = this.scanLines(pkg.pending + (ev.Output ?? ''), ev.Package);
          break;
        case 'pass':
          pkg.status = 'pass';
          pkg.elapsedMs = Math.round((ev.Elapsed ?? 0) * 1000);
          break;
        case 'skip':
          pkg.status = 'skip';
          break;
        case 'fail':
          pkg.status = ev.FailedBuild ? 'build_failed' : 'fail';
          pkg.elapsedMs = Math.round((ev.Elapsed ?? 0) * 1000);
          break;
      }
      return;
    }
    const key = `${ev.Package}\u0000${ev.Test}`;
    let t = this.tests.get(key);
    if (!t) {
      t = { seq: this.seq++, pkg: ev.Package, name: ev.Test, raw: '', pending: '', failure: '', elapsedMs: 0 };
      this.tests.set(key, t);
    }
    switch (ev.Action) {
      case 'output':
        this.emitOutput(ev.Output ?? '');
        t.raw += ev.Output ?? '';
        if (ev.OutputType === 'error' || ev.OutputType === 'error-continue') t.failure += ev.Output ?? '';
        t.pending = this.scanLines(t.pending + (ev.Output ?? ''), ev.Package);
        break;
      case 'pass':
      case 'fail':
      case 'skip':
        t.status = ev.Action;
        t.elapsedMs = Math.round((ev.Elapsed ?? 0) * 1000);
        if (!t.name.startsWith('Benchmark')) this.opts.onTest?.(this.toResult(t));
        break;
    }
  }

  private emitOutput(text: string): void {
    this.output += text;
    if (text) this.opts.onOutput?.(text);
  }

  /** Recognises complete benchmark lines; returns the unterminated remainder. */
  private scanLines(text: string, pkg: string): string {
    const parts = text.split('\n');
    const rest = parts.pop()!;
    for (const l of parts) {
      const b = parseBenchmarkLine(l, this.opts.procs);
      if (b) {
        const withPkg = { ...b, package: pkg };
        this.benchmarks.push(withPkg);
        this.opts.onBenchmark?.(withPkg);
      }
    }
    return rest;
  }

  private cleanOutput(raw: string, name: string, trace: string[]): string {
    let text = raw;
    if (this.opts.routeRuntimeTrace) {
      const split = splitRuntimeTrace(text);
      if (split.trace) trace.push(split.trace);
      text = split.rest;
    }
    return text
      .split(/(?<=\n)/)
      .filter((l) => {
        const m = FRAMEWORK.exec(l);
        if (m && (m[1] ?? m[2]) === name) return false;
        // Benchmarks print their bare name before the result line.
        return !(name.startsWith('Benchmark') && l === `${name}\n`);
      })
      .join('');
  }

  private toResult(t: TestState, trace: string[] = []): TestResult {
    return {
      package: t.pkg,
      name: t.name,
      // A test that started but never reported (panic, timeout, os.Exit) did not pass.
      status: t.status ?? 'fail',
      elapsedMs: t.elapsedMs,
      output: this.cleanOutput(t.raw, t.name, trace),
      ...(t.failure ? { failure: t.failure } : {}),
    };
  }

  end(): TestJsonResult {
    if (this.buf !== '') {
      const last = this.buf;
      this.buf = '';
      this.line(last);
    }
    const knownFiles = this.opts.knownFiles ?? [];
    const trace: string[] = [];
    // go test runs packages in parallel, so their arrival order varies from run to run: sort by import path.
    this.pkgOrder.sort();
    const all = [...this.tests.values()].sort((a, b) => this.pkgOrder.indexOf(a.pkg) - this.pkgOrder.indexOf(b.pkg) || a.seq - b.seq);
    const tests: TestResult[] = [];
    const races: RaceReport[] = [];
    for (const t of all) {
      const r = this.toResult(t, trace);
      races.push(...parseRaceReports(t.raw, knownFiles, t.name));
      if (!t.name.startsWith('Benchmark')) tests.push(r);
    }
    const packages: PackageResult[] = this.pkgOrder.map((name) => {
      const p = this.pkgs.get(name)!;
      races.push(...parseRaceReports(p.raw, knownFiles));
      const timedOut = /^panic: test timed out after /m.test(p.raw) || [...this.tests.values()].some((t) => t.pkg === name && /^panic: test timed out after /m.test(t.raw));
      // `go test` can print "ok" for a package whose tests are marked failed only by a race: trust failures over the summary.
      const anyFailed = tests.some((t) => t.package === name && t.status === 'fail');
      const status = p.status === 'pass' && anyFailed ? 'fail' : p.status;
      return { package: name, status, elapsedMs: p.elapsedMs, output: this.cleanOutput(p.raw, '', trace), timedOut };
    });
    const execWindowMs = Number.isNaN(this.firstStart) || Number.isNaN(this.lastTime) ? 0 : Math.max(0, this.lastTime - this.firstStart);
    return {
      tests,
      benchmarks: this.benchmarks,
      packages,
      buildOutput: this.buildOutput,
      diagnostics: parseTestBuildOutput(this.buildOutput, knownFiles),
      races,
      runtimeTrace: trace.join(''),
      output: this.output,
      nonJson: this.nonJson,
      execWindowMs,
    };
  }
}

/** Parses a complete `go test -json` output at once. */
export function parseTestJson(text: string, opts: TestJsonOptions = {}): TestJsonResult {
  const s = new TestJsonStream(opts);
  s.push(text);
  return s.end();
}
