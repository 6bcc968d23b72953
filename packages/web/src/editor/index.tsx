/**
 * The editor's public face. CodeMirror is loaded on first use (dynamic
 * import); until then a read-only textarea shows the code so the page is
 * usable and measurable without the editor chunk.
 */
import { lazy, Suspense } from 'react';
import type { CodeEditorProps } from './CodeEditor.js';

const LazyCodeEditor = lazy(() => import('./CodeEditor.js'));

export type { CodeEditorProps };

export function Editor(props: CodeEditorProps) {
  return (
    <Suspense fallback={<textarea className="code-editor-fallback" aria-label={props.ariaLabel} value={props.value} readOnly />}>
      <LazyCodeEditor {...props} />
    </Suspense>
  );
}
