/**
 * GET /api/v1/lsp against a real server with the real sandboxed gopls: the
 * handshake, relayed LSP, the message policy, the per-user cap, sign-out,
 * idle sessions, and a gopls that dies (restarted once, then off).
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- LSP payloads are read field by field by the assertions */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { sandboxAvailable } from '@gopherlab/runner';
import { goplsInstalled } from '@gopherlab/runner/editor';
import { startTestServer } from '../testing/harness.js';
import type { GopherlabServer } from '../server.js';
import { CLOSE } from './service.js';

const skip = !(await sandboxAvailable()).ok || !goplsInstalled();
const MAIN = 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hi")\n}\n';

/** One editor connection: control messages, LSP responses by id, notifications, and how it closed. */
class Editor {
  readonly ws: WebSocket;
  readonly messages: any[] = [];
  closed: Promise<{ code: number; reason: string }>;
  readonly opened: Promise<unknown>;
  private nextId = 1;
  private listeners: ((m: any) => void)[] = [];

  constructor(url: string, headers: Record<string, string> = {}) {
    this.ws = new WebSocket(url, { headers });
    this.opened = new Promise((r) => this.ws.once('open', r));
    this.ws.on('message', (d) => {
      const m = JSON.parse(d.toString());
      // Answer gopls's own requests as an editor would.
      if (m.jsonrpc && m.method && m.id !== undefined) this.send({ jsonrpc: '2.0', id: m.id, result: m.method === 'workspace/configuration' ? m.params.items.map(() => ({})) : null });
      this.messages.push(m);
      for (const l of [...this.listeners]) l(m);
    });
    this.closed = new Promise((resolve) => this.ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  send(m: unknown): void {
    this.ws.send(JSON.stringify(m));
  }

  next(match: (m: any) => boolean): Promise<any> {
    const seen = this.messages.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const l = (m: any) => {
        if (!match(m)) return;
        this.listeners.splice(this.listeners.indexOf(l), 1);
        resolve(m);
      };
      this.listeners.push(l);
    });
  }

  async open(files = [{ name: 'main.go', content: MAIN }], sid = 'ed1'): Promise<any> {
    await this.opened;
    this.send({ type: 'open', sid, files });
    return this.next((m) => m.type === 'ready' || m.type === 'error');
  }

  async request(method: string, params: unknown): Promise<any> {
    const id = this.nextId++;
    this.send({ jsonrpc: '2.0', id, method, params });
    return this.next((m) => m.id === id && m.method === undefined);
  }

  async initialize(rootUri: string): Promise<void> {
    await this.request('initialize', { processId: null, rootUri, capabilities: {} });
    this.send({ jsonrpc: '2.0', method: 'initialized', params: {} });
  }
}

describe.skipIf(skip)('editor sessions over /api/v1/lsp', () => {
  let server: GopherlabServer;
  let base: string;
  beforeAll(async () => {
    server = await startTestServer({ GOPHERLAB_LSP: 'on', GOPHERLAB_LSP_SESSIONS: '3', GOPHERLAB_LSP_PER_USER: '2', GOPHERLAB_LSP_IDLE_MS: '3000' });
    base = (await server.listen()).replace('http', 'ws');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('relays LSP to a sandboxed gopls: completion after fmt. and diagnostics without a run', async () => {
    const status = await server.app.inject({ url: '/api/v1/lsp/status' });
    expect(status.json()).toMatchObject({ available: true, capacity: 3 });
    const ed = new Editor(`${base}/api/v1/lsp`);
    const ready = await ed.open();
    expect(ready).toMatchObject({ type: 'ready', rootUri: 'file:///home/gopher/src', goVersion: expect.stringMatching(/^go1\.27\./) });
    await ed.initialize(ready.rootUri);
    const uri = `${ready.rootUri}/main.go`;
    ed.send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'go', version: 1, text: MAIN } } });
    const completion = await ed.request('textDocument/completion', { textDocument: { uri }, position: { line: 5, character: 5 } });
    expect(completion.result.items.map((i: { label: string }) => i.label)).toContain('Println');
    ed.send({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri, version: 2 }, contentChanges: [{ text: MAIN.replace('"hi")', '"hi", undefinedThing)') }] } });
    const diag = await ed.next((m) => m.method === 'textDocument/publishDiagnostics' && m.params.diagnostics.length > 0);
    expect(diag.params.diagnostics[0].message).toMatch(/undefined: undefinedThing/);
    // The policy answers what gopls must not do, with the request's id.
    const refused = await ed.request('workspace/executeCommand', { command: 'gopls.run_tests', arguments: [] });
    expect(refused.error.message).toMatch(/gopls\.run_tests is not offered/);
    const outside = await ed.request('textDocument/hover', { textDocument: { uri: 'file:///etc/passwd' }, position: { line: 0, character: 0 } });
    expect(outside.error.message).toMatch(/documents must be files of this session/);
    ed.ws.close();
    await ed.closed;
  }, 90_000);

  it('refuses a cross-site handshake, a bad hello and a file a run would refuse', async () => {
    const evil = new Editor(`${base}/api/v1/lsp`, { origin: 'https://evil.example' });
    expect(await evil.open()).toMatchObject({ type: 'error', code: 'forbidden' });
    expect((await evil.closed).code).toBe(CLOSE.refused);

    const bad = new Editor(`${base}/api/v1/lsp`);
    await bad.opened;
    bad.ws.send('{"jsonrpc":"2.0","method":"initialize"}');
    expect(await bad.next((m) => m.type === 'error')).toMatchObject({ code: 'lsp_message_invalid' });

    const escape = new Editor(`${base}/api/v1/lsp`);
    expect(await escape.open([{ name: '../x.go', content: 'package x' }])).toMatchObject({ type: 'error', code: 'invalid_file_name' });
  }, 30_000);

  it('holds at most GOPHERLAB_LSP_PER_USER sessions per owner, and sign-out ends a user\'s sessions', async () => {
    const signup = await server.app.inject({ method: 'POST', url: '/api/v1/auth/signup', payload: { email: 'ed@example.com', password: 'correct horse battery', displayName: 'Ed' } });
    const cookie = `gl_session=${signup.cookies.find((c) => c.name === 'gl_session')!.value}`;
    const { csrfToken } = signup.json();
    const a = new Editor(`${base}/api/v1/lsp`, { cookie });
    const b = new Editor(`${base}/api/v1/lsp`, { cookie });
    expect((await a.open(undefined, 'a')).type).toBe('ready');
    expect((await b.open(undefined, 'b')).type).toBe('ready');
    const c = new Editor(`${base}/api/v1/lsp`, { cookie });
    expect(await c.open(undefined, 'c')).toMatchObject({ type: 'error', code: 'lsp_busy', message: expect.stringMatching(/already have 2 editors/) });

    await server.app.inject({ method: 'POST', url: '/api/v1/auth/signout', headers: { cookie, 'x-csrf-token': csrfToken } });
    expect((await a.closed).code).toBe(CLOSE.signedOut);
    expect((await b.closed).code).toBe(CLOSE.signedOut);
  }, 60_000);

  it('ends a session that floods the server with messages', async () => {
    const ed = new Editor(`${base}/api/v1/lsp`);
    expect((await ed.open(undefined, 'flood')).type).toBe('ready');
    const note = JSON.stringify({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id: 0 } });
    for (let i = 0; i < 2000; i++) ed.ws.send(note);
    expect(await ed.next((m) => m.type === 'ended')).toMatchObject({ message: expect.stringMatching(/faster than the server accepts/) });
    expect((await ed.closed).code).toBe(CLOSE.policy);
  }, 30_000);

  it('ends an idle session, and restarts a gopls that dies once, then turns assistance off for that editor', async () => {
    const idle = new Editor(`${base}/api/v1/lsp`);
    expect((await idle.open(undefined, 'idle')).type).toBe('ready');
    expect(await idle.next((m) => m.type === 'idle')).toMatchObject({ message: expect.stringMatching(/paused while you were away/) });
    expect((await idle.closed).code).toBe(CLOSE.idle);

    for (const [attempt, code, type] of [[1, CLOSE.restart, 'restart'], [2, CLOSE.disabled, 'disabled']] as const) {
      const ed = new Editor(`${base}/api/v1/lsp`);
      expect((await ed.open(undefined, 'crashy')).type, `attempt ${attempt}`).toBe('ready');
      // `exit` without `shutdown`: gopls stops with status 1, as a crash would look.
      ed.send({ jsonrpc: '2.0', method: 'exit' });
      expect(await ed.next((m) => m.type === type)).toMatchObject({ message: expect.any(String) });
      expect((await ed.closed).code).toBe(code);
    }
    const again = new Editor(`${base}/api/v1/lsp`);
    expect(await again.open(undefined, 'crashy')).toMatchObject({ type: 'error', code: 'lsp_unavailable', message: expect.stringMatching(/stopped twice/) });
  }, 90_000);
});

describe('GET /api/v1/lsp/source', () => {
  let server: GopherlabServer;
  beforeAll(async () => {
    server = await startTestServer({ GOPHERLAB_LSP: 'off' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('serves the standard-library file a definition names, as plain text, and nothing else', async () => {
    const status = await server.app.inject({ url: '/api/v1/lsp/status' });
    expect(status.json()).toMatchObject({ available: false, reason: expect.stringMatching(/GOPHERLAB_LSP=off/) });
    const version = (await server.app.inject({ url: '/api/v1/toolchains' })).json().toolchains[0].version as string;
    const ok = await server.app.inject({ url: `/api/v1/lsp/source?uri=${encodeURIComponent(`file:///opt/go/${version}/src/fmt/print.go`)}` });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toMatch(/^text\/plain/);
    expect(ok.body).toMatch(/^func Println/m);
    const bad = await server.app.inject({ url: `/api/v1/lsp/source?uri=${encodeURIComponent('file:///etc/passwd')}` });
    expect(bad.statusCode).toBe(404);
    expect(bad.json().error.code).toBe('not_found');
  });
});
