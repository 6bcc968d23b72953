/**
 * A real gopls in the sandbox: the LSP conversation the editor has (initialize,
 * open, completion, hover, definition, diagnostics), what a session can see,
 * and the capacity answer. Skipped only where the sandbox cannot run (the
 * hostile suite names the reason); CI machines have it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxAvailable } from '../sandbox/index.js';
import { createEditorHost, goplsInstalled, type EditorHost, type EditorSession } from './host.js';
import { TestClient } from './test-client.js';

const available = await sandboxAvailable();
const skip = !available.ok || !goplsInstalled();

const MAIN = 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println(greet("gopher"))\n}\n';
const GREET = 'package main\n\n// greet says hello.\nfunc greet(name string) string { return "hello, " + name }\n';

describe.skipIf(skip)('editor host: gopls in the sandbox', () => {
  let host: EditorHost;
  const sessions: EditorSession[] = [];
  beforeAll(async () => {
    host = await createEditorHost({ sessions: 2 });
  });
  afterAll(async () => {
    await host?.close();
  });

  const idle = async (n: number) => {
    for (let i = 0; i < 100 && host.active > n; i++) await new Promise((r) => setTimeout(r, 100));
    expect(host.active).toBeLessThanOrEqual(n);
  };
  const closeAll = async () => {
    for (const s of sessions.splice(0)) s.close();
    await idle(0);
  };

  async function open(files: { name: string; content: string }[], goVersion?: string) {
    const client = new TestClient();
    const exits: unknown[] = [];
    client.session = host.start({ files, ...(goVersion ? { goVersion } : {}), onMessage: client.onMessage, onExit: (e) => exits.push(e) });
    sessions.push(client.session);
    await client.initialize(client.session.rootUri);
    for (const f of files) client.notify('textDocument/didOpen', { textDocument: { uri: `${client.session.rootUri}/${f.name}`, languageId: 'go', version: 1, text: f.content } });
    return { client, exits };
  }

  it('completes, hovers, jumps to a definition and reports diagnostics as the learner types', async () => {
    const t0 = performance.now();
    const { client } = await open([{ name: 'main.go', content: MAIN }, { name: 'greet.go', content: GREET }]);
    const root = client.session.rootUri;
    const list = await client.request('textDocument/completion', { textDocument: { uri: `${root}/main.go` }, position: { line: 5, character: 5 } });
    const coldMs = performance.now() - t0;
    const labels = (list.items ?? list).map((i: { label: string }) => i.label);
    expect(labels).toContain('Println');
    expect(labels).toContain('Sprintf');

    const hover = await client.request('textDocument/hover', { textDocument: { uri: `${root}/main.go` }, position: { line: 5, character: 15 } });
    expect(JSON.stringify(hover.contents)).toMatch(/greet says hello/);

    const def = await client.request('textDocument/definition', { textDocument: { uri: `${root}/main.go` }, position: { line: 5, character: 15 } });
    expect(def[0].uri).toBe(`${root}/greet.go`);
    const std = await client.request('textDocument/definition', { textDocument: { uri: `${root}/main.go` }, position: { line: 5, character: 7 } });
    expect(std[0].uri).toMatch(/^file:\/\/\/opt\/go\/go1\.27\.\d+\/src\/fmt\/print\.go$/);

    // An unused variable, typed without a run: gopls's own type checker and analyzers answer.
    client.notify('textDocument/didChange', { textDocument: { uri: `${root}/main.go`, version: 2 }, contentChanges: [{ text: MAIN.replace('\tfmt.Println', '\tx := 1\n\tfmt.Println') }] });
    const diag = await client.next((n) => n.method === 'textDocument/publishDiagnostics' && n.params.uri.endsWith('main.go') && n.params.diagnostics.length > 0);
    expect(diag.params.diagnostics[0].message).toMatch(/declared and not used: x/);
    console.log(`editor host: first completion after ${Math.round(coldMs)} ms (cold session)`);
  }, 60_000);

  it('runs gopls with the selected Go release and the generated go.mod of a run', async () => {
    const { client } = await open([{ name: 'main.go', content: MAIN }], '1.26');
    expect(client.session.goVersion).toMatch(/^go1\.26\./);
    const def = await client.request('textDocument/definition', { textDocument: { uri: `${client.session.rootUri}/main.go` }, position: { line: 5, character: 7 } });
    expect(def[0].uri).toMatch(/\/opt\/go\/go1\.26\.\d+\/src\/fmt\/print\.go$/);
    client.session.close();
  }, 60_000);

  it('understands a go.work workspace of two modules: a definition crosses into the other module', async () => {
    await closeAll();
    const files = [
      { name: 'go.work', content: 'go 1.27\n\nuse (\n\t./app\n\t./lib\n)\n' },
      { name: 'lib/go.mod', content: 'module example.com/lib\n\ngo 1.27\n' },
      { name: 'lib/lib.go', content: 'package lib\n\n// Twice doubles n.\nfunc Twice(n int) int { return 2 * n }\n' },
      { name: 'app/go.mod', content: 'module example.com/app\n\ngo 1.27\n\nrequire example.com/lib v0.0.0\n' },
      { name: 'app/main.go', content: 'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/lib"\n)\n\nfunc main() { fmt.Println(lib.Twice(21)) }\n' },
    ];
    const { client } = await open(files);
    const def = await client.request('textDocument/definition', { textDocument: { uri: `${client.session.rootUri}/app/main.go` }, position: { line: 8, character: 31 } });
    expect(def[0].uri).toBe(`${client.session.rootUri}/lib/lib.go`);
    client.session.close();
  }, 60_000);

  it('answers lsp_busy beyond its capacity and frees the slot when a session closes', async () => {
    await closeAll();
    const a = await open([{ name: 'main.go', content: MAIN }]);
    await open([{ name: 'main.go', content: MAIN }]);
    expect(() => host.start({ files: [{ name: 'main.go', content: MAIN }], onMessage: () => {}, onExit: () => {} })).toThrow(expect.objectContaining({ code: 'lsp_busy' }));
    a.client.session.close();
    await idle(1);
    await expect(a.exits).toEqual([{ status: 'exited', closed: true }]);
    const c = await open([{ name: 'main.go', content: MAIN }]);
    expect(c.client.session.goVersion).toMatch(/^go1\.27\./);
  }, 60_000);
});
