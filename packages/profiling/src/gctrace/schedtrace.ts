/**
 * Parser for `GODEBUG=schedtrace=N` summary lines and, with `scheddetail=1`,
 * the per-P, per-M and per-G lines that follow each summary:
 *
 *   SCHED 202ms: gomaxprocs=2 idleprocs=0 threads=5 spinningthreads=0 needspinning=1
 *     idlethreads=2 runqueue=6 [ 0 1 ] schedticks=[ 2486 2197 ]
 *   SCHED 0ms: gomaxprocs=2 … runqueue=0 gcwaiting=false nmidlelocked=0 stopwait=0 sysmonwait=false
 *     P0: status=1 schedtick=0 syscalltick=0 m=3 runqsize=0 gfreecnt=0 timerslen=0
 *     M3: p=0 curg=nil …
 *     G1: status=2(chan receive) m=0 lockedm=nil
 *
 * Fields are read by name, so fields added by later Go versions land in
 * `extra` instead of breaking the parser.
 */

export interface SchedProc {
  id: number;
  status: number;
  schedtick: number;
  syscalltick: number;
  /** M running this P, or undefined for none. */
  m?: number;
  runqsize: number;
  gfreecnt: number;
  timerslen?: number;
}

export interface SchedDetail {
  procs: SchedProc[];
  /** Number of Ms (OS threads) listed. */
  threads: number;
  /** Goroutine count by status; waiting goroutines by wait reason, e.g. `waiting: chan receive`. */
  goroutinesByState: Record<string, number>;
  goroutines: number;
}

export interface SchedSample {
  /** Milliseconds since program start. */
  ms: number;
  gomaxprocs: number;
  idleprocs: number;
  threads: number;
  spinningthreads: number;
  needspinning?: number;
  idlethreads: number;
  /** Length of the global run queue. */
  runqueue: number;
  /** Local run queue length of each P (summary lines only; from P lines with scheddetail). */
  perP: number[];
  /** schedtick of each P (Go 1.26 summary lines). */
  schedticks?: number[];
  /** Any other key=value field. */
  extra: Record<string, string | number>;
  detail?: SchedDetail;
}

const G_STATUS: Record<string, string> = {
  '0': 'idle',
  '1': 'runnable',
  '2': 'running',
  '3': 'syscall',
  '4': 'waiting',
  '6': 'dead',
  '8': 'copystack',
  '9': 'preempted',
};

function kvFields(s: string): { kv: Map<string, string>; lists: { key: string | undefined; values: number[] }[] } {
  const kv = new Map<string, string>();
  const lists: { key: string | undefined; values: number[] }[] = [];
  const re = /(?:(\w+)=)?\[([^\]]*)\]|(\w+)=(\S*)/g;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    if (m[2] !== undefined) {
      lists.push({ key: m[1], values: m[2].trim() === '' ? [] : m[2].trim().split(/\s+/).map(Number) });
    } else {
      kv.set(m[3]!, m[4]!);
    }
  }
  return { kv, lists };
}

const KNOWN = new Set(['gomaxprocs', 'idleprocs', 'threads', 'spinningthreads', 'needspinning', 'idlethreads', 'runqueue']);

export function parseSchedLine(line: string): SchedSample | undefined {
  const m = /^SCHED (\d+)ms: (.*)$/.exec(line);
  if (!m) return undefined;
  const { kv, lists } = kvFields(m[2]!);
  const num = (k: string) => Number(kv.get(k) ?? NaN);
  if (!kv.has('gomaxprocs') || !kv.has('runqueue')) return undefined;
  const sample: SchedSample = {
    ms: Number(m[1]),
    gomaxprocs: num('gomaxprocs'),
    idleprocs: num('idleprocs'),
    threads: num('threads'),
    spinningthreads: num('spinningthreads'),
    idlethreads: num('idlethreads'),
    runqueue: num('runqueue'),
    perP: lists.find((l) => l.key === undefined)?.values ?? [],
    extra: {},
  };
  if (kv.has('needspinning')) sample.needspinning = num('needspinning');
  const ticks = lists.find((l) => l.key === 'schedticks');
  if (ticks) sample.schedticks = ticks.values;
  for (const [k, v] of kv) {
    if (KNOWN.has(k)) continue;
    sample.extra[k] = /^-?\d+$/.test(v) ? Number(v) : v;
  }
  return sample;
}

/** Adds one scheddetail line (P, M or G) to the detail of the current sample. */
export function addSchedDetailLine(sample: SchedSample, line: string): boolean {
  const m = /^\s+([PMG])(\d+): (.*)$/.exec(line);
  if (!m) return false;
  const detail = (sample.detail ??= { procs: [], threads: 0, goroutinesByState: {}, goroutines: 0 });
  const kind = m[1];
  const rest = m[3]!;
  if (kind === 'P') {
    const { kv } = kvFields(rest);
    const n = (k: string) => Number(kv.get(k) ?? 0);
    const mField = kv.get('m');
    const proc: SchedProc = {
      id: Number(m[2]),
      status: n('status'),
      schedtick: n('schedtick'),
      syscalltick: n('syscalltick'),
      runqsize: n('runqsize'),
      gfreecnt: n('gfreecnt'),
    };
    if (mField !== undefined && mField !== 'nil' && mField !== '-1') proc.m = Number(mField);
    if (kv.has('timerslen')) proc.timerslen = n('timerslen');
    detail.procs.push(proc);
    // With scheddetail the summary line has no [per-P] list: derive it.
    sample.perP = detail.procs.map((p) => p.runqsize);
  } else if (kind === 'M') {
    detail.threads++;
  } else {
    // Wait reasons may contain parentheses (`force gc (idle)`): match up to ` m=`.
    const st = /status=(\d+)\((.*)\) m=/.exec(rest);
    const status = st ? (G_STATUS[st[1]!] ?? `status ${st[1]}`) : 'unknown';
    // The runtime prints the last wait reason for every goroutine; it only
    // means something while the goroutine is waiting.
    const key = status === 'waiting' && st?.[2] ? `${status}: ${st[2]}` : status;
    detail.goroutinesByState[key] = (detail.goroutinesByState[key] ?? 0) + 1;
    detail.goroutines++;
  }
  return true;
}
