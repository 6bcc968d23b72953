/**
 * Learning events end to end through the API: opening a lesson, failing and
 * passing a lab check, viewing the solution become xAPI statements that pass
 * the validator; the export pages with a cursor; learners see only their own,
 * download them as CSV and delete them; staff read anyone's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { GopherlabServer } from '../server.js';
import { checkAddLab, signUp, startCourseTestServer, testDatabases } from '../testing/harness.js';
import { EXT, validateStatement, type Statement } from './xapi.js';

const databases = testDatabases('xapi');

describe.each(databases)('learning events (xAPI) on $name', ({ env, pgSchema }) => {
  let server: GopherlabServer;
  beforeAll(async () => {
    server = await startCourseTestServer({ env, ...(pgSchema ? { pgSchema } : {}) });
  });
  afterAll(() => server?.close());

  const signup = (email: string) => signUp(server, email);
  const json = <T>(r: LightMyRequestResponse) => r.json() as T;

  it('records lesson, check and solution events as valid statements, exports, downloads and deletes them', async () => {
    const admin = await signup('admin@example.com');
    const ada = await signup('ada@example.com');
    const bob = await signup('bob@example.com');

    await server.app.inject({ method: 'PUT', url: '/api/v1/progress/add-lab', headers: ada.headers, payload: { status: 'started' } });
    await checkAddLab(server, ada.headers, 'a - b', 1);
    await checkAddLab(server, ada.headers, 'a + b', 2);
    expect((await server.app.inject({ url: '/api/v1/labs/add-lab/solution', headers: ada.headers })).statusCode).toBe(200);

    const mine = json<{ statements: Statement[]; more: string }>(await server.app.inject({ url: '/api/v1/xapi/statements', headers: ada.headers }));
    expect(mine.statements.map((s) => s.verb.display['en-US'])).toEqual(['launched', 'failed', 'passed', 'completed', 'experienced']);
    for (const s of mine.statements) expect(validateStatement(s), JSON.stringify(s)).toEqual([]);
    expect(mine.more).toBe('');
    const failed = mine.statements[1]!;
    expect(failed.verb.id).toBe('http://adlnet.gov/expapi/verbs/failed');
    expect(failed.object.id).toMatch(/\/activities\/lab\/add-lab$/);
    expect(failed.result).toMatchObject({ success: false, duration: expect.stringMatching(/^PT[\d.]+S$/) });
    expect(failed.result!.extensions![EXT.failedTests]).toEqual(expect.arrayContaining([expect.stringMatching(/^Test/)]));
    expect(failed.result!.extensions![EXT.hintsUsed]).toBe(1);
    expect(mine.statements[2]!.result).toMatchObject({ success: true, completion: true });

    // Paging: two at a time, following `more`.
    const first = json<{ statements: Statement[]; more: string }>(await server.app.inject({ url: '/api/v1/xapi/statements?limit=3', headers: ada.headers }));
    expect(first.statements).toHaveLength(3);
    const second = json<{ statements: Statement[]; more: string }>(await server.app.inject({ url: first.more, headers: ada.headers }));
    expect([...first.statements, ...second.statements].map((s) => s.id)).toEqual(mine.statements.map((s) => s.id));
    const onlyPassed = json<{ statements: Statement[] }>(await server.app.inject({ url: '/api/v1/xapi/statements?verb=passed', headers: ada.headers }));
    expect(onlyPassed.statements).toHaveLength(1);

    // Another learner sees neither Ada's events nor a way to ask for them; staff do.
    expect((await server.app.inject({ url: `/api/v1/xapi/statements?learner=${ada.id}`, headers: bob.headers })).json()).toMatchObject({ error: { code: 'forbidden' } });
    expect(json<{ statements: Statement[] }>(await server.app.inject({ url: '/api/v1/xapi/statements', headers: bob.headers })).statements).toEqual([]);
    expect(json<{ statements: Statement[] }>(await server.app.inject({ url: `/api/v1/xapi/statements?learner=${ada.id}`, headers: admin.headers })).statements).toHaveLength(5);
    expect((await server.app.inject({ url: '/api/v1/xapi/statements' })).statusCode).toBe(401);
    expect((await server.app.inject({ url: '/api/v1/xapi/statements?verb=danced', headers: ada.headers })).statusCode).toBe(400);

    const csv = await server.app.inject({ url: '/api/v1/me/statements.csv', headers: ada.headers });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe('id,timestamp,verb,object,success,duration');
    expect(lines.slice(1).map((l) => l.split(',')[2])).toEqual(['launched', 'failed', 'passed', 'completed', 'experienced']);

    expect(json<{ deleted: number }>(await server.app.inject({ method: 'DELETE', url: '/api/v1/me/statements', headers: ada.headers }))).toEqual({ deleted: 5 });
    expect(json<{ statements: Statement[] }>(await server.app.inject({ url: '/api/v1/xapi/statements', headers: ada.headers })).statements).toEqual([]);
  }, 120_000);
});

describe('the xAPI statement validator', () => {
  it('refuses what the spec forbids', async () => {
    const { statement } = await import('./xapi.js');
    const good = statement({ userId: 'u1', verb: 'launched', kind: 'lesson', activity: 'intro' });
    expect(validateStatement(good)).toEqual([]);
    expect(validateStatement({ ...good, id: 'x' })).toContain('id must be a UUID');
    expect(validateStatement({ ...good, verb: { id: 'launched', display: { 'en-US': 'launched' } } })).toContain('verb must have an IRI id and a display');
    expect(validateStatement({ ...good, result: { duration: '3 seconds' } })).toContain('result.duration must be an ISO 8601 duration');
    expect(validateStatement({ ...good, result: { extensions: { checks: [] } } })).toContain('result extension key checks must be an IRI');
    expect(validateStatement({ ...good, timestamp: '2026-12-07 10:00' })).toContain('timestamp must be ISO 8601 with a time zone');
  });
});
