/**
 * The playground's run options as the learner types them, and the RunOptions
 * a run sends: per-action defaults (benchmarks repeat six times, the fewest
 * benchstat needs to call a difference) with the learner's values on top.
 * Bad values are the server's to refuse (400 invalid_option, shown as such).
 */
import type { Action, RunOptions } from '../api/types.js';

export interface RunOptionFields {
  gomaxprocs: string;
  godebug: string;
  goexperiment: string;
  run: string;
  count: string;
  benchtime: string;
  /** The fuzzer's time box (`-fuzztime`, default 5s on the server). */
  fuzztime: string;
  args: string;
}

export const EMPTY_FIELDS: RunOptionFields = { gomaxprocs: '', godebug: '', goexperiment: '', run: '', count: '', benchtime: '', fuzztime: '', args: '' };

const TEST_LIKE = new Set<Action>(['test', 'race', 'bench', 'profile', 'trace', 'fuzz']);

export function optionsFor(action: Action, gctrace: boolean, goVersion?: string, fields: RunOptionFields = EMPTY_FIELDS): RunOptions | undefined {
  const o: RunOptions = {};
  if (goVersion) o.goVersion = goVersion;
  if (action === 'bench') Object.assign(o, { count: 6, benchtime: '50ms' });
  if (action === 'profile') Object.assign(o, { benchtime: '200ms', profiles: ['cpu', 'allocs'] });
  const godebug = [gctrace ? 'gctrace=1' : '', fields.godebug.trim()].filter(Boolean).join(',');
  if (godebug) o.godebug = godebug;
  if (fields.gomaxprocs.trim()) o.gomaxprocs = Number(fields.gomaxprocs);
  if (fields.goexperiment.trim()) o.goexperiment = fields.goexperiment.trim();
  if (TEST_LIKE.has(action)) {
    if (fields.run.trim()) o.run = fields.run.trim();
    if (fields.count.trim()) o.count = Number(fields.count);
    if (fields.benchtime.trim() && (action === 'bench' || action === 'profile' || action === 'trace')) o.benchtime = fields.benchtime.trim();
  }
  if (action === 'fuzz' && fields.fuzztime.trim()) o.fuzztime = fields.fuzztime.trim();
  if (action === 'run' && fields.args.trim()) o.args = fields.args.trim().split(/\s+/);
  return Object.keys(o).length ? o : undefined;
}

/** The fields a shared link's options fill in (gctrace has its own checkbox). */
export function fieldsFrom(o: RunOptions | undefined): RunOptionFields {
  if (!o) return EMPTY_FIELDS;
  return {
    gomaxprocs: o.gomaxprocs !== undefined ? String(o.gomaxprocs) : '',
    godebug: (o.godebug ?? '').split(',').filter((kv) => kv && kv !== 'gctrace=1').join(','),
    goexperiment: o.goexperiment ?? '',
    run: o.run ?? '',
    count: o.count !== undefined && o.count !== 6 ? String(o.count) : '',
    benchtime: o.benchtime && o.benchtime !== '50ms' && o.benchtime !== '200ms' ? o.benchtime : '',
    fuzztime: o.fuzztime ?? '',
    args: (o.args ?? []).join(' '),
  };
}
