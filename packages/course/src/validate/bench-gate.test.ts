import { describe, expect, it } from 'vitest';
import { ReadWriteGate } from './bench-gate.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('ReadWriteGate', () => {
  it('lets shared holders overlap but runs an exclusive holder alone, before later shared ones', async () => {
    const gate = new ReadWriteGate();
    const log: string[] = [];
    let active = 0;
    let exclusiveOverlap = false;
    const hold = async (name: string, exclusive: boolean) => {
      await gate.acquire(exclusive);
      active++;
      if (exclusive && active > 1) exclusiveOverlap = true;
      log.push(`+${name}`);
      await tick();
      log.push(`-${name}`);
      active--;
      if (exclusive && active > 0) exclusiveOverlap = true;
      gate.release(exclusive);
    };
    await Promise.all([hold('a', false), hold('b', false), hold('W', true), hold('c', false)]);
    expect(exclusiveOverlap).toBe(false);
    // a and b overlap; W waits for both; c (queued after W) waits for W.
    expect(log.slice(0, 2).sort()).toEqual(['+a', '+b']);
    expect(log.indexOf('+W')).toBeGreaterThan(Math.max(log.indexOf('-a'), log.indexOf('-b')));
    expect(log.indexOf('+c')).toBeGreaterThan(log.indexOf('-W'));
  });
});
