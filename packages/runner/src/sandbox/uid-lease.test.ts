import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { leaseUids } from './uid-lease.js';

describe('leaseUids', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lease-'));
  afterAll(() => rmSync(dir, { recursive: true }));

  it('gives two holders disjoint uids, takes over dead holders and releases', () => {
    writeFileSync(join(dir, 'uid-70000'), '999999999'); // a pid that cannot exist
    writeFileSync(join(dir, 'uid-70001'), String(process.ppid)); // a live pid
    const a = leaseUids(dir, 70000, 2);
    const b = leaseUids(dir, 70000, 2);
    expect(a.uids).toEqual([70000, 70002]);
    expect(b.uids).toEqual([70003, 70004]);
    a.release();
    b.release();
    expect(readdirSync(dir)).toEqual(['uid-70001']);
  });

  it('fails cleanly when the range is exhausted', () => {
    expect(() => leaseUids(dir, 70001, 2, 1)).toThrow(/could not lease/);
    expect(readdirSync(dir)).toEqual(['uid-70001']);
  });
});
