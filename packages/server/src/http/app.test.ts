import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GopherlabServer } from '../server.js';
import { startTestServer, tempDir } from '../testing/harness.js';

describe('HTTP edges: web app, 404, 413, 415', () => {
  let server: GopherlabServer;

  beforeAll(async () => {
    const web = await tempDir('gl-web-');
    await fs.mkdir(path.join(web, 'assets'));
    await fs.writeFile(path.join(web, 'index.html'), '<!doctype html><div id="root"></div>');
    await fs.writeFile(path.join(web, 'assets', 'app-1234.js'), 'console.log(1)');
    server = await startTestServer({ GOPHERLAB_WEB_DIR: web, GOPHERLAB_BODY_LIMIT: '4096' });
  });
  afterAll(() => server.close());

  it('serves index.html for the app routes and hashed assets with long caching', async () => {
    for (const url of ['/', '/learn', '/learn/slices-aliasing', '/dashboard', '/s/abc', '/signin', '/signup']) {
      const res = await server.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toContain('<div id="root">');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
    const asset = await server.app.inject({ method: 'GET', url: '/assets/app-1234.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await server.app.inject({ method: 'GET', url: '/assets/missing.js' })).statusCode).toBe(404);
  });

  it('answers unknown API routes with 404 not_found, never the app', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    const del = await server.app.inject({ method: 'DELETE', url: '/learn' });
    expect(del.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('answers oversized bodies with 413 and foreign content types with 415', async () => {
    const big = await server.app.inject({ method: 'POST', url: '/api/v1/shares', payload: { files: [{ name: 'main.go', content: 'x'.repeat(10_000) }] } });
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ error: { code: 'payload_too_large' } });
    const xml = await server.app.inject({ method: 'POST', url: '/api/v1/shares', headers: { 'content-type': 'application/xml' }, payload: '<x/>' });
    expect(xml.statusCode).toBe(415);
    expect(xml.json()).toMatchObject({ error: { code: 'unsupported_media_type' } });
  });

  it('treats an empty JSON body as no body and still refuses prototype poisoning', async () => {
    const out = await server.app.inject({ method: 'POST', url: '/api/v1/auth/signout', headers: { 'content-type': 'application/json' }, payload: '' });
    expect(out.statusCode).toBe(200);
    const poisoned = await server.app.inject({ method: 'POST', url: '/api/v1/shares', headers: { 'content-type': 'application/json' }, payload: '{"__proto__": {"x": 1}, "files": []}' });
    expect(poisoned.statusCode).toBe(400);
    expect(poisoned.json()).toMatchObject({ error: { code: 'invalid_request' } });
  });

  it('publishes an OpenAPI 3.1 document generated from the schemas', async () => {
    const doc = (await server.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } }>> };
    expect(doc.openapi).toBe('3.1.0');
    const runBody = doc.paths['/api/v1/runs']!.post!.requestBody!.content['application/json']!.schema;
    expect(Object.keys(runBody.properties!)).toEqual(['action', 'files', 'txtar', 'options']);
  });
});
