export { selectToolchain } from './toolchains.js';
export { createRunner, defaultRunnerLimits, detectGoVersion, runnerLimitsFromEnv, type RunnerConfig, type RunnerLimits, type SandboxedRunner } from './runner.js';
export { cacheKey, isCacheable, ResultCache, PIPELINE_VERSION, UNCACHEABLE_STATUSES, CACHE_MAX_AGE_MS } from './cache.js';
export type { Runner, RunHooks } from './types.js';
