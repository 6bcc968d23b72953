/**
 * The editor's public face. CodeMirror is loaded on first use (dynamic
 * import); until then a read-only textarea shows the code so the page is
 * usable and measurable without the editor chunk.
 */
import { lazy, Suspense, type ReactNode } from 'react';
import type { CodeEditorProps } from './CodeEditor.js';

/** Starts loading the editor chunk (e.g. when the pointer approaches code the learner may edit). */
export const preloadEditor = () => import('./CodeEditor.js');

const LazyCodeEditor = lazy(preloadEditor);

export type { CodeEditorProps };

export interface EditorProps extends CodeEditorProps {
  /** Shown while the editor chunk loads; a read-only textarea with the code by default. */
  fallback?: ReactNode;
}

export function Editor({ fallback, ...props }: EditorProps) {
  return (
    <Suspense fallback={fallback ?? <textarea className="code-editor-fallback" aria-label={props.ariaLabel} value={props.value} readOnly />}>
      <LazyCodeEditor {...props} />
    </Suspense>
  );
}
