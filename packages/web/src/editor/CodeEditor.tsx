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
import { Decoration, EditorView, keymap } from '@codemirror/view';
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
  /**
   * Changing `nonce` moves the cursor to `line` (and 1-based `column`, default 1) and focuses the editor,
   * scrolling that line to the centre, or only as far as needed to show it with `scroll: 'nearest'`.
   */
  jump?: { line: number; column?: number; scroll?: 'center' | 'nearest'; nonce: number } | null;
  readOnly?: boolean;
  /** Called with the 1-based line of the cursor whenever it moves (the assembly pane follows it). */
  onCursorLine?(line: number): void;
  /** Whole-line classes, e.g. the colour the assembly pane gives a source line. */
  lineClasses?: readonly { line: number; className: string }[];
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
        if (u.selectionSet || u.docChanged) latest.current.onCursorLine?.(u.state.doc.lineAt(u.state.selection.main.head).number);
      }),
      // Computed from the current document on every update, so a line mark can never point past
      // the end of a document that just shrank (a static DecorationSet would, until React caught up).
      EditorView.decorations.of((view) => {
        const doc = view.state.doc;
        const marks = (latest.current.lineClasses ?? [])
          .filter((m) => m.line >= 1 && m.line <= doc.lines)
          .sort((a, b) => a.line - b.line)
          .map((m) => Decoration.line({ class: m.className }).range(doc.line(m.line).from));
        return Decoration.set(marks, true);
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

  // New line marks: an empty transaction makes the view ask for its decorations again.
  useEffect(() => {
    view.current?.dispatch({});
  }, [props.lineClasses]);

  useEffect(() => {
    const v = view.current;
    if (!v || !props.jump) return;
    const start = Math.min(lineOffset(v.state.doc.toString(), props.jump.line), v.state.doc.length);
    const pos = Math.min(start + Math.max(0, (props.jump.column ?? 1) - 1), v.state.doc.lineAt(start).to);
    v.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: props.jump.scroll ?? 'center' }) });
    v.focus();
  }, [props.jump]);

  return <div className="code-editor" ref={host} data-file={props.fileName} />;
}
