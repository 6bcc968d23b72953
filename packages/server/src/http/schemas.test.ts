/**
 * One run-request contract: what the OpenAPI document advertises is what the
 * API accepts, and a request the schema refuses gets the runner's own error code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultValidationPolicy } from '@gopherlab/runner';
import type { GopherlabServer } from '../server.js';
import { startTestServer } from '../testing/harness.js';

describe('the run request schema is the runner policy', () => {
  let server: GopherlabServer;
  beforeAll(async () => {
    server = await startTestServer({}, { backend: { runner: null, isolated: false, slots: 0, goVersions: [], reason: 'schema test', close: async () => {} } });
  });
  afterAll(() => server?.close());

  const post = (payload: unknown) => server.app.inject({ method: 'POST', url: '/api/v1/runs', payload: payload as object });

  it('advertises the limits the runner applies', async () => {
    const doc = (await server.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, { post?: { requestBody: { content: Record<string, { schema: unknown }> } } }> };
    const schema = JSON.stringify(doc.paths['/api/v1/runs']!.post!.requestBody.content['application/json']!.schema);
    expect(schema).toContain(`"maxLength":${defaultValidationPolicy.maxFileBytes}`);
    expect(schema).toContain(`"maximum":${defaultValidationPolicy.maxGomaxprocs}`);
    expect(schema).toContain('"goVersion"');
  });

  it('refuses a file over the per-file limit with 413 file_too_large, naming it', async () => {
    const res = await post({ action: 'run', files: [{ name: 'big.go', content: 'x'.repeat(defaultValidationPolicy.maxFileBytes + 1) }] });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: { code: 'file_too_large', message: expect.stringContaining('big.go') } });
  });

  it('refuses options out of the runner range with invalid_option and an unknown action with invalid_action', async () => {
    const files = [{ name: 'main.go', content: 'package main\n' }];
    expect((await post({ action: 'run', files, options: { gomaxprocs: 64 } })).json()).toMatchObject({ error: { code: 'invalid_option' } });
    expect((await post({ action: 'explode', files })).json()).toMatchObject({ error: { code: 'invalid_action' } });
    expect((await post({ action: 'run', files: [] })).json()).toMatchObject({ error: { code: 'no_files' } });
    expect((await post({ action: 'run' })).json()).toMatchObject({ error: { code: 'invalid_request' } });
    // Sealing hidden tests is the grader's option, not a client's.
    expect((await post({ action: 'test', files, options: { sealed: ['x_test.go'] } })).json()).toMatchObject({ error: { code: 'invalid_option' } });
  });
});
