/**
 * The language server protocol's base framing on a byte stream:
 * `Content-Length: N\r\n\r\n` then N bytes of JSON. gopls speaks it on
 * stdio; the browser speaks one JSON message per WebSocket frame, so the
 * editor host frames one way and unframes the other.
 */

/** A frame longer than this ends the session: no honest message from gopls comes near it. */
export const MAX_FRAME_BYTES = 32 * 1024 * 1024;

export function encodeFrame(json: string): Buffer {
  const body = Buffer.from(json, 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
}

/**
 * Incremental decoder: `push` bytes as they arrive, get back the complete
 * messages. Throws on a malformed header or an oversized frame; the caller
 * ends the session (the stream cannot be resynchronised).
 */
export class FrameDecoder {
  private buf = Buffer.alloc(0);
  private need = -1;

  constructor(private readonly maxBytes = MAX_FRAME_BYTES) {}

  push(chunk: Buffer | string): string[] {
    this.buf = Buffer.concat([this.buf, typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk]);
    const out: string[] = [];
    for (;;) {
      if (this.need < 0) {
        const end = this.buf.indexOf('\r\n\r\n');
        if (end < 0) {
          if (this.buf.length > 1024) throw new Error('language server header too long');
          return out;
        }
        this.need = contentLength(this.buf.subarray(0, end).toString('ascii'));
        if (this.need > this.maxBytes) throw new Error(`language server message of ${this.need} bytes exceeds ${this.maxBytes}`);
        this.buf = this.buf.subarray(end + 4);
      }
      if (this.buf.length < this.need) return out;
      out.push(this.buf.subarray(0, this.need).toString('utf8'));
      this.buf = this.buf.subarray(this.need);
      this.need = -1;
    }
  }
}

function contentLength(header: string): number {
  let length = -1;
  for (const line of header.split('\r\n')) {
    const m = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
    if (!m) throw new Error(`malformed language server header: ${JSON.stringify(line.slice(0, 80))}`);
    if (m[1]!.toLowerCase() === 'content-length') {
      if (!/^\d{1,10}$/.test(m[2]!)) throw new Error('malformed Content-Length');
      length = Number(m[2]);
    }
  }
  if (length < 0) throw new Error('language server message without Content-Length');
  return length;
}
