import { describe, expect, it } from 'vitest';
import { FrameDecoder, encodeFrame } from './framing.js';

describe('LSP framing', () => {
  it('round-trips messages split at any byte, multi-byte text included', () => {
    const msgs = ['{"jsonrpc":"2.0","id":1,"result":null}', '{"jsonrpc":"2.0","method":"x","params":{"s":"日本語 🐹"}}'];
    const bytes = Buffer.concat(msgs.map(encodeFrame));
    for (let cut = 1; cut < bytes.length; cut += 7) {
      const d = new FrameDecoder();
      expect([...d.push(bytes.subarray(0, cut)), ...d.push(bytes.subarray(cut))]).toEqual(msgs);
    }
  });

  it('accepts extra headers such as Content-Type', () => {
    const d = new FrameDecoder();
    expect(d.push('Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: 2\r\n\r\n{}')).toEqual(['{}']);
  });

  it('refuses a missing length, a malformed header and an oversized frame', () => {
    expect(() => new FrameDecoder().push('X-Other: 1\r\n\r\n{}')).toThrow(/without Content-Length/);
    expect(() => new FrameDecoder().push('garbage\r\n\r\n')).toThrow(/malformed/);
    expect(() => new FrameDecoder(10).push('Content-Length: 11\r\n\r\n')).toThrow(/exceeds/);
    expect(() => new FrameDecoder().push('x'.repeat(2000))).toThrow(/header too long/);
  });
});
