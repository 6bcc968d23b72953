/**
 * API fuzzing driven by the OpenAPI document: for every operation it lists,
 * fast-check generates path parameters, query strings, bodies (random values,
 * near-valid objects with one field broken, malformed JSON) and content
 * types. No response may be a 5xx, and every error must have the catalog
 * shape. The one allowed 5xx is 503 sandbox_unavailable, which this server
 * (started without a sandbox) gives to well-formed run requests.
 */
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GopherlabServer } from '../server.js';
import { startTestServer } from '../testing/harness.js';
import { isErrorCode } from '@gopherlab/errors';

const COURSE = path.resolve(import.meta.dirname, '../../testdata/course');

interface Operation {
  method: string;
  path: string;
  hasBody: boolean;
  params: string[];
  example?: unknown;
}

const EXAMPLES: Record<string, unknown> = {
  'POST /api/v1/runs': { action: 'run', files: [{ name: 'main.go', content: 'package main\n\nfunc main() {}\n' }] },
  'POST /api/v1/shares': { files: [{ name: 'main.go', content: 'package main\n' }] },
  'POST /api/v1/auth/signup': { email: 'fuzz@example.com', password: 'long enough password' },
  'POST /api/v1/auth/signin': { email: 'fuzz@example.com', password: 'long enough password' },
  'POST /api/v1/labs/{id}/check': { files: [{ name: 'add.go', content: 'package add\n' }] },
  'PUT /api/v1/progress/{lessonId}': { status: 'started' },
  'PUT /api/v1/admin/users/{id}/role': { role: 'admin' },
};

const weirdString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', '..', '../../etc/passwd', '%00', '%2e%2e%2f', 'a'.repeat(300), '<script>', '{}', 'null', '-1', '1e309', 'add-lab', 'intro'),
);

/** A near-valid body: the example with one field replaced, removed, or an extra field added. */
function mutated(example: unknown): fc.Arbitrary<unknown> {
  if (!example || typeof example !== 'object') return fc.anything();
  const keys = Object.keys(example);
  return fc.oneof(
    fc.record({ key: fc.constantFrom(...keys), value: fc.anything() }).map(({ key, value }) => ({ ...example, [key]: value })),
    fc.constantFrom(...keys).map((key) => Object.fromEntries(Object.entries(example).filter(([k]) => k !== key))),
    fc.record({ key: fc.string(), value: fc.anything() }).map(({ key, value }) => ({ ...example, [key]: value })),
    fc.constant(example),
  );
}

function bodyArb(op: Operation): fc.Arbitrary<{ payload?: string; contentType?: string }> {
  const json = fc.oneof(fc.anything(), fc.jsonValue(), mutated(op.example)).map((v) => JSON.stringify(v) ?? 'null');
  const malformed = fc.oneof(fc.string(), fc.constantFrom('{', '{"action":', '[1,2', '\u0000', '{"files": [{"name": "a.go", "content": 1}]}'));
  return fc.record(
    {
      payload: fc.oneof(json, malformed),
      contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream', 'application/xml'),
    },
    { requiredKeys: [] },
  );
}

describe('API fuzz from the OpenAPI document', () => {
  let server: GopherlabServer;
  let operations: Operation[];

  beforeAll(async () => {
    server = await startTestServer(
      { GOPHERLAB_RATE_LIMIT: '1000000', GOPHERLAB_RATE_LIMIT_AUTH: '1000000', GOPHERLAB_RATE_LIMIT_RUNS: '1000000', GOPHERLAB_RATE_LIMIT_IP: '10000000', GOPHERLAB_COURSE_DIR: COURSE },
      { backend: { runner: null, isolated: false, slots: 0, goVersions: [], reason: 'fuzzing without a sandbox', close: async () => {} } },
    );
    const doc = (await server.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
      paths: Record<string, Record<string, { requestBody?: unknown; parameters?: { in: string; name: string }[] }>>;
    };
    operations = Object.entries(doc.paths).flatMap(([p, methods]) =>
      Object.entries(methods).map(([method, op]) => {
        const key = `${method.toUpperCase()} ${p}`;
        const o: Operation = { method: method.toUpperCase(), path: p, hasBody: Boolean(op.requestBody), params: (op.parameters ?? []).filter((x) => x.in === 'path').map((x) => x.name) };
        if (key in EXAMPLES) o.example = EXAMPLES[key];
        return o;
      }),
    );
  });
  afterAll(() => server.close());

  it('lists every API operation', () => {
    const listed = operations.map((o) => `${o.method} ${o.path}`);
    for (const expected of ['POST /api/v1/runs', 'GET /api/v1/runs/{id}', 'GET /api/v1/runs/{id}/events', 'POST /api/v1/shares', 'POST /api/v1/auth/signup', 'GET /api/v1/course', 'PUT /api/v1/progress/{lessonId}']) {
      expect(listed).toContain(expected);
    }
  });

  it('never answers malformed input with a 5xx', async () => {
    const opArb = fc.integer({ min: 0, max: 1_000 }).map((i) => operations[i % operations.length]!);
    await fc.assert(
      fc.asyncProperty(
        opArb.chain((op) =>
          fc.record({
            op: fc.constant(op),
            params: fc.array(weirdString, { minLength: op.params.length, maxLength: op.params.length }),
            query: fc.option(fc.dictionary(fc.string({ maxLength: 8 }), weirdString, { maxKeys: 3 }), { nil: undefined }),
            body: op.hasBody ? bodyArb(op) : fc.option(bodyArb(op), { nil: undefined }),
            cookie: fc.option(fc.oneof(fc.string(), fc.constant('gl_session=forged')), { nil: undefined }),
          }),
        ),
        async ({ op, params, query, body, cookie }) => {
          let url = op.path;
          op.params.forEach((name, i) => (url = url.replace(`{${name}}`, encodeURIComponent(params[i]!))));
          const headers: Record<string, string> = {};
          if (body?.contentType) headers['content-type'] = body.contentType;
          if (cookie !== undefined) headers.cookie = cookie.replace(/[^\x20-\x7e]/g, '');
          const res = await server.app.inject({
            method: op.method as 'GET',
            url,
            ...(query ? { query: query } : {}),
            headers,
            ...(body?.payload !== undefined && op.method !== 'GET' ? { payload: body.payload } : {}),
          });
          const ctx = `${op.method} ${url} ${body?.contentType ?? ''} ${String(body?.payload).slice(0, 200)} -> ${res.statusCode} ${res.body.slice(0, 300)}`;
          if (res.statusCode >= 500) {
            expect(res.statusCode, ctx).toBe(503);
            expect(res.json(), ctx).toMatchObject({ error: { code: 'sandbox_unavailable' } });
          }
          if (res.statusCode >= 400) {
            const parsed = res.json() as { error?: { code?: string; message?: string } };
            expect(isErrorCode(parsed.error?.code ?? ''), ctx).toBe(true);
            expect(typeof parsed.error?.message, ctx).toBe('string');
          }
        },
      ),
      { numRuns: 600, seed: Number(process.env.FUZZ_SEED ?? 20261125) },
    );
  }, 120_000);
});
