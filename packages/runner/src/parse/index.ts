export { parseTestJson, TestJsonStream, type TestJsonResult, type TestJsonOptions, type PackageResult } from './testjson.js';
export { parseCompilerOutput, parseGoCommandErrors, parseVetJson, type CompilerParseOptions } from './diagnostics.js';
export { parseEscapeOutput, INLINE_BUDGET } from './escape.js';
export { parseBenchmarkLine, parseBenchmarkText } from './bench.js';
export { parseRaceReports, raceDiagnostics } from './race.js';
export { splitRuntimeTrace } from './runtime-trace.js';
export { relativizePath } from './paths.js';
