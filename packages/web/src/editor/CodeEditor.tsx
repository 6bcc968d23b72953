/**
 * CodeMirror 6 with Go highlighting. This module is only reached through a
 * dynamic import (see editor/index.ts), so CodeMirror stays out of the initial
 * bundle of lesson pages.
 *
 * One EditorView lives for the component's lifetime; each file keeps its own
 * EditorState so switching tabs preserves undo history and selection.
 */
import { useEffect, useRef, useState } from 'react';
import { EditorState, Compartment, Prec, type Extension } from '@codemirror/state';
import { Decoration, EditorView, keymap } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { indentWithTab } from '@codemirror/commands';
import { autocompletion } from '@codemirror/autocomplete';
import { indentUnit } from '@codemirror/language';
import { go } from '@codemirror/lang-go';
import { lintGutter, setDiagnostics, type Diagnostic as CmDiagnostic } from '@codemirror/lint';
import { oneDark } from '@codemirror/theme-one-dark';
import { LSPPlugin } from '@codemirror/lsp-client';
import type { Diagnostic } from '../api/types.js';
import { useI18n } from '../i18n/index.js';
import { EditorAssist, organizeAndFormat, type AssistFile, type AssistState } from './assist.js';
import { diagnosticsToRanges, lineOffset } from './diagnostics.js';
import { insightGutter } from './insight-gutter.js';
import type { LineNote } from '../playground/lineNotes.js';

/** What an editing surface tells the editor so gopls can assist: all of its files, the release, how to show another file. */
export interface AssistProps {
  files: readonly AssistFile[];
  goVersion?: string | undefined;
  /** Editors of one group share one session at a time (lesson blocks): engaging one pauses the others. */
  group?: string;
  /** Switch the editor to another file of the surface (go to definition across tabs). */
  onOpenFile?(name: string): void;
}

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
  /** The insight gutter: per line, the last profile's heat and the compiler's notes (absent: no gutter marks). */
  lineNotes?: readonly LineNote[];
  /** gopls assistance for this editor (completion, hover, diagnostics as you type...); absent: highlighting only. */
  assist?: AssistProps | undefined;
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
  const assistSlot = useRef(new Compartment());
  const assist = useRef<EditorAssist | null>(null);
  const [assistState, setAssistState] = useState<AssistState | null>(null);
  const { t } = useI18n();

  const assistExtension = (name: string): Extension => assist.current?.extension(name) ?? [];

  const makeState = (doc: string, name: string): EditorState => {
    const extensions: Extension[] = [
      basicSetup,
      go(),
      // gopls answers a warm completion in tens of milliseconds; CodeMirror's default 100 ms typing pause would dominate.
      autocompletion({ activateOnTypingDelay: 30 }),
      indentUnit.of('\t'),
      EditorState.tabSize.of(4),
      lintGutter(),
      insightGutter(() => latest.current.lineNotes),
      // Highest precedence: basicSetup binds Mod-Enter to "insert blank line".
      Prec.highest(
        keymap.of([
        // Mod = Ctrl on Linux/Windows, Cmd on macOS.
        { key: 'Mod-Enter', preventDefault: true, run: () => (latest.current.onRun?.(), true) },
        // goimports and gofmt through gopls when it is connected (instant); else the fmt run.
        { key: 'Mod-s', preventDefault: true, run: (v) => (assist.current?.current.kind === 'ready' && LSPPlugin.get(v) ? void organizeAndFormat(v) : latest.current.onFormat?.(), true) },
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
      assistSlot.current.of(assistExtension(name)),
    ];
    return EditorState.create({ doc, extensions });
  };

  useEffect(() => {
    const v = new EditorView({ state: makeState(props.value, props.fileName), parent: host.current! });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // The view is created once; later prop changes are applied by the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Assistance starts when the surface asks for it (a lesson block: once the learner engages with it).
  const wantsAssist = props.assist !== undefined;
  useEffect(() => {
    const a = latest.current.assist;
    if (!a) return;
    const slot = assistSlot.current;
    assist.current = new EditorAssist({
      files: a.files,
      ...(a.goVersion ? { goVersion: a.goVersion } : {}),
      ...(a.group ? { group: a.group } : {}),
      viewer: {
        close: t('assist.viewer.close'),
        title: (path, release) => t('assist.viewer.title', { path, release: release || t('assist.viewer.module') }),
      },
      display: async (name) => {
        latest.current.assist?.onOpenFile?.(name);
        for (let i = 0; i < 50 && currentFile.current !== name; i++) await new Promise((r) => setTimeout(r, 20));
        return currentFile.current === name ? view.current : null;
      },
      onState: (s) => {
        setAssistState(s);
        view.current?.dispatch({ effects: assistSlot.current.reconfigure(assistExtension(currentFile.current)) });
      },
    });
    return () => {
      assist.current?.dispose();
      assist.current = null;
      setAssistState(null);
      view.current?.dispatch({ effects: slot.reconfigure([]) });
    };
    // Started and stopped by whether the surface asks for assistance; its files and release follow below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [wantsAssist]);

  // Switch files: keep the old file's state, restore (or create) the new one's.
  useEffect(() => {
    const v = view.current;
    if (!v || currentFile.current === props.fileName) return;
    states.current.set(currentFile.current, v.state);
    currentFile.current = props.fileName;
    const saved = states.current.get(props.fileName);
    v.setState(saved && saved.doc.toString() === props.value ? saved : makeState(props.value, props.fileName));
    v.dispatch({ effects: [themeSlot.current.reconfigure(props.dark ? oneDark : []), assistSlot.current.reconfigure(assistExtension(props.fileName))] });
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

  const assistFiles = props.assist?.files;
  useEffect(() => {
    if (assistFiles) assist.current?.setFiles(assistFiles);
  }, [assistFiles]);

  const assistRelease = props.assist?.goVersion;
  useEffect(() => {
    assist.current?.setGoVersion(assistRelease);
  }, [assistRelease]);

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
  }, [props.lineClasses, props.lineNotes]);

  useEffect(() => {
    const v = view.current;
    if (!v || !props.jump) return;
    const start = Math.min(lineOffset(v.state.doc.toString(), props.jump.line), v.state.doc.length);
    const pos = Math.min(start + Math.max(0, (props.jump.column ?? 1) - 1), v.state.doc.lineAt(start).to);
    v.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: props.jump.scroll ?? 'center' }) });
    v.focus();
  }, [props.jump]);

  return (
    <>
      <div className="code-editor" ref={host} data-file={props.fileName} />
      {assistState && <AssistStatus state={assistState} />}
    </>
  );
}

/** One line under the editor: what gopls is doing for the learner, or why it is not. */
function AssistStatus({ state }: { state: AssistState }) {
  const { t } = useI18n();
  const text =
    state.kind === 'ready'
      ? t('assist.ready', { version: state.goVersion.replace(/^go/, 'Go ') })
      : state.kind === 'connecting'
        ? t('assist.connecting')
        : state.kind === 'paused'
          ? t('assist.paused')
          : t('assist.off', { reason: state.message || t('assist.lost') });
  return (
    <p className="assist-status muted" data-state={state.kind} role="status">
      {text}
    </p>
  );
}
