/**
 * Which Go command each action runs. Kept apart from execution so the exact
 * argv for every action is visible in one place and unit-tested.
 *
 * Two conventions matter here:
 * - GODEBUG and GOMAXPROCS are for the learner's program, so for `go test`
 *   they are set on the go command and inherited by the test binary (the go
 *   command's own trace lines go to stderr, the test binary's into the JSON
 *   events, which keeps them apart); for `run` they are set on the program
 *   step only. GOEXPERIMENT is a build setting and goes on the build.
 * - Our own outputs (binary, profiles) go to `_gopherlab/`: the go command
 *   ignores directories starting with `_` for `./...`, so they never become
 *   part of the learner's module.
 */
import type { Action, ProfileKind, RunOptions, SourceFile } from '../model/report.js';
import { parseGoDuration } from '../request/duration.js';

export const OUT_DIR = '_gopherlab';
export const BINARY = `${OUT_DIR}/prog`;

export interface ProgramShape {
  hasTests: boolean;
  hasBenchmarks: boolean;
  fuzzTargets: string[];
  /** Directory (relative, '' for the root) of the first `package main`, if any. */
  mainDir: string | null;
  /** Directory of the first _test.go file, if any. */
  testDir: string | null;
  /**
   * The pattern for "every package of the learner's code": `./...` in a module, `work` in a
   * go.work workspace without a root module (where `./...` matches nothing).
   */
  allPackages: './...' | 'work';
}

function dirOf(name: string): string {
  const i = name.lastIndexOf('/');
  return i < 0 ? '' : name.slice(0, i);
}

function stripComments(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, '');
}

export function programShape(files: SourceFile[]): ProgramShape {
  const workspace = files.some((f) => f.name === 'go.work') && !files.some((f) => f.name === 'go.mod');
  const shape: ProgramShape = { hasTests: false, hasBenchmarks: false, fuzzTargets: [], mainDir: null, testDir: null, allPackages: workspace ? 'work' : './...' };
  for (const f of files) {
    if (!f.name.endsWith('.go') || f.name.split('/').includes('testdata')) continue;
    const src = stripComments(f.content);
    if (f.name.endsWith('_test.go')) {
      if (/^func (Test|Example|Fuzz|Benchmark)\w*\(/m.test(src)) {
        shape.hasTests = true;
        shape.testDir ??= dirOf(f.name);
      }
      if (/^func Benchmark\w*\(\w+ \*testing\.B\)/m.test(src)) shape.hasBenchmarks = true;
      for (const m of src.matchAll(/^func (Fuzz\w*)\(\w+ \*testing\.F\)/gm)) shape.fuzzTargets.push(m[1]!);
    } else if (shape.mainDir === null && /^\s*package\s+main\b/m.test(src) && /^func main\(\)/m.test(src)) {
      shape.mainDir = dirOf(f.name);
    }
  }
  return shape;
}

export function pkgArg(dir: string): string {
  return dir === '' ? '.' : `./${dir}`;
}

export interface TestPlan {
  argv: string[];
  collect: string[];
  profiles: { kind: ProfileKind | 'trace'; path: string }[];
}

/** Profile kinds a `go test` flag can produce. goroutine profiles need a harness we do not ship yet. */
export const TEST_FLAG_PROFILES: Partial<Record<ProfileKind, string>> = {
  cpu: '-cpuprofile',
  heap: '-memprofile',
  allocs: '-memprofile',
  block: '-blockprofile',
  mutex: '-mutexprofile',
};

export const PROFILE_FILE: Partial<Record<ProfileKind, string>> = {
  cpu: 'cpu.pprof',
  heap: 'mem.pprof',
  allocs: 'mem.pprof',
  block: 'block.pprof',
  mutex: 'mutex.pprof',
};

/** `-run`/`-bench` selection shared by bench, profile and trace: benchmarks when there are any, else tests. */
function selection(action: Action, shape: ProgramShape, o: RunOptions): string[] {
  const measureBench = action === 'bench' || ((action === 'profile' || action === 'trace') && shape.hasBenchmarks && o.run === undefined);
  if (measureBench) {
    const args = ['-run=^$', `-bench=${o.bench ?? '.'}`, '-benchmem'];
    if (o.benchtime) args.push(`-benchtime=${o.benchtime}`);
    return args;
  }
  return o.run !== undefined ? [`-run=${o.run}`] : [];
}

/** argv for the go-test-based actions: test, race (with tests), bench, profile, trace, fuzz. */
export function testPlan(action: Action, shape: ProgramShape, o: RunOptions, runTimeoutMs: number, fuzzTarget?: string, procs: { build?: number; program?: number } = {}): TestPlan {
  const argv = ['go', 'test', '-json'];
  // GOMAXPROCS in the environment is the learner's setting and would also serialise the go
  // command's own builds (-p defaults to it): actions that do not measure build in parallel.
  const measuring = action === 'bench' || action === 'profile' || action === 'trace';
  if (!measuring && procs.build !== undefined && procs.build > 1) argv.push(`-p=${procs.build}`);
  const collect: string[] = [];
  const profiles: TestPlan['profiles'] = [];
  if (action === 'race') argv.push('-race');
  if (o.count !== undefined) argv.push(`-count=${o.count}`);
  // -timeout makes the test binary panic with every goroutine's stack before the sandbox kills it.
  argv.push(`-timeout=${Math.max(1, Math.round(runTimeoutMs))}ms`);
  // Single-package actions default to the package that holds the tests.
  const single = action === 'profile' || action === 'trace' || action === 'fuzz';
  const pkg = o.packages ?? (single ? pkgArg(shape.testDir ?? '') : shape.allPackages);
  switch (action) {
    case 'test':
    case 'race':
      if (o.run !== undefined) argv.push(`-run=${o.run}`);
      break;
    case 'bench':
      argv.push(...selection(action, shape, o));
      break;
    case 'profile': {
      argv.push(...selection(action, shape, o), `-outputdir=${OUT_DIR}`);
      const seen = new Set<string>();
      for (const kind of o.profiles ?? ['cpu', 'allocs']) {
        const flag = TEST_FLAG_PROFILES[kind];
        const file = PROFILE_FILE[kind];
        if (!flag || !file) continue;
        if (!seen.has(flag)) {
          argv.push(`${flag}=${file}`);
          collect.push(`${OUT_DIR}/${file}`);
          seen.add(flag);
        }
        profiles.push({ kind, path: `${OUT_DIR}/${file}` });
      }
      break;
    }
    case 'trace':
      argv.push(...selection(action, shape, o), `-outputdir=${OUT_DIR}`, '-trace=trace.out');
      collect.push(`${OUT_DIR}/trace.out`);
      profiles.push({ kind: 'trace', path: `${OUT_DIR}/trace.out` });
      break;
    case 'fuzz':
      argv.push('-run=^$', `-fuzz=^${fuzzTarget}$`, `-fuzztime=${o.fuzztime ?? '5s'}`);
      // Fuzz workers default to the test binary's GOMAXPROCS; say it explicitly so the report's limit holds.
      if (procs.program !== undefined) argv.push(`-parallel=${procs.program}`);
      break;
    default:
      throw new Error(`testPlan: ${action} is not a go test action`);
  }
  argv.push(pkg);
  return { argv, collect, profiles };
}

/** Milliseconds of a -fuzztime/-benchtime duration (iteration counts are unknown: 0). */
export function durationMs(raw: string | undefined): number {
  return parseGoDuration(raw ?? '') ?? 0;
}

/** The environment of the learner's program: GOMAXPROCS always explicit (Go 1.25+ would otherwise follow the cgroup quota). */
export function programEnv(o: RunOptions, gomaxprocs: number): Record<string, string> {
  const env: Record<string, string> = { GOMAXPROCS: String(gomaxprocs) };
  if (o.godebug) env.GODEBUG = o.godebug;
  return env;
}

export function buildEnv(o: RunOptions): Record<string, string> {
  return o.goexperiment ? { GOEXPERIMENT: o.goexperiment } : {};
}
