/**
 * TEST SUPPORT: a minimal LSP client over an EditorSession, as the editor
 * would speak (requests by id, notifications by method, answers to gopls's
 * own requests). Used by the editor host's tests and the hostile suite.
 */
import type { EditorSession } from './host.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- LSP payloads are checked by the tests that read them */
export class TestClient {
  private nextId = 1;
  private readonly pending = new Map<number, (m: { result?: unknown; error?: { message: string } }) => void>();
  readonly notifications: { method: string; params: any }[] = [];
  private readonly waiters: { match: (n: { method: string; params: any }) => boolean; resolve: (n: any) => void }[] = [];
  session!: EditorSession;

  onMessage = (json: string) => {
    const m = JSON.parse(json);
    if (m.id !== undefined && m.method === undefined) {
      this.pending.get(m.id)?.(m);
      this.pending.delete(m.id);
    } else if (m.id !== undefined) {
      // gopls asks (workspace/configuration, progress): answer as an editor would.
      this.session.send(JSON.stringify({ jsonrpc: '2.0', id: m.id, result: m.method === 'workspace/configuration' ? (m.params.items ?? []).map(() => ({})) : null }));
    } else {
      this.notifications.push(m);
      for (const w of [...this.waiters]) if (w.match(m)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };

  request<T = any>(method: string, params: unknown): Promise<T> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (m) => (m.error ? reject(new Error(m.error.message)) : resolve(m.result as T)));
      this.session.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }

  notify(method: string, params: unknown): void {
    this.session.send(JSON.stringify({ jsonrpc: '2.0', method, params }));
  }

  next(match: (n: { method: string; params: any }) => boolean): Promise<{ method: string; params: any }> {
    const seen = this.notifications.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  async initialize(rootUri: string): Promise<any> {
    const r = await this.request('initialize', { processId: null, rootUri, capabilities: { textDocument: { completion: { completionItem: { snippetSupport: false } }, hover: { contentFormat: ['markdown'] }, publishDiagnostics: {} } }, workspaceFolders: [{ uri: rootUri, name: 'src' }] });
    this.notify('initialized', {});
    return r;
  }
}

