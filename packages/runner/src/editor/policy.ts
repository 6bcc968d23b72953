/**
 * What a browser may ask of gopls. The sandbox is the boundary (gopls runs
 * as a slot user with no network and read-only toolchains), this is the
 * second wall: only the methods the editor uses reach gopls, documents live
 * under the session's own folder or the read-only Go sources, and commands
 * that would start work of their own (tests, debugging, vulncheck, profiling)
 * never do.
 */
import { INSIDE } from '../sandbox/recipe.js';

/** One client message; larger ones are refused (a file is at most the run policy's 256 KiB, with JSON escaping). */
export const MAX_CLIENT_MESSAGE_BYTES = 2 * 1024 * 1024;

/** Methods the editor sends (@codemirror/lsp-client and our own workspace). */
const METHODS = new Set([
  'initialize',
  'initialized',
  'shutdown',
  'exit',
  '$/cancelRequest',
  '$/setTrace',
  'workspace/didChangeConfiguration',
  'workspace/executeCommand',
  'textDocument/didOpen',
  'textDocument/didChange',
  'textDocument/didClose',
  'textDocument/didSave',
  'textDocument/completion',
  'completionItem/resolve',
  'textDocument/hover',
  'textDocument/signatureHelp',
  'textDocument/definition',
  'textDocument/declaration',
  'textDocument/typeDefinition',
  'textDocument/implementation',
  'textDocument/references',
  'textDocument/documentHighlight',
  'textDocument/documentSymbol',
  'textDocument/prepareRename',
  'textDocument/rename',
  'textDocument/formatting',
  'textDocument/rangeFormatting',
  'textDocument/codeAction',
  'codeAction/resolve',
  'textDocument/diagnostic',
  'textDocument/inlayHint',
  'textDocument/foldingRange',
]);

/** gopls commands that only compute edits; everything else (run_tests, start_debugging, run_govulncheck, ...) is refused. */
const COMMANDS = new Set(['gopls.apply_fix', 'gopls.add_import', 'gopls.organize_imports', 'gopls.list_imports', 'gopls.change_signature', 'gopls.extract_to_new_file']);

/** Document URIs a session may name: its own files and the read-only Go sources. */
const ROOTS = [`file://${INSIDE.src}/`, `file://${INSIDE.toolchains}/`, `file://${INSIDE.modcache}/`];

export type Verdict = { ok: true; message: Record<string, unknown> } | { ok: false; reason: string; id?: number | string };

/** Checks one message from the browser; a refused request gets an error response with its id. */
export function checkClientMessage(raw: string): Verdict {
  if (Buffer.byteLength(raw, 'utf8') > MAX_CLIENT_MESSAGE_BYTES) return { ok: false, reason: `message larger than ${MAX_CLIENT_MESSAGE_BYTES} bytes` };
  let msg: unknown;
  try {
    msg = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (!msg || typeof msg !== 'object' || Array.isArray(msg) || (msg as { jsonrpc?: unknown }).jsonrpc !== '2.0') return { ok: false, reason: 'not a JSON-RPC 2.0 object' };
  const m = msg as { id?: unknown; method?: unknown; params?: unknown };
  const id = typeof m.id === 'number' || typeof m.id === 'string' ? m.id : undefined;
  // A response to one of gopls's requests (workspace/configuration, progress tokens).
  if (m.method === undefined) return id !== undefined ? { ok: true, message: m as Record<string, unknown> } : { ok: false, reason: 'neither a request nor a response' };
  if (typeof m.method !== 'string' || !METHODS.has(m.method)) return refuse(`method ${String(m.method).slice(0, 60)} is not offered`, id);
  if (m.method === 'workspace/executeCommand') {
    const command = (m.params as { command?: unknown } | undefined)?.command;
    if (typeof command !== 'string' || !COMMANDS.has(command)) return refuse(`command ${String(command).slice(0, 60)} is not offered`, id);
  }
  const uri = (m.params as { textDocument?: { uri?: unknown } } | undefined)?.textDocument?.uri;
  if (uri !== undefined && (typeof uri !== 'string' || !ROOTS.some((r) => uri.startsWith(r)) || uri.includes('/../') || uri.includes('%'))) {
    return refuse('documents must be files of this session or Go sources', id);
  }
  return { ok: true, message: m as Record<string, unknown> };
}

function refuse(reason: string, id: number | string | undefined): Verdict {
  return id === undefined ? { ok: false, reason } : { ok: false, reason, id };
}

/** The JSON-RPC error a refused request receives, so the editor's promise settles. */
export function refusal(id: number | string, reason: string): string {
  return JSON.stringify({ jsonrpc: '2.0', id, error: { code: -32601, message: `gopherlab: ${reason}` } });
}
