/**
 * gopls's diagnostics in CodeMirror's lint UI, with what the library's own
 * `serverDiagnostics` leaves out: the analyzer that spoke (`nilness`,
 * `unusedresult`, `compiler` ...) as the diagnostic's source, and gopls's
 * quick fixes as buttons in the diagnostic's tooltip. Diagnostics arrive as
 * the learner types (a sync 300 ms after the last change); no run needed.
 */
import type { ChangeSpec } from '@codemirror/state';
import { ViewPlugin, type EditorView } from '@codemirror/view';
import { setDiagnostics, type Action, type Diagnostic } from '@codemirror/lint';
import { LSPPlugin, type LSPClient, type LSPClientExtension } from '@codemirror/lsp-client';

interface Position {
  line: number;
  character: number;
}
interface Range {
  start: Position;
  end: Position;
}
interface LspDiagnostic {
  range: Range;
  severity?: number;
  code?: string | number;
  source?: string;
  message: string;
}
interface TextEdit {
  range: Range;
  newText: string;
}
export interface CodeAction {
  title: string;
  kind?: string;
  diagnostics?: LspDiagnostic[];
  edit?: { changes?: Record<string, TextEdit[]>; documentChanges?: { textDocument?: { uri: string }; edits?: TextEdit[] }[] };
  data?: unknown;
}

const severity = (s: number | undefined): Diagnostic['severity'] => (s === 2 ? 'warning' : s === 3 ? 'info' : s === 4 ? 'hint' : 'error');

const sameDiagnostic = (a: LspDiagnostic, b: LspDiagnostic) =>
  a.message === b.message && a.range.start.line === b.range.start.line && a.range.start.character === b.range.start.character && a.range.end.line === b.range.end.line && a.range.end.character === b.range.end.character;

/** The edits of `action` for `uri` (resolving the action first when gopls computes edits lazily). */
export async function actionEdits(client: LSPClient, uri: string, action: CodeAction): Promise<TextEdit[]> {
  const resolved = !action.edit && action.data !== undefined ? await client.request<CodeAction, CodeAction>('codeAction/resolve', action) : action;
  const edit = resolved.edit;
  return edit?.documentChanges?.find((d) => d.textDocument?.uri === uri)?.edits ?? edit?.changes?.[uri] ?? [];
}

/** A position gopls computed against the synced document, in the view's current one. */
function currentPos(plugin: LSPPlugin, p: Position): number {
  return plugin.unsyncedChanges.mapPos(plugin.fromPosition(p, plugin.syncedDoc));
}

/** The LSP range of a whole document (the context of a code action request). */
export function wholeDocument(plugin: LSPPlugin, doc: EditorView['state']['doc']): Range {
  return { start: { line: 0, character: 0 }, end: plugin.toPosition(doc.length, doc) };
}

/** Applies gopls's edits, computed against the synced document, to the view's current one. */
export function applyEdits(view: EditorView, plugin: LSPPlugin, edits: readonly TextEdit[]): void {
  if (edits.length === 0) return;
  const changes: ChangeSpec[] = edits.map((e) => ({ from: currentPos(plugin, e.range.start), to: currentPos(plugin, e.range.end), insert: e.newText }));
  view.dispatch({ changes, userEvent: 'input.complete' });
}

function toLint(plugin: LSPPlugin, d: LspDiagnostic, actions: Action[]): Diagnostic {
  const pos = (p: Position) => currentPos(plugin, p);
  const source = [d.source ?? 'gopls', d.code !== undefined && String(d.code) !== d.source ? String(d.code) : ''].filter(Boolean).join(' ');
  return { from: pos(d.range.start), to: pos(d.range.end), severity: severity(d.severity), message: d.message, source, ...(actions.length ? { actions } : {}) };
}

/** Sends pending edits shortly after typing stops, so diagnostics follow the text without a run. */
const autoSync = ViewPlugin.fromClass(
  class {
    pending: ReturnType<typeof setTimeout> | undefined;
    update(u: { docChanged: boolean; view: EditorView }) {
      if (!u.docChanged) return;
      clearTimeout(this.pending);
      this.pending = setTimeout(() => LSPPlugin.get(u.view)?.client.sync(), 300);
    }
    destroy() {
      clearTimeout(this.pending);
    }
  },
);

export function goplsDiagnostics(): LSPClientExtension {
  return {
    clientCapabilities: {
      textDocument: {
        publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.organizeImports'] } }, resolveSupport: { properties: ['edit'] }, dataSupport: true },
      },
    },
    notificationHandlers: {
      'textDocument/publishDiagnostics': (client, params: { uri: string; version?: number; diagnostics: LspDiagnostic[] }) => {
        const file = client.workspace.getFile(params.uri);
        if (!file || (params.version != null && params.version !== file.version)) return false;
        const view = file.getView();
        const plugin = view && LSPPlugin.get(view);
        if (!view || !plugin) return false;
        const doc = view.state.doc;
        view.dispatch(setDiagnostics(view.state, params.diagnostics.map((d) => toLint(plugin, d, []))));
        if (params.diagnostics.length > 0) void attachFixes(client, view, plugin, params.uri, params.diagnostics, doc);
        return true;
      },
    },
    editorExtension: autoSync,
  };
}

/** Asks gopls for the quick fixes of these diagnostics and shows them as buttons, unless the text moved on. */
async function attachFixes(client: LSPClient, view: EditorView, plugin: LSPPlugin, uri: string, diagnostics: LspDiagnostic[], doc: EditorView['state']['doc']): Promise<void> {
  let actions: CodeAction[] | null;
  try {
    actions = await client.request<unknown, CodeAction[] | null>('textDocument/codeAction', {
      textDocument: { uri },
      range: wholeDocument(plugin, doc),
      context: { diagnostics, only: ['quickfix'] },
    });
  } catch {
    return;
  }
  if (!actions?.length || view.state.doc !== doc || LSPPlugin.get(view) !== plugin) return;
  const lint = diagnostics.map((d) => {
    const fixes = actions!.filter((a) => a.diagnostics?.some((x) => sameDiagnostic(x, d)));
    return toLint(
      plugin,
      d,
      fixes.map((a) => ({ name: a.title, apply: (v: EditorView) => void actionEdits(client, uri, a).then((edits) => (client.sync(), applyEdits(v, plugin, edits))) })),
    );
  });
  view.dispatch(setDiagnostics(view.state, lint));
}
