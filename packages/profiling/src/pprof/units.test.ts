import { describe, expect, it } from 'vitest';
import { pprofPercentage, pprofScaledLabel, pprofScale, pprofOutputUnit } from './units.js';

describe('pprof unit formatting', () => {
  it('scales bytes and durations like pprof', () => {
    expect(pprofScaledLabel(1.44 * 2 ** 30, 'bytes', 'GB')).toBe('1.44GB');
    expect(pprofScaledLabel(1536, 'bytes', 'minimum')).toBe('1.50kB');
    expect(pprofScaledLabel(190_000_000, 'nanoseconds', 'ms')).toBe('190ms');
    expect(pprofScaledLabel(190_000_000, 'nanoseconds', 's')).toBe('0.19s');
    expect(pprofScaledLabel(1_000, 'nanoseconds', 's')).toBe('0');
    expect(pprofScaledLabel(5, 'count', 'count')).toBe('5');
    expect(pprofScaledLabel(-2048, 'bytes', 'kB')).toBe('-2kB');
    expect(pprofScale(3, 'widgets', 'minimum')).toEqual([3, '']);
  });

  it('rounds exact ties to even like Go %.2f', () => {
    expect(pprofScaledLabel(125, 'bytes', 'kB')).toBe('0.12kB');
    expect(pprofScaledLabel(0.375 * 1024, 'bytes', 'kB')).toBe('0.38kB');
  });

  it('prints percentages with pprof widths', () => {
    expect(pprofPercentage(50, 100)).toBe('50.00%');
    expect(pprofPercentage(100, 100)).toBe('  100%');
    expect(pprofPercentage(8, 1000)).toBe('  0.8%');
    expect(pprofPercentage(123, 100_000)).toBe(' 0.12%');
    expect(pprofPercentage(1, 10_000_000)).toBe('1e-05%');
    expect(pprofPercentage(0, 100)).toBe('    0%');
  });

  it('picks one unit per table', () => {
    expect(pprofOutputUnit([{ flat: 20_000_000, cum: 0 }], 1_350_000_000, 'nanoseconds')).toBe('ms');
    // 100 x the smallest row is below the total: move up so it prints as 0.01s.
    expect(pprofOutputUnit([{ flat: 10_000_000, cum: 0 }], 1_350_000_000, 'nanoseconds')).toBe('s');
    expect(pprofOutputUnit([{ flat: 0, cum: 12 * 2 ** 20 }], 1.72 * 2 ** 30, 'bytes')).toBe('GB');
    expect(pprofOutputUnit([{ flat: 3, cum: 3 }], 7, 'count')).toBe('count');
  });
});
