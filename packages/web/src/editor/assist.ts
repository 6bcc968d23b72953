/**
 * Editor assistance: a gopls session on the server (GET /api/v1/lsp, one
 * WebSocket) driven by @codemirror/lsp-client. Completion, hover, signature
 * help, diagnostics as you type, go to definition, rename, format and code
 * actions come from the real gopls; this file only connects it to our
 * editors.
 *
 * One EditorAssist per editing surface (the playground, a lab, a lesson
 * block). Its workspace holds every file of that surface open in gopls, not
 * only the one on screen: the editor shows one file at a time, and gopls must
 * still see the edits made to the others.
 *
 * When assistance cannot be had (busy, not built, stopped twice), the editor
 * keeps plain highlighting and says why; runs never depend on it.
 */
import { ChangeSet, Text, type Extension } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';
import { keymap } from '@codemirror/view';
import {
  LSPClient,
  LSPPlugin,
  Workspace,
  findReferencesKeymap,
  formatDocument,
  formatKeymap,
  hoverTooltips,
  jumpToDefinitionKeymap,
  renameKeymap,
  serverCompletion,
  signatureHelp,
  type Transport,
  type WorkspaceFile,
} from '@codemirror/lsp-client';
import DOMPurify from 'dompurify';
import { actionEdits, applyEdits, goplsDiagnostics, wholeDocument, type CodeAction } from './lsp-diagnostics.js';
import { showGoSource, type ViewerLabels } from './source-viewer.js';

export interface AssistFile {
  name: string;
  content: string;
}

export type AssistState =
  | { kind: 'connecting' }
  | { kind: 'ready'; goVersion: string }
  /** Paused while idle; the next edit reconnects. */
  | { kind: 'paused'; message: string }
  /** Not available for this editor: busy, not built here, stopped twice, signed out. */
  | { kind: 'off'; code: string; message: string };

export interface AssistOptions {
  files: readonly AssistFile[];
  goVersion?: string;
  /** Show a file of this surface (go to definition in another tab); resolves to the view once shown. */
  display?(name: string): Promise<EditorView | null>;
  /** Words of the read-only viewer for standard-library sources. */
  viewer: ViewerLabels;
  /** At most one connected assist per group (lesson blocks): a new one pauses the previous. */
  group?: string;
  onState(state: AssistState): void;
}

const groupHolder = new Map<string, EditorAssist>();

/** Files gopls reads: Go sources and the module files. */
export function assisted(name: string): boolean {
  return name.endsWith('.go') || name === 'go.mod' || name === 'go.work';
}

function languageId(name: string): string {
  return name.endsWith('.go') ? 'go' : name === 'go.work' ? 'go.work' : 'go.mod';
}

/** Close codes of the server (packages/server/src/lsp/service.ts CLOSE). */
const CLOSE_RESTART = 4001;

/** The library's WorkspaceFileUpdate (not exported by name). */
type WorkspaceFileUpdate = ReturnType<Workspace['syncFiles']>[number];

class ProjectFile implements WorkspaceFile {
  view: EditorView | null = null;
  /** Content to send as a whole-file change at the next sync (edited while off screen, or replaced from outside). */
  pending: Text | null = null;
  constructor(
    readonly uri: string,
    readonly languageId: string,
    public version: number,
    public doc: Text,
  ) {}
  getView(): EditorView | null {
    return this.view;
  }
}

/** Every file of the surface stays open in gopls; a view attaches to the file it shows. */
class ProjectWorkspace extends Workspace {
  files: ProjectFile[] = [];

  constructor(
    client: LSPClient,
    private readonly root: string,
    initial: readonly AssistFile[],
    private readonly display: AssistOptions['display'],
    private readonly viewer: ViewerLabels,
  ) {
    super(client);
    this.setFiles(initial, false);
  }

  uriOf(name: string): string {
    return `${this.root}/${name}`;
  }

  /** Brings the workspace in line with the surface's files: new ones open, removed ones close, outside edits sync. */
  setFiles(files: readonly AssistFile[], notify = true): void {
    const wanted = new Map(files.filter((f) => assisted(f.name)).map((f) => [this.uriOf(f.name), f]));
    for (const f of [...this.files]) {
      if (wanted.has(f.uri)) continue;
      this.files = this.files.filter((x) => x !== f);
      if (notify) this.client.didClose(f.uri);
    }
    for (const [uri, src] of wanted) {
      const have = this.getFile(uri) as ProjectFile | null;
      if (!have) {
        const f = new ProjectFile(uri, languageId(src.name), 1, Text.of(src.content.split('\n')));
        this.files.push(f);
        if (notify) this.client.didOpen(f);
      } else if (!have.view && (have.pending ?? have.doc).toString() !== src.content) {
        have.pending = Text.of(src.content.split('\n'));
      }
    }
    if (notify) this.client.sync();
  }

  syncFiles(): readonly WorkspaceFileUpdate[] {
    const out: WorkspaceFileUpdate[] = [];
    for (const f of this.files) {
      const plugin = f.view ? LSPPlugin.get(f.view) : null;
      let changes: ChangeSet | null = null;
      let next = f.doc;
      if (f.pending) {
        changes = ChangeSet.of({ from: 0, to: f.doc.length, insert: f.pending }, f.doc.length);
        next = f.pending;
        f.pending = null;
      }
      if (plugin && !plugin.unsyncedChanges.empty) {
        changes = changes ? changes.compose(plugin.unsyncedChanges) : plugin.unsyncedChanges;
        next = f.view!.state.doc;
        plugin.clear();
      }
      if (!changes) continue;
      out.push({ file: f, prevDoc: f.doc, changes });
      f.doc = next;
      f.version++;
    }
    return out;
  }

  openFile(uri: string, _languageId: string, view: EditorView): void {
    const f = this.getFile(uri) as ProjectFile | null;
    if (!f) return;
    f.view = view;
    // The plugin counts changes from the view's document; anything before that goes as one replacement.
    if ((f.pending ?? f.doc).toString() !== view.state.doc.toString()) f.pending = view.state.doc;
  }

  closeFile(uri: string, view: EditorView): void {
    const f = this.getFile(uri) as ProjectFile | null;
    if (!f || f.view !== view) return;
    // Edits not yet sent travel as a replacement; the file stays open in gopls.
    if (f.doc.toString() !== view.state.doc.toString()) f.pending = view.state.doc;
    f.view = null;
    queueMicrotask(() => this.client.connected && this.client.sync());
  }

  override async displayFile(uri: string): Promise<EditorView | null> {
    const f = this.getFile(uri) as ProjectFile | null;
    if (f?.view) return f.view;
    if (!uri.startsWith(`${this.root}/`)) return showGoSource(uri, this.viewer);
    return this.display ? this.display(uri.slice(this.root.length + 1)) : null;
  }
}

let sidCounter = 0;

export class EditorAssist {
  private ws: WebSocket | null = null;
  private client: LSPClient | null = null;
  private workspace: ProjectWorkspace | null = null;
  private readonly handlers = new Set<(message: string) => void>();
  private files: readonly AssistFile[];
  private goVersion: string | undefined;
  private state: AssistState = { kind: 'connecting' };
  private disposed = false;
  /** Stable across reconnects of this editor: the server counts gopls restarts by it. */
  private readonly sid = `${Date.now().toString(36)}-${(sidCounter++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

  constructor(private readonly options: AssistOptions) {
    this.files = options.files;
    this.goVersion = options.goVersion;
    this.connect();
  }

  get current(): AssistState {
    return this.state;
  }

  /** The extension an editor state of `name` carries: the LSP plugin when connected, nothing otherwise. */
  extension(name: string): Extension {
    if (this.state.kind !== 'ready' || !this.client || !this.workspace || !assisted(name)) return [];
    return this.client.plugin(this.workspace.uriOf(name), languageId(name));
  }

  /** The surface's files changed (typing, a new tab, a reset). */
  setFiles(files: readonly AssistFile[]): void {
    this.files = files;
    this.workspace?.setFiles(files);
    if (this.state.kind === 'paused') this.connect();
  }

  /** A new Go release selected: gopls must run `go list` with that toolchain, so the session starts over. */
  setGoVersion(goVersion: string | undefined): void {
    if (goVersion === this.goVersion) return;
    this.goVersion = goVersion;
    if (this.state.kind === 'off') return;
    this.teardown();
    this.connect();
  }

  dispose(): void {
    this.disposed = true;
    if (this.options.group && groupHolder.get(this.options.group) === this) groupHolder.delete(this.options.group);
    this.teardown();
  }

  private setState(s: AssistState): void {
    this.state = s;
    if (!this.disposed) this.options.onState(s);
  }

  private teardown(): void {
    this.client?.disconnect();
    this.client = null;
    this.workspace = null;
    const ws = this.ws;
    this.ws = null;
    if (ws && ws.readyState <= WebSocket.OPEN) ws.close(1000);
  }

  /** Lets go of the session (another editor of the group took it); the next edit here takes it back. */
  pause(message = ''): void {
    this.teardown();
    this.setState({ kind: 'paused', message });
  }

  private connect(): void {
    if (this.disposed) return;
    const group = this.options.group;
    if (group) {
      const holder = groupHolder.get(group);
      if (holder && holder !== this) holder.pause();
      groupHolder.set(group, this);
    }
    this.setState({ kind: 'connecting' });
    const url = new URL('/api/v1/lsp', window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(url);
    this.ws = ws;
    ws.onopen = () => {
      ws.send(JSON.stringify({ type: 'open', sid: this.sid, files: this.files.map(({ name, content }) => ({ name, content })), ...(this.goVersion ? { goVersion: this.goVersion } : {}) }));
    };
    ws.onmessage = (e: MessageEvent<string>) => {
      if (ws !== this.ws) return;
      const text = e.data;
      // Control messages carry `type`; everything else is LSP.
      if (text.startsWith('{"type"')) return this.control(JSON.parse(text) as { type: string; code?: string; message?: string; rootUri?: string; goVersion?: string });
      for (const h of this.handlers) h(text);
    };
    ws.onclose = (e) => {
      if (ws !== this.ws) return;
      this.client?.disconnect();
      this.client = null;
      this.workspace = null;
      this.ws = null;
      if (e.code === CLOSE_RESTART) return this.connect();
      if (this.state.kind === 'ready' || this.state.kind === 'connecting') this.setState({ kind: 'off', code: 'lsp_unavailable', message: '' });
    };
  }

  private control(m: { type: string; code?: string; message?: string; rootUri?: string; goVersion?: string }): void {
    if (m.type === 'ready' && m.rootUri) {
      const transport: Transport = {
        send: (message) => this.ws?.readyState === WebSocket.OPEN && this.ws.send(message),
        subscribe: (h) => void this.handlers.add(h),
        unsubscribe: (h) => void this.handlers.delete(h),
      };
      const root = m.rootUri;
      const client = new LSPClient({
        rootUri: root,
        // pkg.go.dev has no page for a learner's package main; links would mostly lead nowhere.
        initializationOptions: { linksInHover: false },
        // A cold gopls loads the standard library's types first; later answers take milliseconds.
        timeout: 15_000,
        workspace: (c) => (this.workspace = new ProjectWorkspace(c, root, this.files, this.options.display, this.options.viewer)),
        // gopls renders doc comments, which the learner (or a shared link) wrote: never trust their HTML.
        sanitizeHTML: (html) => DOMPurify.sanitize(html),
        extensions: [
          serverCompletion(),
          hoverTooltips(),
          keymap.of([...formatKeymap, ...renameKeymap, ...jumpToDefinitionKeymap, ...findReferencesKeymap]),
          signatureHelp(),
          // The library's diagnostics, plus the analyzer's name and gopls's quick fixes.
          goplsDiagnostics(),
        ],
        // gopls reports progress ("Finished loading packages.") as messages; only warnings and errors deserve a panel.
        notificationHandlers: { 'window/showMessage': (_c, params: { type: number }) => params.type > 2 },
      });
      this.client = client;
      client.connect(transport);
      void client.initializing.then(() => this.client === client && this.setState({ kind: 'ready', goVersion: m.goVersion ?? '' }));
      return;
    }
    if (m.type === 'idle') return this.setState({ kind: 'paused', message: m.message ?? '' });
    if (m.type === 'restart') return; // the close that follows reconnects
    this.setState({ kind: 'off', code: m.code ?? m.type, message: m.message ?? '' });
  }
}

/**
 * goimports through gopls: the "organize imports" code action (missing
 * imports added, unused ones removed), then gopls's formatting. What Ctrl+S
 * does while gopls is connected.
 */
export async function organizeAndFormat(view: EditorView): Promise<void> {
  const plugin = LSPPlugin.get(view);
  if (!plugin) return;
  plugin.client.sync();
  const doc = view.state.doc;
  const actions = await plugin.client.request<unknown, CodeAction[] | null>('textDocument/codeAction', {
    textDocument: { uri: plugin.uri },
    range: wholeDocument(plugin, doc),
    context: { diagnostics: [], only: ['source.organizeImports'] },
  });
  const action = actions?.find((a) => a.kind === 'source.organizeImports');
  const edits = action ? await actionEdits(plugin.client, plugin.uri, action) : [];
  // Only onto the document the edits were computed for: a keystroke meanwhile wins.
  if (view.state.doc === doc) applyEdits(view, plugin, edits);
  formatDocument(view);
}
