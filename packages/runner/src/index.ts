/**
 * @gopherlab/runner: Go code in, RunReport out. The public face for the CLI,
 * the server's job workers and the course grader.
 */
export * from './model/report.js';
export { createRunner, defaultRunnerLimits, detectGoVersion, selectToolchain, runnerLimitsFromEnv, cacheKey, isCacheable, UNCACHEABLE_STATUSES, CACHE_MAX_AGE_MS, type Runner, type RunHooks, type RunnerConfig, type RunnerLimits, type SandboxedRunner } from './pipeline/index.js';
export {
  validateRunRequest,
  runRequestSchema,
  sourceFilesSchema,
  requestIssueError,
  validationPolicyFor,
  defaultValidationPolicy,
  parseGoDuration,
  parseTxtar,
  formatTxtar,
  isTxtar,
  decodeUtf8,
  generateGoMod,
  GODEBUG_KEYS,
  GOEXPERIMENTS,
  type ValidationPolicy,
  type AllowedModule,
  type TxtarArchive,
} from './request/index.js';
export { parseTestJson, parseBenchmarkText, parseCompilerOutput, parseVetJson, parseRaceReports, splitRuntimeTrace } from './parse/index.js';
export { createSandbox, sandboxAvailable, defaultLimits, configuredGoVersions, goRelease, type Toolchain, type Availability, type Sandbox, type SandboxExecSpec, type SandboxLimits, type SandboxResult, type SandboxStatus } from './sandbox/index.js';
export { Semaphore, forEachLimit } from './util/semaphore.js';
