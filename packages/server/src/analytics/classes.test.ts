/**
 * Classes through the API, on SQLite and PostgreSQL: an instructor creates a
 * class, a learner joins with the invite code (any case, any separator),
 * fails the same hidden test three times and shows up as stuck, with the
 * test and its failure line; roles hold on every route (a learner gets 403 on
 * the dashboard, another instructor 404, and reads only their own classes'
 * learning events).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { GopherlabServer } from '../server.js';
import { checkAddLab, signUp, startCourseTestServer, testDatabases } from '../testing/harness.js';
import type { ClassDashboard } from './dashboard.js';
import { validateStatement, type Statement } from './xapi.js';

const databases = testDatabases('classes');

describe.each(databases)('classes on $name', ({ env, pgSchema }) => {
  let server: GopherlabServer;
  beforeAll(async () => {
    server = await startCourseTestServer({ env, ...(pgSchema ? { pgSchema } : {}) });
  });
  afterAll(() => server?.close());

  const json = <T>(r: LightMyRequestResponse) => r.json() as T;
  const signup = (email: string) => signUp(server, email, email.split('@')[0]);
  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, who: { headers: Record<string, string> }, payload?: object) =>
    server.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });

  it('an instructor sees a stuck learner with the hidden test; roles hold on every route', async () => {
    const admin = await signup('root@example.com');
    const teacher = await signup('teacher@example.com');
    const other = await signup('other@example.com');
    const ada = await signup('ada@example.com');
    const bob = await signup('bob@example.com');
    for (const t of [teacher, other]) expect((await call('PUT', `/api/v1/admin/users/${t.id}/role`, admin, { role: 'instructor' })).statusCode).toBe(200);

    // Learners cannot create classes; instructors can.
    expect(json<{ error: { code: string } }>(await call('POST', '/api/v1/classes', ada, { name: 'Mine' })).error.code).toBe('forbidden');
    const created = await call('POST', '/api/v1/classes', teacher, { name: 'Go internals, winter' });
    expect(created.statusCode).toBe(201);
    const klass = json<{ id: string; inviteCode: string }>(created);
    expect(klass.inviteCode).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    const otherClass = json<{ id: string }>(await call('POST', '/api/v1/classes', other, { name: 'Elsewhere' }));

    // Joining: the code as a learner might type it; a wrong code is a clear 404.
    expect(json<{ error: { code: string } }>(await call('POST', '/api/v1/classes/join', ada, { code: 'ZZZZ-ZZZZ' })).error.code).toBe('invite_code_unknown');
    const joined = json<{ id: string; name: string; inviteCode?: string }>(await call('POST', '/api/v1/classes/join', ada, { code: klass.inviteCode.toLowerCase().replace('-', ' ') }));
    expect(joined).toMatchObject({ id: klass.id, name: 'Go internals, winter' });
    expect(joined.inviteCode).toBeUndefined();
    // Bob joins from two tabs at once: both answer 200, one membership.
    const twice = await Promise.all([call('POST', '/api/v1/classes/join', bob, { code: klass.inviteCode }), call('POST', '/api/v1/classes/join', bob, { code: klass.inviteCode })]);
    expect(twice.map((r) => r.statusCode)).toEqual([200, 200]);

    // Ada opens the lab and fails the same hidden test three times.
    await call('PUT', '/api/v1/progress/add-lab', ada, { status: 'started' });
    for (let i = 0; i < 3; i++) await checkAddLab(server, ada.headers, 'a - b');

    const res = await call('GET', `/api/v1/classes/${klass.id}/dashboard`, teacher);
    expect(res.statusCode).toBe(200);
    const dash = json<ClassDashboard & { class: { inviteCode: string } }>(res);
    expect(dash.members).toBe(2);
    expect(dash.stuck).toHaveLength(1);
    expect(dash.stuck[0]).toMatchObject({ userId: ada.id, name: 'ada', labId: 'add-lab', failures: 3, test: expect.stringMatching(/^Test/) });
    expect(dash.stuck[0]!.output).toMatch(/\S/);
    expect(dash.labs.find((l) => l.labId === 'add-lab')).toMatchObject({ learners: 1, passed: 0, tests: [expect.objectContaining({ failedAttempts: 3, learners: 1 })] });
    expect(dash.funnel.find((f) => f.lessonId === 'add-lab')).toMatchObject({ launched: 1 });
    expect(dash.weeklyActive.at(-1)).toMatchObject({ learners: 1 });
    expect(dash.retention.at(-1)).toMatchObject({ size: 2, active: [0.5] });

    // Roles: a learner gets 403, the other instructor 404 (the id does not leak), an admin sees it.
    expect((await call('GET', `/api/v1/classes/${klass.id}/dashboard`, ada)).statusCode).toBe(403);
    expect((await call('GET', `/api/v1/classes/${klass.id}/dashboard`, other)).statusCode).toBe(404);
    expect((await call('GET', `/api/v1/classes/${klass.id}/dashboard`, admin)).statusCode).toBe(200);
    expect((await server.app.inject({ url: `/api/v1/classes/${klass.id}/dashboard` })).statusCode).toBe(401);

    // Learning events: the teacher reads their learners', not the other class's; the other instructor not Ada's.
    const seen = json<{ statements: Statement[] }>(await call('GET', '/api/v1/xapi/statements', teacher)).statements;
    expect(new Set(seen.map((s) => s.actor.account.name))).toEqual(new Set([ada.id]));
    expect((await call('GET', `/api/v1/xapi/statements?learner=${ada.id}`, other)).statusCode).toBe(403);
    expect(json<{ statements: Statement[] }>(await call('GET', '/api/v1/xapi/statements', other)).statements).toEqual([]);

    // Lists: the teacher sees the code; Ada sees her class without it; the other class is no one's business.
    const mine = json<{ teaching: { id: string; inviteCode?: string; members: number }[]; joined: { id: string }[] }>(await call('GET', '/api/v1/classes', teacher));
    expect(mine.teaching).toEqual([expect.objectContaining({ id: klass.id, inviteCode: klass.inviteCode, members: 2 })]);
    const adas = json<{ teaching: unknown[]; joined: { id: string; inviteCode?: string }[] }>(await call('GET', '/api/v1/classes', ada));
    expect(adas.teaching).toEqual([]);
    expect(adas.joined.map((c) => c.id)).toEqual([klass.id]);
    expect(adas.joined[0]!.inviteCode).toBeUndefined();
    expect(adas.joined.some((c) => c.id === otherClass.id)).toBe(false);

    // The learner's own loop: goal, streak, where to continue, what next.
    expect((await call('PUT', '/api/v1/me/goal', ada, { daysPerWeek: 8 })).statusCode).toBe(400);
    expect((await call('PUT', '/api/v1/me/goal', ada, { daysPerWeek: 3 })).statusCode).toBe(200);
    const learning = json<{ goalDays: number; activeDaysThisWeek: number; streakDays: number; continueLesson: string; next: { lessonId: string; reason: string } }>(await call('GET', '/api/v1/me/learning', ada));
    expect(learning).toMatchObject({ goalDays: 3, activeDaysThisWeek: 1, streakDays: 1, continueLesson: 'add-lab', next: { lessonId: 'add-lab', reason: 'failed_lab' } });

    // What only the browser sees: a block run and a hint revealed, checked against the course.
    expect((await call('POST', '/api/v1/me/events', bob, { kind: 'block_run', lessonId: 'intro', block: 0, status: 'ok' })).statusCode).toBe(204);
    expect((await call('POST', '/api/v1/me/events', bob, { kind: 'hint', labId: 'add-lab', hint: 1 })).statusCode).toBe(204);
    expect(json<{ error: { code: string } }>(await call('POST', '/api/v1/me/events', bob, { kind: 'hint', labId: 'add-lab', hint: 2 })).error.code).toBe('invalid_request');
    expect(json<{ error: { code: string } }>(await call('POST', '/api/v1/me/events', bob, { kind: 'block_run', lessonId: 'nope', block: 0, status: 'ok' })).error.code).toBe('lesson_not_found');
    expect((await call('POST', '/api/v1/me/events', bob, { kind: 'dance' })).statusCode).toBe(400);
    const browserSeen = json<{ statements: Statement[] }>(await call('GET', `/api/v1/xapi/statements?learner=${bob.id}`, teacher)).statements;
    expect(browserSeen.map((x) => [x.verb.display['en-US'], x.object.id.split('/activities/')[1]])).toEqual([
      ['attempted', 'block/intro%2F0'],
      ['asked', 'hint/add-lab%2F1'],
    ]);
    for (const x of browserSeen) expect(validateStatement(x)).toEqual([]);

    // The class filter: its instructor gets its members' events; another instructor 404, a learner 403.
    const inClass = json<{ statements: Statement[] }>(await call('GET', `/api/v1/xapi/statements?class=${klass.id}`, teacher)).statements;
    expect(new Set(inClass.map((x) => x.actor.account.name))).toEqual(new Set([ada.id, bob.id]));
    expect((await call('GET', `/api/v1/xapi/statements?class=${klass.id}`, other)).statusCode).toBe(404);
    expect((await call('GET', `/api/v1/xapi/statements?class=${klass.id}`, ada)).statusCode).toBe(403);

    // Study time: reported active seconds become a valid "terminated" statement with its duration.
    expect((await call('POST', '/api/v1/me/session', bob, { activeSeconds: 120 })).statusCode).toBe(204);
    expect((await call('POST', '/api/v1/me/session', bob, { activeSeconds: 0 })).statusCode).toBe(400);
    expect((await server.app.inject({ method: 'POST', url: '/api/v1/me/session', payload: { activeSeconds: 5 } })).statusCode).toBe(401);
    const session = json<{ statements: Statement[] }>(await call('GET', '/api/v1/xapi/statements?verb=terminated', bob)).statements;
    expect(session).toHaveLength(1);
    expect(session[0]!.result?.duration).toBe('PT120S');
    expect(validateStatement(session[0])).toEqual([]);

    // Spaced review: a lab Bob passed three weeks ago comes back; a fresh pass does not.
    const passed = { id: await checkAddLab(server, bob.headers, 'a + b') };
    expect(json<{ review: unknown }>(await call('GET', '/api/v1/me/learning', bob)).review).toBeNull();
    await server.ctx.db.kysely.updateTable('lab_checks').set({ created_at: new Date(Date.now() - 21 * 86_400_000).toISOString() }).where('id', '=', passed.id).execute();
    expect(json<{ review: unknown }>(await call('GET', '/api/v1/me/learning', bob)).review).toEqual({ lessonId: 'add-lab', daysSince: 21 });

    // Leaving removes Ada from the class (her own events stay hers).
    await call('DELETE', `/api/v1/classes/${klass.id}/membership`, ada);
    expect(json<ClassDashboard>(await call('GET', `/api/v1/classes/${klass.id}/dashboard`, teacher)).members).toBe(1);
  }, 120_000);
});
