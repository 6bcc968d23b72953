import { describe, expect, it } from 'vitest';
import { checkClientMessage, refusal } from './policy.js';

const req = (method: string, params: unknown = {}, id: number | undefined = 1) => JSON.stringify({ jsonrpc: '2.0', ...(id === undefined ? {} : { id }), method, params });

describe('editor message policy', () => {
  it('passes what the editor sends: requests, notifications and responses to gopls', () => {
    expect(checkClientMessage(req('textDocument/completion', { textDocument: { uri: 'file:///home/gopher/src/main.go' }, position: { line: 0, character: 0 } })).ok).toBe(true);
    expect(checkClientMessage(req('textDocument/hover', { textDocument: { uri: 'file:///opt/go/go1.27.3/src/fmt/print.go' } })).ok).toBe(true);
    expect(checkClientMessage(req('initialized', {}, undefined)).ok).toBe(true);
    expect(checkClientMessage(JSON.stringify({ jsonrpc: '2.0', id: 7, result: [{}] })).ok).toBe(true);
    expect(checkClientMessage(req('workspace/executeCommand', { command: 'gopls.apply_fix' })).ok).toBe(true);
  });

  it('refuses unknown methods and commands that start work, with the request id', () => {
    expect(checkClientMessage(req('gopls/debugServer'))).toMatchObject({ ok: false, id: 1 });
    expect(checkClientMessage(req('workspace/executeCommand', { command: 'gopls.run_tests' }))).toMatchObject({ ok: false, id: 1, reason: expect.stringContaining('gopls.run_tests') });
    expect(checkClientMessage(req('workspace/executeCommand', { command: 'gopls.start_debugging' })).ok).toBe(false);
    expect(JSON.parse(refusal(3, 'nope'))).toMatchObject({ id: 3, error: { code: -32601 } });
  });

  it('refuses documents outside the session and the Go sources', () => {
    for (const uri of ['file:///etc/passwd', 'file:///home/gopher/src/../../../etc/passwd', 'file:///home/gopher/src/%2e%2e/x', 'untitled:x', 42]) {
      expect(checkClientMessage(req('textDocument/didOpen', { textDocument: { uri, text: '' } }, undefined)).ok).toBe(false);
    }
  });

  it('refuses what is not JSON-RPC 2.0 and oversized messages', () => {
    for (const raw of ['{', '[]', '{"jsonrpc":"1.0","method":"initialize"}', '{"jsonrpc":"2.0"}', 'null']) expect(checkClientMessage(raw).ok).toBe(false);
    expect(checkClientMessage(req('textDocument/didChange', { text: 'x'.repeat(3 * 1024 * 1024) })).ok).toBe(false);
  });
});
