export { createRunner, defaultRunnerLimits, detectGoVersion, selectToolchain, runnerLimitsFromEnv, type RunnerConfig, type RunnerLimits, type SandboxedRunner } from './runner.js';
export { cacheKey, ResultCache, PIPELINE_VERSION } from './cache.js';
export type { Runner, RunHooks } from './types.js';
