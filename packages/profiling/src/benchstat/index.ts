/**
 * benchstat, reimplemented in TypeScript.
 *
 * Why not run golang.org/x/perf/cmd/benchstat? Comparisons happen in the
 * browser (a learner edits, re-runs and compares without a round trip) and on
 * the server at request time, where spawning a Go binary per comparison costs
 * more than the statistics themselves. The statistics follow
 * golang.org/x/perf/benchmath exactly (median, distribution-free 95% CI,
 * Mann-Whitney U, geomean) and the text layout follows benchstat's, and
 * benchstat.oracle.test.ts checks both against the real binary.
 */
import { type NamedInput, parseBenchInputs } from './parse.js';
import { type BenchstatOptions, type BenchstatResult, buildTables } from './table.js';

export { parseBenchInput, parseBenchInputs } from './parse.js';
export type { BenchResult, BenchValue, BenchSyntaxError, NamedInput, ParsedInput, ParsedSet, UnitMetadata } from './parse.js';
export { buildTables } from './table.js';
export type { BenchCell, BenchTable, BenchstatOptions, BenchstatResult, CellComparison, CellSummary, ColumnSummary } from './table.js';
export { formatBenchstatText, tableToText } from './text.js';
export { tableView } from './view.js';
export type { CellView, RowView, TableView } from './view.js';
export { mannWhitneyUTest, quantileCI } from './stats.js';

/** Parses Go benchmark outputs (one per column, in order) and compares them. */
export function benchstat(inputs: readonly NamedInput[], opts: BenchstatOptions = {}): BenchstatResult {
  return buildTables(parseBenchInputs(inputs), opts);
}
