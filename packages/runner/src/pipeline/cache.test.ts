import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunLimits, RunReport } from '../model/report.js';
import { ResultCache, cacheKey, isCacheable } from './cache.js';

const limits: RunLimits = { buildTimeoutMs: 30000, runTimeoutMs: 10000, memoryBytes: 1, processes: 1, outputBytes: 1, diskBytes: 1, gomaxprocs: 2, cpus: 2 };
const files = [
  { name: 'b.go', content: 'package main\n' },
  { name: 'a.go', content: 'package main\nfunc main(){}\n' },
];

describe('cacheKey', () => {
  it('ignores file order, option key order and noCache', () => {
    const k1 = cacheKey({ action: 'run', files, options: { run: 'X', count: 1 } }, 'go1.26.8', limits);
    const k2 = cacheKey({ action: 'run', files: [...files].reverse(), options: { count: 1, run: 'X', noCache: true } }, 'go1.26.8', limits);
    expect(k1).toBe(k2);
    expect(k1).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with content, action, options, toolchain and limits', () => {
    const base = cacheKey({ action: 'run', files }, 'go1.26.8', limits);
    expect(cacheKey({ action: 'test', files }, 'go1.26.8', limits)).not.toBe(base);
    expect(cacheKey({ action: 'run', files: [{ ...files[0]!, content: 'package main \n' }, files[1]!] }, 'go1.26.8', limits)).not.toBe(base);
    expect(cacheKey({ action: 'run', files, options: { args: ['x'] } }, 'go1.26.8', limits)).not.toBe(base);
    expect(cacheKey({ action: 'run', files }, 'go1.26.9', limits)).not.toBe(base);
    expect(cacheKey({ action: 'run', files }, 'go1.26.8 base-stamp-2', limits)).not.toBe(base);
    expect(cacheKey({ action: 'run', files }, 'go1.26.8', { ...limits, gomaxprocs: 1 })).not.toBe(base);
  });
});

describe('ResultCache', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gl-cache-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const report = { id: 'r1', action: 'run', status: 'ok' } as unknown as RunReport;

  it('stores on disk and reads back from a fresh instance', async () => {
    const key = 'ab'.repeat(32);
    await new ResultCache(dir).put(key, report);
    expect(await new ResultCache(dir).get(key)).toEqual(report);
  });

  it('treats a missing or torn entry as a miss', async () => {
    const key = 'cd'.repeat(32);
    expect(await new ResultCache(dir).get(key)).toBeUndefined();
    await mkdir(join(dir, 'cd'), { recursive: true });
    await writeFile(join(dir, 'cd', `${key}.json`), '{"id":');
    expect(await new ResultCache(dir).get(key)).toBeUndefined();
  });

  it('keeps a bounded number of entries in memory', async () => {
    const c = new ResultCache(join(dir, 'small'), 2);
    for (const k of ['01', '02', '03']) await c.put(k.repeat(32), { ...report, id: k });
    await rm(join(dir, 'small'), { recursive: true });
    expect(await c.get('01'.repeat(32))).toBeUndefined();
    expect((await c.get('03'.repeat(32)))?.id).toBe('03');
  });
});

describe('isCacheable', () => {
  it('never reuses measurements or reports that depend on the moment', () => {
    expect(isCacheable('run', 'ok')).toBe(true);
    expect(isCacheable('test', 'compile_error')).toBe(true);
    for (const status of ['timeout', 'internal_error', 'rejected']) expect(isCacheable('run', status)).toBe(false);
    for (const action of ['bench', 'profile', 'trace', 'fuzz']) expect(isCacheable(action)).toBe(false);
    expect(isCacheable('vet')).toBe(true);
  });
});
