/**
 * Accounts, CSRF, roles, shares, progress, course and lab checks through the
 * HTTP API, on SQLite and (when scripts/test.sh provides DATABASE_URL_TEST)
 * on PostgreSQL in a fresh schema.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { GopherlabServer } from '../server.js';
import { backendFromRunner } from '../runs/backend.js';
import { HostGoRunner, warmHostCache } from '../testing/host-runner.js';
import { readSse, startTestServer, tempDir, uniqueName } from '../testing/harness.js';

const COURSE = path.resolve(import.meta.dirname, '../../testdata/course');
const pgUrl = process.env.DATABASE_URL_TEST;

const databases: { name: string; env: Record<string, string>; pgSchema?: string }[] = [{ name: 'sqlite', env: {} }];
if (pgUrl) databases.push({ name: 'postgres', env: { DATABASE_URL: pgUrl }, pgSchema: uniqueName('api') });

function cookieOf(res: LightMyRequestResponse): string {
  const c = res.cookies.find((x) => x.name === 'gl_session');
  if (!c) throw new Error('no session cookie');
  return `gl_session=${c.value}`;
}

describe.each(databases)('API on $name', ({ name, env, pgSchema }) => {
  let server: GopherlabServer;
  const runner = new HostGoRunner();

  beforeAll(async () => {
    // A cold host build cache is compiled here, under the hook's budget, not a test's.
    await warmHostCache();
    server = await startTestServer({ ...env, GOPHERLAB_COURSE_DIR: COURSE }, { backend: backendFromRunner(runner, 2, false), ...(pgSchema ? { pgSchema } : {}) });
  });
  afterAll(() => server.close());

  const signup = (email: string, password = 'correct horse battery') =>
    server.app.inject({ method: 'POST', url: '/api/v1/auth/signup', payload: { email, password, displayName: 'Ada' } });

  it('reports its database in /healthz', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.json()).toMatchObject({ ok: true, db: name, queue: 'memory' });
  });

  it('answers /readyz per dependency, and 503 naming what is wrong', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/readyz' });
    const body = res.json() as { ready: boolean; checks: Record<string, { ok: boolean; error?: string }> };
    expect(body.checks.database).toEqual({ ok: true });
    expect(body.checks.queue).toEqual({ ok: true });
    // This test server executes with Go on the host, not in a sandbox: as a runner it is not ready.
    expect(body.checks.sandbox).toMatchObject({ ok: false, error: expect.any(String) });
    expect(body.ready).toBe(false);
    expect(res.statusCode).toBe(503);
  });

  it.each(['/healthz', '/api/v1/openapi.json', '/api/v1/runs/no-such-run', '/learn/anything'])('sets the security headers on %s', async (url) => {
    const res = await server.app.inject({ method: 'GET', url });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('signs up with an httpOnly SameSite=Lax cookie, the first account as admin, later ones as learners', async () => {
    const first = await signup('admin@example.com');
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ user: { email: 'admin@example.com', displayName: 'Ada', role: 'admin' }, csrfToken: expect.any(String) });
    const cookie = first.cookies.find((c) => c.name === 'gl_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie.secure).toBeFalsy();
    const second = await signup('Learner@Example.com');
    expect(second.json()).toMatchObject({ user: { email: 'learner@example.com', role: 'learner' } });
    const dup = await signup('learner@example.com');
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ error: { code: 'email_taken' } });
    const weak = await signup('weak@example.com', 'short');
    expect(weak.json()).toMatchObject({ error: { code: 'weak_password' } });
  });

  it('signs in, answers /auth/me, and signs out', async () => {
    const bad = await server.app.inject({ method: 'POST', url: '/api/v1/auth/signin', payload: { email: 'learner@example.com', password: 'wrong password!' } });
    expect(bad.statusCode).toBe(401);
    expect(bad.json()).toMatchObject({ error: { code: 'invalid_credentials' } });
    const unknown = await server.app.inject({ method: 'POST', url: '/api/v1/auth/signin', payload: { email: 'nobody@example.com', password: 'whatever123' } });
    expect(unknown.json()).toMatchObject({ error: { code: 'invalid_credentials' } });
    const ok = await server.app.inject({ method: 'POST', url: '/api/v1/auth/signin', payload: { email: 'learner@example.com', password: 'correct horse battery' } });
    expect(ok.statusCode).toBe(200);
    const cookie = cookieOf(ok);
    const { csrfToken } = ok.json() as { csrfToken: string };
    const me = await server.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(me.json()).toEqual({ user: expect.objectContaining({ email: 'learner@example.com', role: 'learner' }), csrfToken });
    const anon = await server.app.inject({ method: 'GET', url: '/api/v1/auth/me' });
    expect(anon.json()).toEqual({ user: null, csrfToken: null });
    const out = await server.app.inject({ method: 'POST', url: '/api/v1/auth/signout', headers: { cookie, 'x-csrf-token': csrfToken } });
    expect(out.statusCode).toBe(200);
    const after = await server.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(after.json()).toEqual({ user: null, csrfToken: null });
  });

  it('requires the CSRF token on mutating requests that carry a session, and not on anonymous ones', async () => {
    const s = await server.app.inject({ method: 'POST', url: '/api/v1/auth/signin', payload: { email: 'learner@example.com', password: 'correct horse battery' } });
    const cookie = cookieOf(s);
    const { csrfToken } = s.json() as { csrfToken: string };
    const payload = { files: [{ name: 'main.go', content: 'package main\n\nfunc main() {}\n' }] };
    const missing = await server.app.inject({ method: 'POST', url: '/api/v1/shares', headers: { cookie }, payload });
    expect(missing.statusCode).toBe(403);
    expect(missing.json()).toMatchObject({ error: { code: 'csrf_failed' } });
    const wrong = await server.app.inject({ method: 'POST', url: '/api/v1/shares', headers: { cookie, 'x-csrf-token': 'x'.repeat(csrfToken.length) }, payload });
    expect(wrong.json()).toMatchObject({ error: { code: 'csrf_failed' } });
    const good = await server.app.inject({ method: 'POST', url: '/api/v1/shares', headers: { cookie, 'x-csrf-token': csrfToken }, payload });
    expect(good.statusCode).toBe(200);
    const anonymous = await server.app.inject({ method: 'POST', url: '/api/v1/shares', payload });
    expect(anonymous.statusCode).toBe(200);
    // GETs never need the token.
    expect((await server.app.inject({ method: 'GET', url: '/api/v1/progress', headers: { cookie } })).statusCode).toBe(200);
  });

  it('restricts admin endpoints to admins', async () => {
    const learner = await server.app.inject({ method: 'POST', url: '/api/v1/auth/signin', payload: { email: 'learner@example.com', password: 'correct horse battery' } });
    const admin = await server.app.inject({ method: 'POST', url: '/api/v1/auth/signin', payload: { email: 'admin@example.com', password: 'correct horse battery' } });
    expect((await server.app.inject({ method: 'GET', url: '/api/v1/admin/users' })).json()).toMatchObject({ error: { code: 'unauthenticated' } });
    const forbidden = await server.app.inject({ method: 'GET', url: '/api/v1/admin/users', headers: { cookie: cookieOf(learner) } });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json()).toMatchObject({ error: { code: 'forbidden' } });
    const list = await server.app.inject({ method: 'GET', url: '/api/v1/admin/users', headers: { cookie: cookieOf(admin) } });
    expect(list.statusCode).toBe(200);
    const users = (list.json() as { users: { id: string; email: string }[] }).users;
    expect(users.map((u) => u.email)).toEqual(['admin@example.com', 'learner@example.com']);
    const learnerId = users[1]!.id;
    const promote = await server.app.inject({
      method: 'PUT',
      url: `/api/v1/admin/users/${learnerId}/role`,
      headers: { cookie: cookieOf(admin), 'x-csrf-token': (admin.json() as { csrfToken: string }).csrfToken },
      payload: { role: 'instructor' },
    });
    expect(promote.json()).toMatchObject({ user: { role: 'instructor' } });
  });

  it('stores shares content-addressed', async () => {
    const files = [
      { name: 'main.go', content: 'package main\n\nfunc main() { println("share") }\n' },
      { name: 'util.go', content: 'package main\n' },
    ];
    const a = (await server.app.inject({ method: 'POST', url: '/api/v1/shares', payload: { files, action: 'run' } })).json() as { id: string };
    const b = (await server.app.inject({ method: 'POST', url: '/api/v1/shares', payload: { files: [...files].reverse(), action: 'run' } })).json() as { id: string };
    const c = (await server.app.inject({ method: 'POST', url: '/api/v1/shares', payload: { files: [{ ...files[0]!, content: files[0]!.content + '\n' }, files[1]], action: 'run' } })).json() as { id: string };
    expect(a.id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(b.id).toBe(a.id);
    expect(c.id).not.toBe(a.id);
    const got = await server.app.inject({ method: 'GET', url: `/api/v1/shares/${a.id}` });
    expect(got.json()).toMatchObject({ id: a.id, files, action: 'run', createdAt: expect.any(String) });
    expect(got.json()).not.toHaveProperty('options');
    // With options: another link, which reopens with them; bad options are refused like a run's.
    const options = { goVersion: '1.26', godebug: 'gctrace=1', count: 6 };
    const d = (await server.app.inject({ method: 'POST', url: '/api/v1/shares', payload: { files, action: 'bench', options } })).json() as { id: string };
    expect(d.id).not.toBe(a.id);
    expect((await server.app.inject({ method: 'GET', url: `/api/v1/shares/${d.id}` })).json()).toMatchObject({ action: 'bench', options });
    const bad = await server.app.inject({ method: 'POST', url: '/api/v1/shares', payload: { files, options: { godebug: 'panicnil=1' } } });
    expect(bad.json()).toMatchObject({ error: { code: 'invalid_option' } });
    const txtar = await server.app.inject({ method: 'POST', url: '/api/v1/shares', payload: { txtar: '-- main.go --\npackage main\n\nfunc main() {}\n' } });
    expect(txtar.statusCode).toBe(200);
    const missing = await server.app.inject({ method: 'GET', url: '/api/v1/shares/doesnotexist0000' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: 'share_not_found' } });
  });

  it('serves the course and lessons in both languages', async () => {
    const outline = (await server.app.inject({ method: 'GET', url: '/api/v1/course?lang=zh-CN' })).json() as { modules: { id: string; title: string; lessons: { id: string; title: string; hasLab: boolean }[] }[] };
    expect(outline.modules[0]).toMatchObject({ id: '01-basics', title: '基础', lessons: [{ id: 'intro', title: '简介', hasLab: false }, { id: 'add-lab', title: '数字相加', hasLab: true }] });
    const lesson = (await server.app.inject({ method: 'GET', url: '/api/v1/lessons/add-lab' })).json() as Record<string, unknown>;
    expect(lesson).toMatchObject({ id: 'add-lab', title: 'Adding numbers', module: '01-basics', prerequisites: ['intro'], minutes: 10, lab: { title: 'Add two numbers', hints: ['Use the + operator.'], checks: [{ kind: 'test' }] } });
    expect((lesson.lab as { starter: { name: string }[] }).starter.map((f) => f.name).sort()).toEqual(['add.go', 'go.mod']);
    expect((lesson.markdown as string)).toContain('Write `Add`.');
    const missing = await server.app.inject({ method: 'GET', url: '/api/v1/lessons/nope' });
    expect(missing.json()).toMatchObject({ error: { code: 'lesson_not_found' } });
    const badLang = await server.app.inject({ method: 'GET', url: '/api/v1/course?lang=fr' });
    expect(badLang.statusCode).toBe(400);
  });

  it('records progress per user and shows it in the course outline', async () => {
    const s = await signup('progress@example.com');
    const cookie = cookieOf(s);
    const headers = { cookie, 'x-csrf-token': (s.json() as { csrfToken: string }).csrfToken };
    expect((await server.app.inject({ method: 'GET', url: '/api/v1/progress' })).statusCode).toBe(401);
    expect((await server.app.inject({ method: 'PUT', url: '/api/v1/progress/intro', headers, payload: { status: 'completed' } })).statusCode).toBe(200);
    expect((await server.app.inject({ method: 'PUT', url: '/api/v1/progress/add-lab', headers, payload: { status: 'started' } })).statusCode).toBe(200);
    // completed is sticky
    await server.app.inject({ method: 'PUT', url: '/api/v1/progress/intro', headers, payload: { status: 'started' } });
    const list = (await server.app.inject({ method: 'GET', url: '/api/v1/progress', headers: { cookie } })).json() as { lessons: { lessonId: string; status: string }[] };
    expect(list.lessons.map((l) => [l.lessonId, l.status])).toEqual([
      ['add-lab', 'started'],
      ['intro', 'completed'],
    ]);
    const outline = (await server.app.inject({ method: 'GET', url: '/api/v1/course', headers: { cookie } })).json() as { modules: { lessons: { id: string; progress?: string }[] }[] };
    expect(outline.modules[0]!.lessons.map((l) => l.progress)).toEqual(['completed', 'started']);
    const unknown = await server.app.inject({ method: 'PUT', url: '/api/v1/progress/no-such-lesson', headers, payload: { status: 'started' } });
    expect(unknown.json()).toMatchObject({ error: { code: 'lesson_not_found' } });
  });

  it('grades a lab check and completes the lab for the signed-in learner', async () => {
    const s = await signup('lab@example.com');
    const cookie = cookieOf(s);
    const headers = { cookie, 'x-csrf-token': (s.json() as { csrfToken: string }).csrfToken };
    const check = async (body: string) => {
      const res = await server.app.inject({
        method: 'POST',
        url: '/api/v1/labs/add-lab/check',
        headers,
        payload: { files: [{ name: 'go.mod', content: 'module example.com/add\n\ngo 1.26\n' }, { name: 'add.go', content: `package add\n\nfunc Add(a, b int) int { return ${body} }\n` }] },
      });
      expect(res.statusCode).toBe(202);
      const { id } = res.json() as { id: string };
      for (;;) {
        const r = (await server.app.inject({ method: 'GET', url: `/api/v1/checks/${id}` })).json() as { status: string; grade?: { passed: boolean; checks: { status: string; message: string }[] } };
        if (r.status === 'done') return r.grade!;
        await new Promise((x) => setTimeout(x, 50));
      }
    };
    const failing = await check('a - b');
    expect(failing.passed).toBe(false);
    expect(failing.checks[0]).toMatchObject({ status: 'fail', message: expect.any(String) });
    let progress = (await server.app.inject({ method: 'GET', url: '/api/v1/progress', headers: { cookie } })).json() as { lessons: { lessonId: string; status: string }[] };
    expect(progress.lessons).toEqual([expect.objectContaining({ lessonId: 'add-lab', status: 'started' })]);
    const passing = await check('a + b');
    expect(passing.passed).toBe(true);
    expect(passing.checks.every((c) => c.status === 'pass')).toBe(true);
    progress = (await server.app.inject({ method: 'GET', url: '/api/v1/progress', headers: { cookie } })).json() as typeof progress;
    expect(progress.lessons).toEqual([expect.objectContaining({ lessonId: 'add-lab', status: 'completed' })]);
    const noLab = await server.app.inject({ method: 'POST', url: '/api/v1/labs/intro/check', headers, payload: { files: [{ name: 'a.go', content: 'package a\n' }] } });
    expect(noLab.json()).toMatchObject({ error: { code: 'lab_not_found' } });
  }, 60_000);

  it('streams a check over SSE: the step that runs, each check as it lands, then the grade', async () => {
    const url = await server.listen();
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/labs/add-lab/check',
      payload: { files: [{ name: 'go.mod', content: 'module example.com/add\n\ngo 1.26\n' }, { name: 'add.go', content: 'package add\n\nfunc Add(a, b int) int { return a * b }\n' }], hintsUsed: 2 },
    });
    const { id } = res.json() as { id: string };
    const events = await readSse(`${url}/api/v1/checks/${id}/events`);
    const last = events.at(-1)!;
    expect(last.event).toBe('grade');
    const grade = (last.data as { status: string; grade: { passed: boolean; hintsUsed: number; checks: { kind: string; status: string }[] } }).grade;
    expect(grade.passed).toBe(false);
    // The hints revealed before asking are part of the grade.
    expect(grade.hintsUsed).toBe(2);
    const progress = events.filter((e) => e.event === 'grading').map((e) => (e.data as { progress: { type: string; step?: string; check?: { kind: string; status: string } } }).progress);
    expect(progress.filter((p) => p.type === 'running').map((p) => p.step)).toContain('test');
    // Every check was announced before the grade, with the verdict the grade has.
    const landed = progress.filter((p) => p.type === 'check').map((p) => `${p.check!.kind}:${p.check!.status}`);
    expect(landed.sort()).toEqual(grade.checks.map((c) => `${c.kind}:${c.status}`).sort());
    // A finished check answers with its grade at once.
    expect((await readSse(`${url}/api/v1/checks/${id}/events`)).map((e) => e.event)).toEqual(['grade']);
    const unknown = await fetch(`${url}/api/v1/checks/nope/events`);
    expect(unknown.status).toBe(404);
  }, 60_000);
});

describe('session cookie behind an https proxy', () => {
  it('is Secure when the proxy says the request came over https', async () => {
    const server = await startTestServer({ GOPHERLAB_TRUST_PROXY: 'true', GOPHERLAB_COURSE_DIR: COURSE });
    try {
      const res = await server.app.inject({
        method: 'POST',
        url: '/api/v1/auth/signup',
        headers: { 'x-forwarded-proto': 'https' },
        payload: { email: 'secure@example.com', password: 'long enough password' },
      });
      expect(res.cookies.find((c) => c.name === 'gl_session')).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax' });
    } finally {
      await server.close();
    }
  });
});

describe('rate limits', () => {
  it('limits auth attempts per IP more strictly than other requests', async () => {
    const server = await startTestServer({ GOPHERLAB_RATE_LIMIT_AUTH: '3', GOPHERLAB_RATE_LIMIT: '50', GOPHERLAB_COURSE_DIR: COURSE });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await server.app.inject({ method: 'POST', url: '/api/v1/auth/signin', payload: { email: 'x@example.com', password: 'nope-nope-nope' } });
        statuses.push(res.statusCode);
        if (res.statusCode === 429) expect(res.json()).toMatchObject({ error: { code: 'rate_limited' } });
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      // Another client address has its own budget.
      const other = await server.app.inject({ method: 'POST', url: '/api/v1/auth/signin', remoteAddress: '10.0.0.9', payload: { email: 'x@example.com', password: 'nope-nope-nope' } });
      expect(other.statusCode).toBe(401);
      // The general limit is higher.
      expect((await server.app.inject({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('cuts off a flood from one address before authentication, signed in or not', async () => {
    const server = await startTestServer({ GOPHERLAB_RATE_LIMIT_IP: '5', GOPHERLAB_RATE_LIMIT: '1000', GOPHERLAB_COURSE_DIR: COURSE });
    try {
      const s = await server.app.inject({ method: 'POST', url: '/api/v1/auth/signup', remoteAddress: '10.0.2.1', payload: { email: 'flood@example.com', password: 'long enough password' } });
      const cookie = cookieOf(s);
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await server.app.inject({ method: 'GET', url: '/api/v1/auth/me', remoteAddress: '10.0.2.2', headers: { cookie } })).statusCode);
      expect(codes).toEqual([200, 200, 200, 200, 200]);
      const limited = await server.app.inject({ method: 'GET', url: '/api/v1/auth/me', remoteAddress: '10.0.2.2', headers: { cookie } });
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
      expect(limited.headers['retry-after']).toBeDefined();
      // Probes are never limited.
      expect((await server.app.inject({ method: 'GET', url: '/healthz', remoteAddress: '10.0.2.2' })).statusCode).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('limits signed-in users per account, not per address', async () => {
    const server = await startTestServer({ GOPHERLAB_RATE_LIMIT: '6', GOPHERLAB_RATE_LIMIT_AUTH: '100', GOPHERLAB_COURSE_DIR: COURSE });
    try {
      const s = await server.app.inject({ method: 'POST', url: '/api/v1/auth/signup', payload: { email: 'rl@example.com', password: 'long enough password' } });
      const cookie = cookieOf(s);
      const codes: number[] = [];
      for (let i = 0; i < 7; i++) codes.push((await server.app.inject({ method: 'GET', url: '/api/v1/auth/me', remoteAddress: `10.0.1.${i}`, headers: { cookie } })).statusCode);
      expect(codes.slice(0, 6)).toEqual([200, 200, 200, 200, 200, 200]);
      expect(codes[6]).toBe(429);
    } finally {
      await server.close();
    }
  });
});

describe('sessions across server processes', () => {
  it('a sign-out and a role change on one process hold on another at once; expired sessions are deleted', async () => {
    const dataDir = await tempDir();
    const env = { GOPHERLAB_DATA_DIR: dataDir, GOPHERLAB_COURSE_DIR: COURSE };
    const a = await startTestServer(env);
    const b = await startTestServer(env);
    try {
      const me = async (server: GopherlabServer, cookie: string) => ((await server.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).json() as { user: { role: string } | null }).user;
      const admin = await a.app.inject({ method: 'POST', url: '/api/v1/auth/signup', payload: { email: 'root@example.com', password: 'correct horse battery' } });
      const adminHeaders = { cookie: cookieOf(admin), 'x-csrf-token': (admin.json() as { csrfToken: string }).csrfToken };
      const learner = await a.app.inject({ method: 'POST', url: '/api/v1/auth/signup', payload: { email: 'ada@example.com', password: 'correct horse battery' } });
      const cookie = cookieOf(learner);
      const { user, csrfToken } = learner.json() as { user: { id: string }; csrfToken: string };
      expect(await me(b, cookie)).toMatchObject({ role: 'learner' });
      const promoted = await a.app.inject({ method: 'PUT', url: `/api/v1/admin/users/${user.id}/role`, headers: adminHeaders, payload: { role: 'instructor' } });
      expect(promoted.statusCode).toBe(200);
      expect(await me(b, cookie)).toMatchObject({ role: 'instructor' });
      await a.app.inject({ method: 'POST', url: '/api/v1/auth/signout', headers: { cookie, 'x-csrf-token': csrfToken } });
      expect(await me(b, cookie)).toBeNull();

      const { kysely } = a.ctx.db;
      const past = new Date(Date.now() - 60_000).toISOString();
      await kysely.updateTable('sessions').set({ expires_at: past }).execute();
      expect(await me(b, adminHeaders.cookie)).toBeNull();
      expect(await kysely.selectFrom('sessions').select('id').execute()).toEqual([]);
      await kysely.insertInto('sessions').values({ id: 'stale', user_id: user.id, csrf_token: 'x', created_at: past, expires_at: past }).execute();
      expect(await a.ctx.auth.purgeExpiredSessions()).toBe(1);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
