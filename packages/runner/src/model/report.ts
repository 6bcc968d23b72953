/**
 * RunRequest and RunReport: the one internal model of "run this Go code and
 * tell me what happened" (DESIGN.md, "The run pipeline"). Every action ends in
 * a RunReport; the CLI's `--json` prints exactly this object and the API
 * serves it unchanged.
 */

export const ACTIONS = ['run', 'build', 'test', 'race', 'bench', 'vet', 'fmt', 'escape', 'asm', 'ssa', 'profile', 'trace', 'fuzz'] as const;
export type Action = (typeof ACTIONS)[number];

export const PROFILE_KINDS = ['cpu', 'heap', 'allocs', 'block', 'mutex', 'goroutine', 'goroutineleak'] as const;
export type ProfileKind = (typeof PROFILE_KINDS)[number];

export interface SourceFile {
  /** Slash-separated path relative to the module root, e.g. `main.go`, `internal/x/x.go`. */
  name: string;
  content: string;
}

export interface RunOptions {
  /** Wall-clock limit for executing the program/tests, in ms (compilation has its own limit). */
  timeoutMs?: number;
  /** `go test -run` pattern. */
  run?: string;
  /** `go test -bench` pattern (bench/profile actions). Default `.`. */
  bench?: string;
  /** `-count` for tests/benchmarks. */
  count?: number;
  /** `-benchtime`, e.g. `100ms`, `1000x`. */
  benchtime?: string;
  /** Profiles to collect for the `profile` action. Default `['cpu','allocs']`. */
  profiles?: ProfileKind[];
  /** Fuzz target name and time box for the `fuzz` action. */
  fuzz?: string;
  fuzztime?: string;
  /** The function the `ssa` action shows (GOSSAFUNC): `Sum`, `(*Stack).Push` or `pkg.Func`; default `main`. */
  func?: string;
  /** The Go release to build and run with, e.g. `1.27` (default: the newest the server has). */
  goVersion?: string;
  /** Explicit GOMAXPROCS for the program (always set explicitly; see GO-CURRENT.md on container-aware GOMAXPROCS). */
  gomaxprocs?: number;
  /** Extra GODEBUG settings, e.g. `gctrace=1` or `schedtrace=1000`. Only allowlisted keys are accepted. */
  godebug?: string;
  /** GOEXPERIMENT, e.g. `goroutineleakprofile` or `nogreenteagc`. Only allowlisted values are accepted. */
  goexperiment?: string;
  /** Package pattern for test-like actions. Default `./...`. */
  packages?: string;
  /** Arguments passed to the program for `run`. */
  args?: string[];
  /** Bypass the result cache (the benchmark scripts use it to measure fresh runs). */
  noCache?: boolean;
  /**
   * Hidden `_test.go` files (test, race and bench only): compiled into the test
   * binary, then removed before it runs, so the code under test cannot read
   * them (pipeline/sealed.ts). The course grader sets it; the HTTP API does not accept it.
   */
  sealed?: string[];
}

export interface RunRequest {
  action: Action;
  files: SourceFile[];
  options?: RunOptions;
}

export const RUN_STATUSES = [
  'ok',
  'failed',
  'compile_error',
  'timeout',
  'memory_limit',
  'output_limit',
  'process_limit',
  'disk_limit',
  'rejected',
  'internal_error',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** While a run is in flight the API reports these; a finished RunReport never has them. */
export type PendingStatus = 'queued' | 'running';

export interface RunTiming {
  wallMs: number;
  cpuMs: number;
  compileMs: number;
  execMs: number;
  queueMs: number;
}

export interface RunLimits {
  buildTimeoutMs: number;
  runTimeoutMs: number;
  memoryBytes: number;
  processes: number;
  outputBytes: number;
  diskBytes: number;
  gomaxprocs: number;
  cpus: number;
}

export interface TestResult {
  package: string;
  name: string;
  status: 'pass' | 'fail' | 'skip';
  elapsedMs: number;
  output: string;
  /**
   * Just the failure messages (t.Error, t.Fatal and their continuation lines),
   * as Go 1.27's test2json marks them (OutputType); absent on Go 1.26, where
   * only `output` (which also holds t.Log lines) is known.
   */
  failure?: string;
}

export interface BenchmarkResult {
  /** Full name without the `-N` procs suffix, e.g. `BenchmarkFoo/size=10`. */
  name: string;
  package?: string;
  procs: number;
  iterations: number;
  nsPerOp: number;
  bytesPerOp?: number;
  allocsPerOp?: number;
  /** Every other `value unit` pair on the line (custom metrics via b.ReportMetric, MB/s). */
  metrics: Record<string, number>;
}

export interface ProfileRef {
  /** `ssa`: the compiler's ssa.html of the `ssa` action (GET /api/v1/runs/{id}/ssa serves it). */
  kind: ProfileKind | 'trace' | 'ssa';
  format: 'pprof' | 'trace' | 'html';
  /** Absolute path on the runner host (CLI) ... */
  path?: string;
  /** ... or a URL served by the API. */
  url?: string;
  /** Default sample type to show, e.g. `cpu`, `alloc_space`, `delay`, `contentions`. */
  sampleType?: string;
  bytes?: number;
}

export interface Diagnostic {
  file: string;
  line: number;
  col: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** `bce`: a bounds check the compiler kept on this line (escape action). */
  source: 'compiler' | 'vet' | 'escape' | 'bce' | 'race' | 'gofmt' | 'go';
  /** escape (-m=2): why a value escapes, one step of the compiler's flow per line ("from &p (address-of) at main.go:9:9"). */
  explanation?: string[];
  /** escape (-m=2): an inlining decision, with its cost against the budget when the compiler gives them. */
  inline?: { function: string; inlinable: boolean; cost?: number; budget?: number; reason?: string };
}

export interface StackFrame {
  func: string;
  file: string;
  line: number;
}

export interface RaceAccess {
  kind: 'read' | 'write';
  goroutine: number;
  stack: StackFrame[];
}

export interface RaceReport {
  /** The two conflicting accesses: the current one and the previous one. */
  accesses: RaceAccess[];
  /** Where the goroutines involved were created. */
  goroutines: { id: number; createdAt: StackFrame[] }[];
  /** Test that reported it, if any. */
  test?: string;
  raw: string;
}

export interface LeakReport {
  /** Top function the leaked goroutine is blocked in, e.g. `main.worker`. */
  function: string;
  /** Wait reason, e.g. `chan receive`. */
  state: string;
  count: number;
  stack: StackFrame[];
  createdAt?: StackFrame;
  test?: string;
  /** pprof labels of the leaked goroutine (Go 1.27+ prints them): which request or job it served. */
  labels?: Record<string, string>;
}

/** Instructions the compiler generated for one source line, in program order (action `asm`). */
export interface AsmBlock {
  /** Symbol of the function, e.g. `main.Sum` or `example.com/x.(*T).M`. */
  function: string;
  /** Relative to the module root like diagnostics; an inlined standard-library line as `fmt/print.go`; '' when unknown. */
  file: string;
  line: number;
  /** `pc` is the offset in the function, `text` the instruction as the compiler prints it (`ADDQ (AX)(CX*8), DX`). */
  instructions: { pc: number; text: string }[];
}

export interface RunReport {
  id: string;
  action: Action;
  status: RunStatus;
  /** A sentence a learner understands for any non-ok status; empty when ok. */
  message: string;
  exitCode: number | null;
  stdout: string;
  stderr: string;
  truncated: boolean;
  timing: RunTiming;
  limits: RunLimits;
  tests: TestResult[];
  benchmarks: BenchmarkResult[];
  profiles: ProfileRef[];
  diagnostics: Diagnostic[];
  races: RaceReport[];
  leaks: LeakReport[];
  /** Formatted sources for the `fmt` action (only files gofmt changed). */
  formatted?: SourceFile[];
  /**
   * `fuzz`: the failing inputs the fuzzer wrote (`testdata/fuzz/FuzzX/<hash>`,
   * relative to the module root) that the request did not have. Added to the
   * files, they are seed corpus: `test` runs them as regression cases.
   */
  fuzzInputs?: SourceFile[];
  /** The learner's packages compiled to assembly (`asm` action), grouped by source line. */
  assembly?: AsmBlock[];
  /** Raw GODEBUG trace lines (gctrace/schedtrace) captured from stderr, for the profiling package. */
  runtimeTrace?: string;
  /** Go toolchain version that produced this report. */
  goVersion?: string;
  /** True when the report came from the result cache. */
  cached?: boolean;
}

/** Streaming events a run emits while it executes (the API forwards them over SSE). */
export type RunEvent =
  | { type: 'status'; status: PendingStatus | 'compiling' | 'executing' }
  | { type: 'stdout'; data: string }
  | { type: 'stderr'; data: string }
  | { type: 'test'; test: TestResult }
  | { type: 'benchmark'; benchmark: BenchmarkResult }
  | { type: 'report'; report: RunReport };
