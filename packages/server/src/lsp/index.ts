import { createEditorHost, goplsInstalled } from '@gopherlab/runner/editor';
import type { ServerConfig } from '../config/index.js';
import { EditorService } from './service.js';

export { EditorService, CLOSE, type EditorConnection, type EditorHello, type EditorOwner } from './service.js';
export { lspRoutes } from './routes.js';

/**
 * Editor assistance where this process runs code in a sandbox; elsewhere (a
 * web-only node, no sandbox, GOPHERLAB_LSP=off, gopls not built) a service
 * that refuses with the reason, and the editor keeps highlighting.
 */
export function createEditorService(config: ServerConfig, runsCode: boolean, log: { warn(obj: object, msg: string): void }): EditorService {
  const options = { perUser: config.lsp.perUser, idleMs: config.lsp.idleMs, capacity: config.lsp.sessions, log };
  if (!config.lsp.enabled) return new EditorService(null, 'it is turned off on this server (GOPHERLAB_LSP=off)', options);
  if (!runsCode) return new EditorService(null, 'this node runs no code, so it has no sandbox for gopls', options);
  if (!goplsInstalled()) return new EditorService(null, 'gopls is not built here (run the setup script)', options);
  return new EditorService(() => createEditorHost({ sessions: config.lsp.sessions }), undefined, options);
}
