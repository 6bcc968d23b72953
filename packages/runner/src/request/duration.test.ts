import { describe, expect, it } from 'vitest';
import { parseGoDuration } from './duration.js';

describe('parseGoDuration', () => {
  it('reads a number with one of time.ParseDuration units', () => {
    expect(parseGoDuration('200ms')).toBe(200);
    expect(parseGoDuration('1.5s')).toBe(1500);
    expect(parseGoDuration('2m')).toBe(120_000);
    expect(parseGoDuration('1h')).toBe(3_600_000);
    expect(parseGoDuration('500us')).toBeCloseTo(0.5);
    expect(parseGoDuration('500µs')).toBeCloseTo(0.5);
  });
  it('refuses what Go would refuse or what is not one duration', () => {
    for (const raw of ['', '10', '1x', '-1s', '1s2ms', 's', '1 s']) expect(parseGoDuration(raw)).toBeNull();
  });
});
