/**
 * `gopherlab gctrace <file> [--json]`: summarises a program's
 * `GODEBUG=gctrace=1[,scavtrace=1][,schedtrace=N]` stderr (GC count, pause
 * p50/p99/max, heap peak, GC CPU fraction, scheduler queues). `--json` prints
 * the summary together with the time series for charts. A runtime/metrics
 * JSON snapshot can be given with `--metrics file.json`.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AppError } from '@gopherlab/errors';
import { parseMetricsSnapshot, parseRuntimeTrace } from '@gopherlab/profiling';
import type { Command } from '../main.js';

function read(path: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') throw new AppError('file_not_found', `Cannot read ${path}: the file does not exist.`);
    throw e;
  }
}

const ms = (x: number) => (Number.isNaN(x) ? 'n/a' : `${x.toFixed(3)} ms`);

export const command: Command = {
  usage: 'gopherlab gctrace <file|-> [--json] [--metrics metrics.json]',
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, metrics: { type: 'string' } },
    });
    const [file] = positionals;
    if (!file || positionals.length > 1) {
      console.error(`usage: ${this.usage}`);
      return 2;
    }
    const trace = parseRuntimeTrace(read(file));
    let metrics;
    if (values.metrics) {
      try {
        metrics = parseMetricsSnapshot(read(values.metrics));
      } catch (e) {
        if (e instanceof SyntaxError) throw new AppError('invalid_option', `${values.metrics} is not a runtime/metrics JSON snapshot.`);
        throw e;
      }
    }
    if (trace.gc.length === 0 && trace.sched.length === 0) throw new AppError('invalid_gctrace');
    if (values.json) {
      const out = { summary: trace.summary, gcSeries: trace.gcSeries, schedSeries: trace.schedSeries, gc: trace.gc, scavenger: trace.scavenger, sched: trace.sched, metrics, malformed: trace.malformed };
      process.stdout.write(`${JSON.stringify(out, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))}\n`);
      return 0;
    }
    const s = trace.summary;
    const lines = [
      `GC cycles        ${s.gcCount}${s.forcedGcCount ? ` (${s.forcedGcCount} forced)` : ''} over ${s.durationSec.toFixed(3)} s`,
      `STW pause        p50 ${ms(s.pauseP50Ms)}   p99 ${ms(s.pauseP99Ms)}   max ${ms(s.pauseMaxMs)}   total ${ms(s.pauseTotalMs)}`,
      `heap peak        ${Number.isNaN(s.heapPeakMB) ? 'n/a' : `${s.heapPeakMB} MB`}`,
      `GC CPU fraction  ${Number.isNaN(s.gcCpuFraction) ? 'n/a' : `${(s.gcCpuFraction * 100).toFixed(0)}%`}`,
    ];
    if (s.schedSamples > 0) lines.push(`scheduler        ${s.schedSamples} samples, max global run queue ${s.maxRunqueue}, max threads ${s.maxThreads}`);
    const pauses = metrics?.['/sched/pauses/total/gc:seconds'];
    if (pauses?.kind === 'histogram') {
      const p = pauses.summary;
      lines.push(`runtime/metrics  /sched/pauses/total/gc:seconds p50 ${ms(p.p50 * 1e3)}  p99 ${ms(p.p99 * 1e3)}  max <= ${ms(p.max * 1e3)} (${p.count} pauses)`);
    }
    if (trace.malformed.length) lines.push(`warning: ${trace.malformed.length} trace line(s) could not be parsed`);
    console.log(lines.join('\n'));
    return 0;
  },
};
