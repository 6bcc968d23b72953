import { describe, expect, it } from 'vitest';
import { defaultLimits, validateLimits } from './limits.js';

describe('validateLimits', () => {
  it('accepts the defaults', () => {
    expect(validateLimits({ ...defaultLimits })).toEqual(defaultLimits);
  });

  it.each([
    ['timeoutMs', 0],
    ['memoryBytes', 1024],
    ['processes', Number.NaN],
    ['cpus', -1],
    ['diskBytes', Number.POSITIVE_INFINITY],
  ] as const)('rejects %s = %s with invalid_option', (key, value) => {
    expect(() => validateLimits({ ...defaultLimits, [key]: value })).toThrow(expect.objectContaining({ code: 'invalid_option', message: expect.stringContaining(key) }));
  });
});
