import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { command } from './gctrace.js';

const testdata = resolve(dirname(fileURLToPath(import.meta.url)), '../../../profiling/testdata/gctrace');

afterEach(() => {
  vi.restoreAllMocks();
});

describe('gopherlab gctrace', () => {
  it('summarises a captured trace', async () => {
    let out = '';
    vi.spyOn(console, 'log').mockImplementation((s: unknown) => {
      out += `${String(s)}\n`;
    });
    expect(await command.run([join(testdata, 'gctrace.txt'), '--metrics', join(testdata, 'metrics.json')])).toBe(0);
    expect(out).toContain('GC cycles        169 (1 forced)');
    expect(out).toMatch(/STW pause +p50 \d+\.\d{3} ms +p99 \d+\.\d{3} ms +max 10\.200 ms/);
    expect(out).toContain('heap peak        565 MB');
    expect(out).toContain('GC CPU fraction  8%');
    expect(out).toContain('/sched/pauses/total/gc:seconds');
  });

  it('prints summary and series as JSON', async () => {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    expect(await command.run([join(testdata, 'gctrace.txt'), '--json'])).toBe(0);
    const res = JSON.parse(out) as { summary: { gcCount: number }; gcSeries: { heapGoalMB: number[] }; schedSeries: { perP: number[][] } };
    expect(res.summary.gcCount).toBe(169);
    expect(res.gcSeries.heapGoalMB.length).toBe(169);
    expect(res.schedSeries.perP.length).toBe(2);
  });

  it('rejects input without trace lines', async () => {
    await expect(command.run([join(testdata, 'README.md')])).rejects.toMatchObject({ code: 'invalid_gctrace' });
    await expect(command.run(['/nonexistent'])).rejects.toMatchObject({ code: 'file_not_found' });
  });
});
