/**
 * A read-only view of a Go source outside the learner's files (standard
 * library, allowlisted modules), opened by "go to definition": the server
 * serves the file gopls named (GET /api/v1/lsp/source), and the LSP client
 * places the cursor on the definition in this view.
 */
import { EditorState } from '@codemirror/state';
import { EditorView, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';
import { go } from '@codemirror/lang-go';
import { defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { oneDark } from '@codemirror/theme-one-dark';

export interface ViewerLabels {
  close: string;
  /** `{path}`, e.g. "fmt/print.go · Go 1.27.3 · read-only". */
  title(path: string, release: string): string;
}

let open: { overlay: HTMLElement; view: EditorView; restore: HTMLElement | null } | null = null;

export function closeSourceViewer(): void {
  if (!open) return;
  const { overlay, view, restore } = open;
  open = null;
  view.destroy();
  overlay.remove();
  restore?.focus();
}

/** `/opt/go/go1.27.3/src/fmt/print.go` -> ["fmt/print.go", "Go 1.27.3"]; a module path keeps its module@version. */
export function describeSource(uri: string): [path: string, release: string] {
  const path = uri.replace(/^file:\/\//, '');
  const std = /^\/opt\/go\/go(\d+\.\d+(?:\.\d+)?)\/src\/(.+)$/.exec(path);
  if (std) return [std[2]!, `Go ${std[1]}`];
  return [path.replace(/^\/opt\/gomodcache\//, ''), ''];
}

export async function showGoSource(uri: string, labels: ViewerLabels): Promise<EditorView | null> {
  const res = await fetch(`/api/v1/lsp/source?uri=${encodeURIComponent(uri)}`);
  if (!res.ok) return null;
  const text = await res.text();
  const restore = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  closeSourceViewer();
  const [path, release] = describeSource(uri);
  const overlay = document.createElement('div');
  overlay.className = 'source-viewer';
  overlay.setAttribute('role', 'dialog');
  overlay.setAttribute('aria-label', labels.title(path, release));
  const head = document.createElement('div');
  head.className = 'source-viewer-head';
  const title = document.createElement('code');
  title.textContent = labels.title(path, release);
  const close = document.createElement('button');
  close.type = 'button';
  close.textContent = labels.close;
  close.onclick = closeSourceViewer;
  head.append(title, close);
  const body = document.createElement('div');
  body.className = 'source-viewer-body';
  overlay.append(head, body);
  document.body.append(overlay);
  const dark = document.documentElement.dataset.theme === 'dark';
  const view = new EditorView({
    parent: body,
    state: EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        highlightActiveLine(),
        go(),
        syntaxHighlighting(defaultHighlightStyle),
        EditorState.readOnly.of(true),
        keymap.of([{ key: 'Escape', run: () => (closeSourceViewer(), true) }]),
        dark ? oneDark : [],
      ],
    }),
  });
  open = { overlay, view, restore };
  view.focus();
  return view;
}
