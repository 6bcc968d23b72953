/**
 * What the learner is told for each non-ok status: a title, a hint saying what
 * to try, and the limit that applied (from the report's `limits`, so the text
 * is true for this server's configuration).
 */
// One formatting of sizes and durations for the runner's sentences and these banners.
import { formatBytes, formatDuration } from '@gopherlab/runner/format';
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

export { formatBytes, formatDuration };

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
