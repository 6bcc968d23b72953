/**
 * What the learner is told for each non-ok status: a title, a hint saying what
 * to try, and the limit that applied (from the report's `limits`, so the text
 * is true for this server's configuration).
 */
import type { RunReport, RunStatus } from '../api/types.js';
import type { MessageKey } from '../i18n/index.js';

export interface Banner {
  status: Exclude<RunStatus, 'ok'>;
  title: MessageKey;
  hint: MessageKey;
  vars: Record<string, string>;
  /** The server's own sentence for this run (may add detail, e.g. which limit). */
  detail: string;
}

export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '?';
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[i]}`;
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

function limitFor(report: RunReport): string {
  const l = report.limits;
  if (!l) return '?';
  switch (report.status) {
    case 'timeout':
      return formatDuration(report.timing && report.timing.compileMs > l.buildTimeoutMs ? l.buildTimeoutMs : l.runTimeoutMs);
    case 'memory_limit':
      return formatBytes(l.memoryBytes);
    case 'output_limit':
      return formatBytes(l.outputBytes);
    case 'process_limit':
      return String(l.processes);
    case 'disk_limit':
      return formatBytes(l.diskBytes);
    default:
      return '';
  }
}

export function bannerFor(report: RunReport): Banner | null {
  if (report.status === 'ok') return null;
  const status = report.status;
  return {
    status,
    title: `status.${status}.title` as MessageKey,
    hint: `status.${status}.hint` as MessageKey,
    vars: { limit: limitFor(report) },
    detail: report.message ?? '',
  };
}
