/**
 * Goroutine leak detection: parse goroutine snapshots (full dumps, pprof
 * debug=1 text, decoded pprof profiles, Go 1.26 goroutineleak profiles) and
 * report goroutines a test run left behind, with runtime/testing noise removed.
 */
export { parseGoroutineDump, parseGoroutineProfileText, parseGoroutines, fromGoroutineProfile } from './parse.js';
export type { GoroutineGroup, GoroutineSnapshot, ProfileLike, StackFrame } from './parse.js';
export { detectLeaks, isNoise, toLeakReport } from './detect.js';
export type { DetectedLeak, DetectOptions, LeakReport } from './detect.js';
export { hasTestMain, LEAK_HARNESS_FILE, leakHarnessSource } from './harness.js';
export type { HarnessOptions } from './harness.js';
