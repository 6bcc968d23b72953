import { describe, expect, it } from 'vitest';
import { parseRunEvent } from './events.js';

describe('parseRunEvent', () => {
  it('accepts the RunEvent objects the server sends', () => {
    expect(parseRunEvent('stdout', '{"type":"stdout","data":"hi\\n"}')).toEqual({ type: 'stdout', data: 'hi\n' });
    expect(parseRunEvent('status', '{"type":"status","status":"compiling"}')).toEqual({ type: 'status', status: 'compiling' });
  });
  it('tags bare payloads with the SSE event name', () => {
    expect(parseRunEvent('stderr', '{"data":"x"}')).toEqual({ type: 'stderr', data: 'x' });
    const ev = parseRunEvent('report', '{"id":"1","action":"run","status":"ok"}');
    expect(ev?.type).toBe('report');
  });
  it('rejects malformed data instead of throwing', () => {
    expect(parseRunEvent('stdout', 'not json')).toBeNull();
    expect(parseRunEvent('stdout', '{"type":"stdout","data":5}')).toBeNull();
    expect(parseRunEvent('test', '{"type":"test"}')).toBeNull();
    expect(parseRunEvent('bogus', '{"type":"bogus"}')).toBeNull();
    expect(parseRunEvent('stdout', 'null')).toBeNull();
  });
});
