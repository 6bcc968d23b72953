export { gradeLab, compareMetric, metricValue, type GradeOptions, type GradeProgress } from './grade.js';
export { mergeHiddenTests, hiddenTestNames, type MergedModule } from './merge.js';
export type { GradeReport, GradeCheck, BenchMeasurement, CheckKind } from './types.js';
export type { LabRunner } from './runner.js';
export { openSandboxRunner, tryOpenSandboxRunner, type OpenedRunner, type ClosableRunner } from './open-runner.js';
