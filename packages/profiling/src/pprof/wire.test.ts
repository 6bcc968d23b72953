import { describe, expect, it } from 'vitest';
import { WireError, WireReader } from './wire.js';

const reader = (...bytes: number[]): WireReader => new WireReader(Uint8Array.from(bytes));

describe('WireReader', () => {
  it('reads varints of every length, including negative int64', () => {
    const r = reader(0x00, 0x7f, 0x96, 0x01, 0x80, 0x80, 0x80, 0x80, 0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01);
    expect([r.varint(), r.varint(), r.varint(), r.varint(), r.varint(), r.varint()]).toEqual([0, 127, 150, 2 ** 32, -1, -2]);
    expect(r.done()).toBe(true);
  });

  it('reads values above 2^32 exactly up to 2^53', () => {
    // 1e10 nanoseconds (a 10 s CPU sample value) = 0x2540BE400.
    const r = reader(0x80, 0xc8, 0xaf, 0xa0, 0x25);
    expect(r.varint()).toBe(1e10);
  });

  it('reads packed and unpacked repeated fields and sub-messages', () => {
    const out: number[] = [];
    const r = reader(0x03, 0x01, 0x96, 0x01, 0x05);
    r.repeated(2, out);
    r.repeated(0, out);
    expect(out).toEqual([1, 150, 5]);
    const m = reader(0x02, 0x08, 0x07, 0x09);
    const sub = m.message();
    expect([sub.tag(), sub.varint(), sub.done()]).toEqual([8, 7, true]);
    expect(m.varint()).toBe(9);
  });

  it('refuses truncated or malformed input with WireError', () => {
    expect(() => reader(0x80).varint()).toThrow(WireError);
    expect(() => reader(0x05, 0x01).length()).toThrow(WireError);
    expect(() => reader(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01).varint()).toThrow(/10 bytes/);
    expect(() => reader(0x01).skip(3)).toThrow(/wire type 3/);
    expect(() => reader(0x01, 0x02).skip(1)).toThrow(WireError);
    expect(() => reader(0x01).repeated(5, [])).toThrow(WireError);
  });
});
