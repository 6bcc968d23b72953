export {};
export * from './benchstat/index.js';
export * from './gctrace/index.js';
export * from './pprof/index.js';
export * from './leaks/index.js';
export * from './trace/index.js';
export * from './flame/index.js';
export { mulberry32 } from './random.js';
