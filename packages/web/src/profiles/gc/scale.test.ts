import { describe, expect, it } from 'vitest';
import { linePath, niceMax } from './scale.js';

describe('chart scales', () => {
  it('rounds axis maxima up to 1/2/5 steps', () => {
    expect(niceMax(3.2)).toBe(5);
    expect(niceMax(10)).toBe(10);
    expect(niceMax(11)).toBe(20);
    expect(niceMax(0)).toBe(1);
    expect(niceMax(NaN)).toBe(1);
  });
  it('draws paths and breaks at missing values', () => {
    const id = (v: number) => v;
    expect(linePath([0, 1, 2, 3], [1, NaN, 2, 3], id, id)).toBe('M0.0,1.0M2.0,2.0L3.0,3.0');
  });
});
