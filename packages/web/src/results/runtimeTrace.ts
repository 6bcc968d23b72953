/**
 * The GODEBUG trace lines (gctrace/schedtrace) of a run: the report's
 * `runtimeTrace` when the runner filled it, otherwise the streamed output the
 * lines arrived in (the runtime writes them to stderr; \`go test -json\` folds
 * them into its output). The profiling package's parser skips every line that
 * is not a trace line, so passing whole output is safe.
 */
import type { RunReport } from '../api/types.js';
import type { OutputChunk } from '../playground/runState.js';

const TRACE_LINE = /^(gc \d+ @|SCHED \d+ms)/m;

export function runtimeTraceOf(report: RunReport, streamed: readonly OutputChunk[]): string {
  if (report.runtimeTrace) return report.runtimeTrace;
  const text = streamed.map((c) => c.data).join('');
  if (TRACE_LINE.test(text)) return text;
  const own = `${report.stderr}\n${report.stdout}`;
  return TRACE_LINE.test(own) ? own : '';
}
