/**
 * Hostile use of editor sessions: one learner's gopls cannot see another's
 * files or the host's, a gopls that outgrows its memory is stopped and
 * reported as such, and the host stays usable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEditorHost, goplsInstalled, type EditorExit, type EditorHost } from '../../src/editor/index.js';
import { TestClient } from '../../src/editor/test-client.js';
import { unavailableReason } from './helpers.js';

const skip = (await unavailableReason()) ?? (goplsInstalled() ? undefined : 'gopls is not built (scripts/setup.d/35-gopls.sh)');

async function session(host: EditorHost, files: { name: string; content: string }[]) {
  const client = new TestClient();
  const exits: EditorExit[] = [];
  client.session = host.start({ files, onMessage: client.onMessage, onExit: (e) => exits.push(e) });
  await client.initialize(client.session.rootUri);
  for (const f of files) client.notify('textDocument/didOpen', { textDocument: { uri: `${client.session.rootUri}/${f.name}`, languageId: 'go', version: 1, text: f.content } });
  return { client, exits };
}

describe.skipIf(skip !== undefined)('hostile: editor sessions', () => {
  let host: EditorHost;
  beforeAll(async () => {
    host = await createEditorHost({ sessions: 2 });
  });
  afterAll(async () => {
    await host?.close();
  });

  it("a session sees only its own files: another learner's code and the host's files are not there", async () => {
    const a = await session(host, [{ name: 'secret.go', content: 'package main\n\n// SecretOfA is only in session A.\nconst SecretOfA = "a-secret"\n\nfunc main() {}\n' }]);
    const probe = 'package main\n\nimport "os"\n\nfunc main() {\n\t_, _ = os.ReadFile("/etc/shadow")\n\t_ = Secret\n}\n';
    const b = await session(host, [{ name: 'main.go', content: probe }]);
    const uri = `${b.client.session.rootUri}/main.go`;
    const list = await b.client.request('textDocument/completion', { textDocument: { uri }, position: { line: 6, character: 11 } });
    expect(JSON.stringify(list)).not.toContain('SecretOfA');
    // Both sessions name the same paths inside, yet each slot has its own scratch.
    expect(a.client.session.rootUri).toBe(b.client.session.rootUri);
    const diag = await b.client.next((n) => n.method === 'textDocument/publishDiagnostics' && n.params.diagnostics.length > 0);
    expect(JSON.stringify(diag.params.diagnostics)).toMatch(/undefined: Secret/);
    a.client.session.close();
    b.client.session.close();
  }, 90_000);

  it('a gopls beyond its memory limit is stopped and reported as memory_limit, and the host recovers', async () => {
    const small = await createEditorHost({ sessions: 1, limits: { memoryBytes: 64 * 1024 * 1024 } });
    try {
      // Type-checking the net/http closure does not fit in 64 MiB next to gopls itself.
      const s = await session(small, [{ name: 'main.go', content: 'package main\n\nimport (\n\t"net/http"\n\t"encoding/json"\n\t"crypto/tls"\n)\n\nvar _ = http.Get\nvar _ = json.Marshal\nvar _ tls.Config\n\nfunc main() {}\n' }]).catch(() => null);
      for (let i = 0; i < 300 && small.active > 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(small.active).toBe(0);
      expect(s?.exits[0]).toMatchObject({ status: 'memory_limit', closed: false, reason: expect.stringMatching(/more than its/) });
    } finally {
      await small.close();
    }
    // The shared host is unaffected.
    const ok = await session(host, [{ name: 'main.go', content: 'package main\n\nfunc main() {}\n' }]);
    const hover = await ok.client.request('textDocument/hover', { textDocument: { uri: `${ok.client.session.rootUri}/main.go` }, position: { line: 2, character: 6 } });
    expect(JSON.stringify(hover)).toMatch(/func main/);
    ok.client.session.close();
  }, 120_000);
});
