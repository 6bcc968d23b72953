/**
 * A minimal protobuf wire-format reader for profile.proto, decoding straight
 * into the Profile model.
 *
 * Why not a library: we started with `pprof-format` (Datadog's pprof codec, the
 * library DESIGN.md suggests), but on a 21 MB CPU profile (700,000 samples)
 * it spent about 2 s building one object per sample, label and number, and
 * garbage collection of those objects cost as much again; the maintained generic readers
 * (@bufbuild/protobuf's BinaryReader, protobufjs/minimal) return 64-bit
 * fields as BigInt or Long objects, which is the same cost. profile.proto is
 * small and frozen, so reading its wire format directly is a few dozen lines
 * and decodes samples into typed arrays with no intermediate objects.
 *
 * 64-bit integers become JS numbers: exact up to 2^53, which covers ids,
 * counts and nanosecond values; only addresses above 2^53 lose low bits.
 */

export class WireError extends Error {}

export class WireReader {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    start = 0,
    public end = buf.length,
  ) {
    this.pos = start;
  }

  done(): boolean {
    return this.pos >= this.end;
  }

  /** An unsigned or two's-complement varint as a number (int64 semantics). */
  varint(): number {
    const buf = this.buf;
    let pos = this.pos;
    const end = this.end;
    // Fast path: up to 4 bytes (28 bits), the vast majority of values.
    let lo = 0;
    let shift = 0;
    let b: number;
    do {
      if (pos >= end) throw new WireError('truncated varint');
      b = buf[pos++]!;
      if (shift < 28) {
        lo |= (b & 0x7f) << shift;
        shift += 7;
        if (b < 0x80) {
          this.pos = pos;
          return lo >>> 0;
        }
      } else break;
    } while (true);
    // Long form: bits 28..63 (b holds byte 4, already read).
    let hi = 0;
    lo = (lo | ((b & 0x0f) << 28)) >>> 0;
    hi = (b & 0x7f) >> 4;
    shift = 3;
    while (b >= 0x80) {
      if (pos >= end) throw new WireError('truncated varint');
      if (shift > 32) throw new WireError('varint longer than 10 bytes');
      b = buf[pos++]!;
      hi |= (b & 0x7f) << shift;
      shift += 7;
    }
    this.pos = pos;
    hi >>>= 0;
    if (hi & 0x80000000) {
      // Negative int64: two's complement.
      return -((~hi >>> 0) * 4294967296 + (~lo >>> 0) + 1);
    }
    return hi * 4294967296 + lo;
  }

  /** Reads a field key: returns field number * 8 + wire type. */
  tag(): number {
    return this.varint();
  }

  /** Length of a length-delimited field; checks it fits. */
  length(): number {
    const n = this.varint();
    if (n < 0 || this.pos + n > this.end) throw new WireError('length-delimited field runs past the end');
    return n;
  }

  /**
   * Enters a length-delimited sub-message in place: returns the end to pass
   * to `leave` (no allocation, for per-sample messages).
   */
  enter(): number {
    const n = this.length();
    const end = this.end;
    this.end = this.pos + n;
    return end;
  }

  leave(end: number): void {
    this.end = end;
  }

  /** A length-delimited sub-message: a reader over it; this reader moves past it. */
  message(): WireReader {
    const n = this.length();
    const start = this.pos;
    this.pos += n;
    return new WireReader(this.buf, start, start + n);
  }

  skip(wireType: number): void {
    switch (wireType) {
      case 0:
        this.varint();
        return;
      case 1:
        this.pos += 8;
        break;
      case 2:
        this.pos += this.length();
        return;
      case 5:
        this.pos += 4;
        break;
      default:
        throw new WireError(`unsupported wire type ${wireType}`);
    }
    if (this.pos > this.end) throw new WireError('truncated field');
  }

  /** A repeated integer field, packed (wire type 2) or not (0), appended to `out`. */
  repeated(wireType: number, out: number[]): void {
    if (wireType === 0) {
      out.push(this.varint());
      return;
    }
    if (wireType !== 2) throw new WireError(`unexpected wire type ${wireType} for a repeated integer`);
    const n = this.length();
    // Narrow this reader's end instead of allocating a sub-reader: this runs
    // twice per sample.
    const end = this.end;
    this.end = this.pos + n;
    while (this.pos < this.end) out.push(this.varint());
    this.end = end;
  }
}

const utf8 = new TextDecoder('utf-8');

export function decodeString(buf: Uint8Array, start: number, end: number): string {
  return utf8.decode(buf.subarray(start, end));
}
