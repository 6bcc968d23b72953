/**
 * GODEBUG tracing output (gctrace, schedtrace, scheddetail, inittrace,
 * gcpacertrace) is written by the runtime to stderr, interleaved with the
 * program's own stderr. We route those lines to `runtimeTrace` for the
 * profiling package and keep the rest as the program's stderr. Only done when
 * the request enabled such a key, so a program printing "gc 1 @" itself is
 * left alone otherwise.
 */
const TRACE_LINE = /^(?:gc \d+ @\d|SCHED \d+ms: |\s+[PMG]\d+: |init \S+ @\d|pacer: |scvg|gc assist)/;

export function splitRuntimeTrace(text: string): { trace: string; rest: string } {
  if (text === '') return { trace: '', rest: '' };
  const trace: string[] = [];
  const rest: string[] = [];
  const lines = text.split('\n');
  const last = lines.pop()!;
  for (const line of lines) (TRACE_LINE.test(line) ? trace : rest).push(`${line}\n`);
  if (last !== '') (TRACE_LINE.test(last) ? trace : rest).push(last);
  return { trace: trace.join(''), rest: rest.join('') };
}
