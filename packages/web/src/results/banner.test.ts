import { describe, expect, it } from 'vitest';
import { RUN_STATUSES, type RunReport } from '@gopherlab/runner';
import { en } from '../i18n/en.js';
import { translate } from '../i18n/format.js';
import { bannerFor, formatBytes, formatDuration } from './banner.js';

function report(status: RunReport['status'], message = ''): RunReport {
  return {
    id: 'r1',
    action: 'run',
    status,
    message,
    exitCode: null,
    stdout: '',
    stderr: '',
    truncated: false,
    timing: { wallMs: 10, cpuMs: 5, compileMs: 100, execMs: 10_000, queueMs: 0 },
    limits: {
      buildTimeoutMs: 30_000,
      runTimeoutMs: 10_000,
      memoryBytes: 512 * 1024 * 1024,
      processes: 256,
      outputBytes: 1024 * 1024,
      diskBytes: 64 * 1024 * 1024,
      gomaxprocs: 2,
      cpus: 2,
    },
    tests: [],
    benchmarks: [],
    profiles: [],
    diagnostics: [],
    races: [],
    leaks: [],
  };
}

describe('bannerFor', () => {
  it('has no banner for ok and a translated title and hint for every other status', () => {
    expect(bannerFor(report('ok'))).toBeNull();
    for (const status of RUN_STATUSES.filter((s) => s !== 'ok')) {
      const b = bannerFor(report(status, 'server says why'))!;
      expect(b.status).toBe(status);
      expect(Object.keys(en)).toContain(b.title);
      expect(Object.keys(en)).toContain(b.hint);
      expect(b.detail).toBe('server says why');
      expect(translate('en', b.hint, b.vars)).not.toContain('{limit}');
    }
  });

  it('names the limit that applied', () => {
    expect(translate('en', bannerFor(report('timeout'))!.hint, bannerFor(report('timeout'))!.vars)).toContain('10 s');
    expect(bannerFor(report('memory_limit'))!.vars.limit).toBe('512 MiB');
    expect(bannerFor(report('output_limit'))!.vars.limit).toBe('1 MiB');
    expect(bannerFor(report('process_limit'))!.vars.limit).toBe('256');
    expect(bannerFor(report('disk_limit'))!.vars.limit).toBe('64 MiB');
  });

  it('formats sizes and durations', () => {
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(-1)).toBe('?');
    expect(formatDuration(250)).toBe('250 ms');
    expect(formatDuration(1500)).toBe('1.5 s');
  });
});
