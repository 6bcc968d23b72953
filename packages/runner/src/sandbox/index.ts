/**
 * The sandbox: runs one argv with a learner's files under bubblewrap, a
 * cgroup, seccomp and rlimits, and says which limit (if any) ended it.
 * See docs/SECURITY.md for the threat model and each layer.
 */
export { createSandbox } from './sandbox.js';
export { classify, type ClassifyInput } from './classify.js';
export { sandboxAvailable, type Availability } from './available.js';
export { defaultLimits, validateLimits } from './limits.js';
export { resolveSandboxConfig, sandboxConfigFromEnv, assetPaths, configuredGoVersions, goRelease, type SandboxConfig } from './config.js';
export { INSIDE as sandboxPaths } from './recipe.js';
export type { Sandbox, SandboxExecSpec, SandboxLimits, SandboxResult, SandboxStatus, Toolchain } from './types.js';
