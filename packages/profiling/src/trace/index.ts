/** Execution traces: run the traceconv helper, read its Chrome trace JSON, summarise. */
export { convertTrace, goBinPath, parseChromeTrace, summarizeEvents, summarizeTraceFile, traceconvPath, TRACE_LANES } from './trace.js';
export type { ChromeTrace, ChromeTraceEvent, ConvertOptions, ProcessResult, ProcessRunner, TraceSummary } from './trace.js';
