/**
 * TEST SUPPORT: starts a real server on a throwaway data directory (SQLite) or
 * a fresh PostgreSQL schema / Redis prefix, with a given execution backend.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig, type ServerConfig } from '../config/index.js';
import { createServer, type CreateServerOptions, type GopherlabServer } from '../server.js';
import { backendFromRunner } from '../runs/backend.js';
import { HostGoRunner, warmHostCache } from './host-runner.js';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../../../..');

export async function tempDir(prefix = 'gl-server-test-'): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/** The databases a test runs on: SQLite always, PostgreSQL too when scripts/test.sh provides DATABASE_URL_TEST (own schema). */
export function testDatabases(prefix: string): { name: string; env: Record<string, string>; pgSchema?: string }[] {
  const out: { name: string; env: Record<string, string>; pgSchema?: string }[] = [{ name: 'sqlite', env: {} }];
  if (process.env.DATABASE_URL_TEST) out.push({ name: 'postgres', env: { DATABASE_URL: process.env.DATABASE_URL_TEST }, pgSchema: uniqueName(prefix) });
  return out;
}

/** Signs a new account up through the API: its id and the headers (session cookie, CSRF token) its requests need. */
export async function signUp(server: GopherlabServer, email: string, displayName = email): Promise<{ id: string; headers: Record<string, string> }> {
  const res = await server.app.inject({ method: 'POST', url: '/api/v1/auth/signup', payload: { email, password: 'correct horse battery', displayName } });
  const cookie = `gl_session=${res.cookies.find((c) => c.name === 'gl_session')!.value}`;
  const { user, csrfToken } = res.json() as { user: { id: string }; csrfToken: string };
  return { id: user.id, headers: { cookie, 'x-csrf-token': csrfToken } };
}

/** The small course of the server tests (testdata/course): an intro lesson and add-lab, whose solution is `a + b`. */
export const TEST_COURSE = path.resolve(import.meta.dirname, '../../testdata/course');

/** add-lab's files with `body` as Add's return expression (`a + b` passes, anything else fails a hidden test). */
export function addLabFiles(body: string): { name: string; content: string }[] {
  return [
    { name: 'go.mod', content: 'module example.com/add\n\ngo 1.26\n' },
    { name: 'add.go', content: `package add\n\nfunc Add(a, b int) int { return ${body} }\n` },
  ];
}

/** A server on `db` (testDatabases) serving the test course, grading with the host's Go (two slots, no sandbox). */
export async function startCourseTestServer(db: { env: Record<string, string>; pgSchema?: string }): Promise<GopherlabServer> {
  await warmHostCache();
  return startTestServer({ ...db.env, GOPHERLAB_COURSE_DIR: TEST_COURSE }, { backend: backendFromRunner(new HostGoRunner(), 2, false), ...(db.pgSchema ? { pgSchema: db.pgSchema } : {}) });
}

/** Checks add-lab with `body` as the learner `headers` sign for, and waits for the grade; the check's id. */
export async function checkAddLab(server: GopherlabServer, headers: Record<string, string>, body: string, hintsUsed = 0): Promise<string> {
  const res = await server.app.inject({ method: 'POST', url: '/api/v1/labs/add-lab/check', headers, payload: { files: addLabFiles(body), hintsUsed } });
  const { id } = res.json() as { id: string };
  while ((((await server.app.inject({ url: `/api/v1/checks/${id}` })).json()) as { status: string }).status !== 'done') await new Promise((r) => setTimeout(r, 50));
  return id;
}

export async function testConfig(env: Record<string, string> = {}): Promise<ServerConfig> {
  const dataDir = env.GOPHERLAB_DATA_DIR ?? (await tempDir());
  return loadConfig({
    GOPHERLAB_LOG_LEVEL: 'silent',
    GOPHERLAB_COURSE_DIR: path.join(REPO_ROOT, 'course'),
    GOPHERLAB_WEB_DIR: path.join(dataDir, 'no-web'),
    GOPHERLAB_PORT: '0',
    ...env,
    GOPHERLAB_DATA_DIR: dataDir,
  });
}

export async function startTestServer(env: Record<string, string> = {}, options: CreateServerOptions = {}): Promise<GopherlabServer> {
  const server = await createServer(await testConfig(env), options);
  await server.app.ready();
  return server;
}

/** Reads a server-sent-events stream into parsed {event, data} records until it ends. */
export interface SseEvent {
  /** The `id:` field (the event's sequence number), when the server sent one. */
  id?: string;
  event: string;
  data: unknown;
}

function parseSseBlock(block: string): SseEvent | null {
  const lines = block.split('\n');
  const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
  if (event === undefined) return null;
  const data = JSON.parse(lines.find((l) => l.startsWith('data: '))!.slice(6)) as unknown;
  const id = lines.find((l) => l.startsWith('id: '))?.slice(4);
  return id === undefined ? { event, data } : { id, event, data };
}

export async function readSse(url: string, init: RequestInit = {}): Promise<SseEvent[]> {
  const res = await fetch(url, init);
  if (!res.ok || !res.body) throw new Error(`SSE ${url}: HTTP ${res.status}`);
  const text = await res.text();
  return text
    .split('\n\n')
    .map(parseSseBlock)
    .filter((e): e is SseEvent => e !== null);
}

/** Reads an SSE stream until `until` accepts an event, then drops the connection (as a browser losing it would). */
export async function readSseUntil(url: string, until: (e: SseEvent) => boolean): Promise<SseEvent[]> {
  const controller = new AbortController();
  const res = await fetch(url, { signal: controller.signal });
  if (!res.ok || !res.body) throw new Error(`SSE ${url}: HTTP ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  const got: SseEvent[] = [];
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return got;
    buffer += value;
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const e = parseSseBlock(buffer.slice(0, cut));
      buffer = buffer.slice(cut + 2);
      if (!e) continue;
      got.push(e);
      if (until(e)) {
        controller.abort();
        return got;
      }
    }
  }
}
