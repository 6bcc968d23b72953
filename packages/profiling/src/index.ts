export {};
export * from './benchstat/index.js';
