export { createCgroupDriver, detectCgroupLayout, type CgroupLayout } from './detect.js';
export { CgroupV1Driver, RunCgroupV1, V1_CONTROLLERS } from './v1.js';
export { CgroupV2Driver, RunCgroupV2 } from './v2.js';
export type { CgroupDriver, CgroupLimits, CgroupStats, RunCgroup } from './types.js';
