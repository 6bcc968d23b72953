import { describe, expect, it } from 'vitest';
import { IDLE_MS, StudyClock } from './studyTime.js';

describe('StudyClock', () => {
  it('counts visible, recently used time and nothing idle or hidden', () => {
    const c = new StudyClock();
    c.tick(10_000, 15_000, true); // no input yet: opening the page is not studying
    expect(c.take()).toBe(0);
    c.input(0);
    c.tick(15_000, 15_000, true); // used at 0: counts
    c.tick(30_000, 15_000, false); // hidden: does not
    c.tick(IDLE_MS + 1, 15_000, true); // no input for IDLE_MS: idle
    expect(c.take()).toBe(15);
    c.input(400_000);
    c.tick(410_000, 15_000, true);
    c.tick(425_500, 15_500, true);
    expect(c.take()).toBe(30);
    expect(c.pendingMs).toBe(500); // the fraction waits for the next report
  });
});
