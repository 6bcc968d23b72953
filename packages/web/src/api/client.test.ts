import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, setCsrfToken, toApiError } from './client.js';

describe('toApiError', () => {
  it('keeps the catalog code and message of the server', () => {
    const e = toApiError(429, { error: { code: 'rate_limited', message: 'Too many requests.', details: { retryAfter: 3 } } });
    expect(e).toBeInstanceOf(ApiError);
    expect([e.code, e.message, e.status, e.details]).toEqual(['rate_limited', 'Too many requests.', 429, { retryAfter: 3 }]);
  });
  it('falls back to a generic code for bodies that are not the error shape', () => {
    expect(toApiError(502, 'Bad gateway').code).toBe('internal_error');
    expect(toApiError(404, null).code).toBe('invalid_request');
  });
});

describe('request', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setCsrfToken(null);
  });

  it('sends the CSRF token on mutating requests only', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(JSON.stringify({ id: 'abc' }), { status: 202 });
    });
    setCsrfToken('tok');
    expect(await api.startRun({ action: 'run', files: [{ name: 'main.go', content: 'package main\n' }] })).toEqual({ id: 'abc' });
    await api.getRun('abc');
    expect((calls[0]!.init.headers as Record<string, string>)['x-csrf-token']).toBe('tok');
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual({ action: 'run', files: [{ name: 'main.go', content: 'package main\n' }] });
    expect((calls[1]!.init.headers as Record<string, string>)['x-csrf-token']).toBeUndefined();
    expect(calls[1]!.url).toBe('/api/v1/runs/abc');
  });

  it('turns network failures and error bodies into ApiError', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('fetch failed');
    });
    await expect(api.getShare('x')).rejects.toMatchObject({ code: 'network_error' });
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ error: { code: 'share_not_found', message: 'nope' } }), { status: 404 }));
    await expect(api.getShare('x')).rejects.toMatchObject({ code: 'share_not_found', status: 404 });
  });
});
