/**
 * Parser for `GODEBUG=gctrace=1` output (Go 1.26 format) and the scavenger
 * lines of `GODEBUG=scavtrace=1`:
 *
 *   gc 4 @0.004s 29%: 0.25+1.0+0.010 ms clock, 0.50+0.51/0.29/0+0.020 ms cpu,
 *     29->30->26 MB, 29 MB goal, 0 MB stacks, 0 MB globals, 2 P (forced)
 *   scav 0 KiB work (bg), 0 KiB work (eager), 2368 KiB now, 99% util
 *
 * The three clock phases are stop-the-world sweep termination, concurrent
 * mark and stop-the-world mark termination; a cycle's pause is the sum of the
 * two STW phases. The cpu mark phase splits into assist/background/idle time.
 * `P%` is the share of CPU spent in GC since the program started.
 */

export interface GcCycle {
  /** GC number, counting from 1. */
  n: number;
  /** Seconds since program start. */
  atSec: number;
  /** Percentage of CPU time spent in GC since program start. */
  cpuPercent: number;
  clockMs: { sweepTermination: number; mark: number; markTermination: number };
  cpuMs: { sweepTermination: number; assist: number; background: number; idle: number; markTermination: number };
  /** Stop-the-world time of the cycle (sweep termination + mark termination, wall clock). */
  pauseMs: number;
  /** Heap size at GC start, at GC end, and the live (marked) heap, in MB. */
  heapStartMB: number;
  heapEndMB: number;
  heapLiveMB: number;
  heapGoalMB: number;
  stacksMB?: number;
  globalsMB?: number;
  procs: number;
  /** The cycle was forced (runtime.GC() or debug.FreeOSMemory). */
  forced: boolean;
}

export interface ScavengerSample {
  /** Index of the last GC cycle seen before this line (0 if none). */
  afterGc: number;
  backgroundKiB: number;
  eagerKiB: number;
  retainedKiB: number;
  utilPercent: number;
}

const NUM = String.raw`([0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)`;
const GC_LINE = new RegExp(
  String.raw`^gc (\d+) @${NUM}s ${NUM}%: ${NUM}\+${NUM}\+${NUM} ms clock, ${NUM}\+${NUM}/${NUM}/${NUM}\+${NUM} ms cpu, ${NUM}->${NUM}->${NUM} MB, ${NUM} MB goal,(.*?)(\d+) P( \(forced\))?\s*$`,
);
const SCAV_LINE = new RegExp(String.raw`^scav ${NUM} KiB work \(bg\), ${NUM} KiB work \(eager\), ${NUM} KiB now, ${NUM}% util\s*$`);

/** Parses one `gc N @…` line; undefined if the line is not one. */
export function parseGcLine(line: string): GcCycle | undefined {
  const m = GC_LINE.exec(line);
  if (!m) return undefined;
  const f = (i: number) => Number(m[i]);
  const middle = m[16] ?? '';
  const stacks = /([0-9.]+) MB stacks/.exec(middle);
  const globals = /([0-9.]+) MB globals/.exec(middle);
  const clock = { sweepTermination: f(4), mark: f(5), markTermination: f(6) };
  const cycle: GcCycle = {
    n: f(1),
    atSec: f(2),
    cpuPercent: f(3),
    clockMs: clock,
    cpuMs: { sweepTermination: f(7), assist: f(8), background: f(9), idle: f(10), markTermination: f(11) },
    pauseMs: clock.sweepTermination + clock.markTermination,
    heapStartMB: f(12),
    heapEndMB: f(13),
    heapLiveMB: f(14),
    heapGoalMB: f(15),
    procs: f(17),
    forced: m[18] !== undefined,
  };
  if (stacks) cycle.stacksMB = Number(stacks[1]);
  if (globals) cycle.globalsMB = Number(globals[1]);
  return cycle;
}

export function parseScavLine(line: string, afterGc: number): ScavengerSample | undefined {
  const m = SCAV_LINE.exec(line);
  if (!m) return undefined;
  return { afterGc, backgroundKiB: Number(m[1]), eagerKiB: Number(m[2]), retainedKiB: Number(m[3]), utilPercent: Number(m[4]) };
}
