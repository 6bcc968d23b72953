import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { command } from './pprof.js';
import { capture } from './testing.js';

const testdata = resolve(dirname(fileURLToPath(import.meta.url)), '../../../profiling/testdata/pprof');


afterEach(() => {
  vi.restoreAllMocks();
});

describe('gopherlab pprof', () => {
  it('top prints pprof rows and honours --nodecount, --focus and --sample-type', async () => {
    const io = capture();
    expect(await command.run(['top', join(testdata, 'runtime-heap.pb.gz'), '--sample-type', 'alloc_objects', '--nodecount', '3', '--focus', 'main\\.'])).toBe(0);
    const lines = io.out().trim().split('\n');
    expect(lines[0]).toBe('Type: alloc_objects');
    expect(lines.filter((l) => /^\s*\d/.test(l))).toHaveLength(3);
  });

  it('top --json is the TopReport', async () => {
    const io = capture();
    expect(await command.run(['top', join(testdata, 'test-cpu.pb.gz'), '--json', '--nodecount', '5'])).toBe(0);
    const r = JSON.parse(io.out()) as { rows: { name: string; flat: number }[]; total: number; sampleType: { type: string } };
    expect(r.sampleType.type).toBe('cpu');
    expect(r.rows).toHaveLength(5);
    expect(r.rows[0]!.flat).toBeGreaterThanOrEqual(r.rows[1]!.flat);
  });

  it('lines gives flat/cum per file:line', async () => {
    const io = capture();
    expect(await command.run(['lines', join(testdata, 'test-cpu.pb.gz'), '--nodecount', '3', '--focus', 'sumSquares'])).toBe(0);
    const rows = io.out().trim().split('\n').filter((l) => /^\s*\d/.test(l));
    expect(rows).toHaveLength(3);
    for (const r of rows) expect(r).toMatch(/ \S+\.(go|s):\d+( \((partial-)?inline\))?$/);
  });

  it('tree, flame and diff print text and JSON', async () => {
    let io = capture();
    expect(await command.run(['tree', join(testdata, 'runtime-cpu-labels.pb.gz')])).toBe(0);
    expect(io.out()).toContain('main.spin');
    vi.restoreAllMocks();
    io = capture();
    expect(await command.run(['flame', join(testdata, 'test-cpu.pb.gz'), '--json'])).toBe(0);
    const flame = JSON.parse(io.out()) as { totalValue: number; frames: { count: number; width: number[] } };
    expect(flame.frames.width).toHaveLength(flame.frames.count);
    expect(flame.frames.width[0]).toBe(flame.totalValue);
    vi.restoreAllMocks();
    io = capture();
    expect(await command.run(['flame', join(testdata, 'test-cpu.pb.gz')])).toBe(0);
    expect(io.out()).toMatch(/^Type: cpu, total 1\.35s, \d+ frames/);
    vi.restoreAllMocks();
    io = capture();
    expect(await command.run(['diff', join(testdata, 'diff-base.pb.gz'), join(testdata, 'diff-new.pb.gz'), '--nodecount', '4'])).toBe(0);
    expect(io.out().trim().split('\n')).toHaveLength(2 + 4);
    vi.restoreAllMocks();
    io = capture();
    expect(await command.run(['diff', join(testdata, 'diff-base.pb.gz'), join(testdata, 'diff-new.pb.gz'), '--json'])).toBe(0);
    const d = JSON.parse(io.out()) as { rows: unknown[]; flame: { frames: { change: number[] } } };
    expect(d.flame.frames.change.some((c) => c === 1)).toBe(true);
  });

  it('rejects bad input with catalog codes and usage errors with exit code 2', async () => {
    capture();
    await expect(command.run(['top', join(testdata, 'gen.sh')])).rejects.toMatchObject({ code: 'invalid_profile' });
    await expect(command.run(['top', join(testdata, 'nope.pb.gz')])).rejects.toMatchObject({ code: 'file_not_found' });
    await expect(command.run(['top', join(testdata, 'test-cpu.pb.gz'), '--ignore', '['])).rejects.toMatchObject({ code: 'invalid_regexp' });
    await expect(command.run(['top', join(testdata, 'test-cpu.pb.gz'), '--nodecount', 'x'])).rejects.toMatchObject({ code: 'invalid_option' });
    await expect(command.run(['flame', join(testdata, 'test-cpu.pb.gz'), '--sample-type', 'delay'])).rejects.toMatchObject({ code: 'unknown_sample_type' });
    expect(await command.run(['frobnicate', 'x'])).toBe(2);
    expect(await command.run(['diff', join(testdata, 'diff-base.pb.gz')])).toBe(2);
  });
});
