/**
 * CodeMirror 6 with Go highlighting. This module is only reached through a
 * dynamic import (see editor/index.ts), so CodeMirror stays out of the initial
 * bundle of lesson pages.
 *
 * One EditorView lives for the component's lifetime; each file keeps its own
 * EditorState so switching tabs preserves undo history and selection.
 */
import { useEffect, useRef } from 'react';
import { EditorState, Compartment, Prec, type Extension } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { indentWithTab } from '@codemirror/commands';
import { indentUnit } from '@codemirror/language';
import { go } from '@codemirror/lang-go';
import { lintGutter, setDiagnostics, type Diagnostic as CmDiagnostic } from '@codemirror/lint';
import { oneDark } from '@codemirror/theme-one-dark';
import type { Diagnostic } from '../api/types.js';
import { diagnosticsToRanges, lineOffset } from './diagnostics.js';

export interface CodeEditorProps {
  fileName: string;
  value: string;
  onChange(value: string): void;
  diagnostics?: readonly Diagnostic[];
  dark: boolean;
  ariaLabel: string;
  onRun?(): void;
  onFormat?(): void;
  /** Changing `nonce` moves the cursor to `line` and focuses the editor. */
  jump?: { line: number; nonce: number } | null;
  readOnly?: boolean;
}

export default function CodeEditor(props: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const states = useRef(new Map<string, EditorState>());
  const currentFile = useRef(props.fileName);
  const latest = useRef(props);
  latest.current = props;
  const themeSlot = useRef(new Compartment());
  const readOnlySlot = useRef(new Compartment());

  const makeState = (doc: string): EditorState => {
    const extensions: Extension[] = [
      basicSetup,
      go(),
      indentUnit.of('\t'),
      EditorState.tabSize.of(4),
      lintGutter(),
      // Highest precedence: basicSetup binds Mod-Enter to "insert blank line".
      Prec.highest(
        keymap.of([
        // Mod = Ctrl on Linux/Windows, Cmd on macOS.
        { key: 'Mod-Enter', preventDefault: true, run: () => (latest.current.onRun?.(), true) },
        { key: 'Mod-s', preventDefault: true, run: () => (latest.current.onFormat?.(), true) },
        indentWithTab,
        ]),
      ),
      EditorView.updateListener.of((u) => {
        if (u.docChanged) latest.current.onChange(u.state.doc.toString());
      }),
      EditorView.contentAttributes.of({ 'aria-label': latest.current.ariaLabel }),
      themeSlot.current.of(latest.current.dark ? oneDark : []),
      readOnlySlot.current.of(EditorState.readOnly.of(!!latest.current.readOnly)),
    ];
    return EditorState.create({ doc, extensions });
  };

  useEffect(() => {
    const v = new EditorView({ state: makeState(props.value), parent: host.current! });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // The view is created once; later prop changes are applied by the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Switch files: keep the old file's state, restore (or create) the new one's.
  useEffect(() => {
    const v = view.current;
    if (!v || currentFile.current === props.fileName) return;
    states.current.set(currentFile.current, v.state);
    currentFile.current = props.fileName;
    const saved = states.current.get(props.fileName);
    v.setState(saved && saved.doc.toString() === props.value ? saved : makeState(props.value));
    v.dispatch({ effects: themeSlot.current.reconfigure(props.dark ? oneDark : []) });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.fileName]);

  // External edits (gofmt, txtar import, reset to starter) replace the text.
  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const doc = v.state.doc.toString();
    if (doc !== props.value) v.dispatch({ changes: { from: 0, to: doc.length, insert: props.value } });
  }, [props.value]);

  useEffect(() => {
    view.current?.dispatch({ effects: themeSlot.current.reconfigure(props.dark ? oneDark : []) });
  }, [props.dark]);

  useEffect(() => {
    view.current?.dispatch({ effects: readOnlySlot.current.reconfigure(EditorState.readOnly.of(!!props.readOnly)) });
  }, [props.readOnly]);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const text = v.state.doc.toString();
    const diags: CmDiagnostic[] = diagnosticsToRanges(text, props.diagnostics ?? [], props.fileName).map((r) => ({
      from: r.from,
      to: r.to,
      severity: r.severity,
      message: r.message,
      source: r.source,
    }));
    v.dispatch(setDiagnostics(v.state, diags));
  }, [props.diagnostics, props.fileName, props.value]);

  useEffect(() => {
    const v = view.current;
    if (!v || !props.jump) return;
    const pos = Math.min(lineOffset(v.state.doc.toString(), props.jump.line), v.state.doc.length);
    v.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: 'center' }) });
    v.focus();
  }, [props.jump]);

  return <div className="code-editor" ref={host} data-file={props.fileName} />;
}
