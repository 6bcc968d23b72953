import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { isAppError } from '@gopherlab/errors';
import { describe, expect, it } from 'vitest';
import { decodeProfile, sampleTypeIndex } from './decode.js';

const fixture = (name: string): Buffer => readFileSync(new URL(`../../testdata/pprof/${name}`, import.meta.url));

function expectCode(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (e) {
    expect(isAppError(e)).toBe(true);
    expect((e as { code: string }).code).toBe(code);
    return;
  }
  throw new Error(`expected AppError ${code}`);
}

describe('decodeProfile', () => {
  it('decodes a go test -cpuprofile with its sample types, period and inlined frames', () => {
    const p = decodeProfile(fixture('test-cpu.pb.gz'));
    expect(p.sampleTypes).toEqual([
      { type: 'samples', unit: 'count' },
      { type: 'cpu', unit: 'nanoseconds' },
    ]);
    expect(p.defaultSampleType).toBe('cpu');
    expect(p.periodType).toEqual({ type: 'cpu', unit: 'nanoseconds' });
    expect(p.period).toBe(10_000_000);
    expect(p.durationNanos).toBeGreaterThan(0);
    expect(p.samples.length).toBeGreaterThan(10);
    // sumSquares is inlined into CPUWork: one location, the inlined callee first and marked.
    const inlined = p.frames.find((f) => f.name === 'example.com/pprofwork.sumSquares' && f.inlined);
    expect(inlined).toBeDefined();
    const outer = p.frames[inlined!.id + 1];
    expect(outer?.locationId).toBe(inlined!.locationId);
    expect(outer?.name).toBe('example.com/pprofwork.CPUWork');
    expect(outer?.inlined).toBe(false);
    expect(inlined!.file).toMatch(/work\.go$/);
    expect(inlined!.line).toBeGreaterThan(0);
    // Every sample's values line up with the sample types; cpu = samples * period.
    for (const s of p.samples) {
      expect(s.values).toHaveLength(2);
      expect(s.values[1]).toBe(s.values[0]! * p.period);
      for (const id of s.stack) expect(p.frames[id]).toBeDefined();
    }
  });

  it('decodes the raw (not gzipped) protobuf to the same profile', () => {
    const a = decodeProfile(fixture('test-cpu.pb.gz'));
    const b = decodeProfile(fixture('test-cpu.pb'));
    expect(b.samples.length).toBe(a.samples.length);
    expect(b.frames.map((f) => f.name)).toEqual(a.frames.map((f) => f.name));
  });

  it('decodes the heap profile with its four sample types and numeric labels', () => {
    const p = decodeProfile(fixture('runtime-heap.pb.gz'));
    expect(p.sampleTypes.map((t) => t.type)).toEqual(['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space']);
    expect(p.defaultSampleType).toBe('inuse_space');
    expect(p.samples.some((s) => s.numLabels?.some((l) => l.key === 'bytes' && l.value > 0))).toBe(true);
    expect(sampleTypeIndex(p, 'alloc_space')).toBe(1);
  });

  it('uses the declared default sample type of an allocs profile', () => {
    expect(decodeProfile(fixture('test-mem.pb.gz')).defaultSampleType).toBe('alloc_space');
    expect(decodeProfile(fixture('runtime-allocs.pb.gz')).defaultSampleType).toBe('alloc_space');
  });

  it('decodes block, mutex and goroutine profiles from all three sources', () => {
    expect(decodeProfile(fixture('test-block.pb.gz')).sampleTypes.map((t) => t.type)).toEqual(['contentions', 'delay']);
    expect(decodeProfile(fixture('test-mutex.pb.gz')).sampleTypes.map((t) => t.type)).toEqual(['contentions', 'delay']);
    for (const f of ['runtime-goroutine.pb.gz', 'http-goroutine.pb.gz']) {
      const p = decodeProfile(fixture(f));
      expect(p.sampleTypes).toEqual([{ type: 'goroutine', unit: 'count' }]);
      expect(p.samples.reduce((a, s) => a + s.values[0]!, 0)).toBeGreaterThanOrEqual(6);
    }
    expect(decodeProfile(fixture('http-cpu.pb.gz')).defaultSampleType).toBe('cpu');
    expect(decodeProfile(fixture('http-heap.pb.gz')).sampleTypes).toHaveLength(4);
  });

  it('keeps pprof labels set with pprof.Do', () => {
    const p = decodeProfile(fixture('runtime-cpu-labels.pb.gz'));
    const tenants = new Set(p.samples.flatMap((s) => s.labels?.['tenant'] ?? []));
    expect(tenants).toEqual(new Set(['alpha', 'beta']));
    expect(p.samples.every((s) => s.labels?.['stage']?.[0] === 'spin')).toBe(true);
  });

  it('rejects bad input with invalid_profile instead of crashing', () => {
    expectCode(() => decodeProfile(new Uint8Array()), 'invalid_profile');
    expectCode(() => decodeProfile(new TextEncoder().encode('this is a text file, not a profile\n')), 'invalid_profile');
    expectCode(() => decodeProfile(Uint8Array.from([0x1f, 0x8b, 1, 2, 3, 4])), 'invalid_profile');
    expectCode(() => decodeProfile(gzipSync(Buffer.from('hello'))), 'invalid_profile');
    const truncated = fixture('test-cpu.pb').subarray(0, 5000);
    expectCode(() => decodeProfile(truncated), 'invalid_profile');
    // Random bytes: any outcome but a non-AppError exception or a hang is acceptable.
    let seed = 7;
    for (let round = 0; round < 50; round++) {
      const junk = new Uint8Array(200).map(() => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 24));
      try {
        decodeProfile(junk);
      } catch (e) {
        expect(isAppError(e)).toBe(true);
      }
    }
  });

  it('rejects an unknown sample type with the list of known ones', () => {
    const p = decodeProfile(fixture('test-cpu.pb.gz'));
    expectCode(() => sampleTypeIndex(p, 'inuse_space'), 'unknown_sample_type');
  });
});
