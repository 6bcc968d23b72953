/**
 * A ```go run / ```go build block of a lesson, editable in place.
 *
 * It first shows the server's highlighted HTML (no editor code loaded). A
 * click in the code (or Enter on it) swaps in the CodeMirror editor with the
 * cursor where the click was; the editor chunk loads on demand, starting as
 * the pointer or focus reaches the block. Ctrl/Cmd+Enter runs (builds) from
 * both. The output appears under the block; for a `go run` block with an
 * expected ```output the run's stdout is compared with it as the validator
 * compares them, and when they differ both are shown side by side with the
 * differing lines marked. Edits are kept in this browser until Reset.
 */
import { useCallback, useMemo, useRef, useState, type HTMLAttributes, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { useTheme } from '../app/theme.js';
import { Editor, preloadEditor } from '../editor/index.js';
import { useI18n } from '../i18n/index.js';
import { useRunner } from '../playground/useRunner.js';
import { useSession } from '../account/session.js';
import { api } from '../api/index.js';
import type { Phase } from '../playground/runState.js';
import { Output } from '../results/Output.js';
import { RequestErrorBanner, StatusBanner } from '../results/StatusBanner.js';
import { loadEdit, saveEdit } from './blockEdits.js';
import type { CodeSegment } from './lesson.js';
import { compareOutput, type DiffRow } from './outputDiff.js';

const FILE = 'main.go';

/** The server-rendered code of a block, as the lesson shows it. */
export function CodeView({ segment, className, ...rest }: { segment: CodeSegment; className?: string } & HTMLAttributes<HTMLPreElement>) {
  const lang = segment.lang === 'go' ? ' code-go' : segment.lang ? ` code-${segment.lang.replace(/[^\w-]/g, '')}` : '';
  return (
    <pre className={`code${lang}${className ? ' ' + className : ''}`} data-block={segment.block} {...rest}>
      <code dangerouslySetInnerHTML={{ __html: segment.html }} />
    </pre>
  );
}

/** 1-based line and column of a click in the static code, from the caret position under the pointer. */
function caretAt(pre: HTMLElement, x: number, y: number): { line: number; column: number } | null {
  const doc = pre.ownerDocument as Document & { caretPositionFromPoint?(x: number, y: number): { offsetNode: Node; offset: number } | null };
  let node: Node | null = null;
  let offset = 0;
  const pos = doc.caretPositionFromPoint?.(x, y);
  if (pos) {
    node = pos.offsetNode;
    offset = pos.offset;
  } else {
    const range = doc.caretRangeFromPoint?.(x, y);
    if (range) {
      node = range.startContainer;
      offset = range.startOffset;
    }
  }
  const code = pre.querySelector('code');
  if (!node || !code || !code.contains(node)) return null;
  const before = doc.createRange();
  before.setStart(code, 0);
  before.setEnd(node, offset);
  const text = before.toString();
  const line = text.split('\n').length;
  return { line, column: text.length - text.lastIndexOf('\n') };
}

const PHASE_TEXT: Partial<Record<Phase, 'output.queued' | 'output.compiling' | 'output.executing' | 'output.running'>> = {
  queued: 'output.queued',
  running: 'output.running',
  compiling: 'output.compiling',
  executing: 'output.executing',
};

/** One side of the comparison; rows line up with the other side's (a gap where this side has no line). */
function DiffPre({ rows, side, label, className }: { rows: DiffRow[]; side: 'expected' | 'actual'; label: string; className: string }) {
  return (
    <pre className={className} aria-label={label}>
      {rows.map((r, i) => {
        const text = r[side];
        const kind = text === null ? ' diff-gap' : r.same ? '' : side === 'expected' ? ' diff-missing' : ' diff-extra';
        return (
          <span key={i} className={`diff-line${kind}`}>
            {text ?? ''}
          </span>
        );
      })}
    </pre>
  );
}

export function RunnableBlock({ lessonId, segment }: { lessonId: string; segment: CodeSegment }) {
  const { t } = useI18n();
  const { theme } = useTheme();
  const runner = useRunner();
  const original = segment.source;
  const mode = segment.mode === 'build' ? 'build' : 'run';
  const [code, setCode] = useState(() => loadEdit(lessonId, segment.block, original) ?? original);
  // An edit kept from an earlier visit needs the editor straight away: the static HTML shows the lesson's code.
  const [editing, setEditing] = useState(code !== original);
  const [jump, setJump] = useState<{ line: number; column: number; scroll: 'nearest'; nonce: number } | null>(null);
  const codeRef = useRef(code);
  codeRef.current = code;
  const edited = code !== original;
  // gopls assists a block once the learner works in it; lesson blocks share one session (group).
  const assistFiles = useMemo(() => (editing ? [{ name: FILE, content: code }] : undefined), [editing, code]);

  const { user } = useSession();
  const signedIn = Boolean(user);
  const run = useCallback(() => {
    const content = codeRef.current.endsWith('\n') ? codeRef.current : codeRef.current + '\n';
    void runner.run(mode, [{ name: FILE, content }]).then((report) => {
      // A learning event (xAPI "attempted"): which block, and whether it ran cleanly. Losing one is harmless.
      if (report && signedIn) void api.learningEvent({ kind: 'block_run', lessonId, block: segment.block, status: report.status }).catch(() => {});
    });
  }, [runner, mode, signedIn, lessonId, segment.block]);

  const change = useCallback(
    (next: string) => {
      setCode(next);
      saveEdit(lessonId, segment.block, original, next);
    },
    [lessonId, segment.block, original],
  );

  const reset = () => {
    change(original);
    runner.stop();
  };

  const activate = (at: { line: number; column: number } | null) => {
    setEditing(true);
    // The line clicked is on screen: place the cursor there without moving the page.
    setJump({ line: at?.line ?? 1, column: at?.column ?? 1, scroll: 'nearest', nonce: Date.now() });
  };

  const onStaticClick = (e: MouseEvent<HTMLPreElement>) => {
    // Selecting text to copy it is not a request to edit.
    const selection = window.getSelection();
    if (selection && !selection.isCollapsed && e.currentTarget.contains(selection.anchorNode)) return;
    activate(caretAt(e.currentTarget, e.clientX, e.clientY));
  };

  const onStaticKey = (e: KeyboardEvent<HTMLPreElement>) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    if (e.ctrlKey || e.metaKey) run();
    else activate(null);
  };

  const label = t('lesson.codeLabel', { n: segment.block });
  const staticView = (
    <CodeView
      segment={segment}
      className="runnable-static"
      tabIndex={0}
      aria-label={`${label}. ${t('lesson.pressEnterToEdit')}`}
      onClick={onStaticClick}
      onKeyDown={onStaticKey}
      onPointerEnter={() => void preloadEditor()}
      onFocus={() => void preloadEditor()}
    />
  );

  const s = runner.state;
  const report = s.phase === 'done' ? s.report : null;
  const expected = mode === 'run' ? segment.expectedOutput : undefined;
  // The program ran (a non-zero exit still printed something worth comparing).
  const executed = report !== null && (report.status === 'ok' || report.status === 'failed');
  const comparison = useMemo(() => (executed && expected !== undefined && report ? compareOutput(expected, report.stdout) : null), [executed, expected, report]);
  const stderr = s.output.filter((c) => c.stream === 'stderr');
  const phaseText = PHASE_TEXT[s.phase];

  const expectedPre = (
    <div className="runnable-column">
      <h4 className="runnable-caption">{t('lesson.expected')}</h4>
      <pre className="expected-output" aria-label={t('lesson.expected')}>
        {expected}
      </pre>
    </div>
  );

  let result: ReactNode;
  if (s.phase === 'idle' || s.phase === 'error') {
    result = expected !== undefined ? <div className="runnable-outputs">{expectedPre}</div> : null;
  } else if (comparison && !comparison.matches) {
    result = (
      <>
        <p className="runnable-verdict verdict-differs" role="status" data-verdict="differs">
          <span aria-hidden="true">≠ </span>
          {t('lesson.differs')}
        </p>
        <div className="runnable-outputs pair output-compare">
          <div className="runnable-column">
            <h4 className="runnable-caption">{t('lesson.expected')}</h4>
            <DiffPre rows={comparison.rows} side="expected" label={t('lesson.expected')} className="expected-output diff" />
          </div>
          <div className="runnable-column">
            <h4 className="runnable-caption">{t('lesson.yours')}</h4>
            <DiffPre rows={comparison.rows} side="actual" label={t('lesson.yours')} className="output actual-output diff" />
            {stderr.length > 0 && <Output chunks={stderr} />}
          </div>
        </div>
      </>
    );
  } else {
    result = (
      <>
        {comparison?.matches && (
          <p className="runnable-verdict verdict-matches" role="status" data-verdict="matches">
            <span aria-hidden="true">✓ </span>
            {t('lesson.matches')}
          </p>
        )}
        {report?.status === 'ok' && mode === 'build' && (
          <p className="runnable-verdict verdict-matches" role="status" data-verdict="built">
            <span aria-hidden="true">✓ </span>
            {t('lesson.built')}
          </p>
        )}
        <div className={`runnable-outputs${expected !== undefined && !comparison ? ' pair' : ''}`}>
          {expected !== undefined && !comparison && expectedPre}
          {!(mode === 'build' && report?.status === 'ok' && s.output.length === 0) && (
            <div className="runnable-column">
              <h4 className="runnable-caption">
                {t('lesson.yours')}
                {phaseText && (
                  <span className="muted">
                    {' '}
                    · <span className="spinner" aria-hidden="true" />
                    {t(phaseText)}
                  </span>
                )}
              </h4>
              <Output chunks={s.output} empty={runner.busy ? t('output.running') : t('lesson.noOutput')} />
            </div>
          )}
        </div>
      </>
    );
  }

  const runLabel = mode === 'build' ? t('lesson.build') : t('action.run');
  return (
    <section className={`runnable${editing ? ' is-editing' : ''}`} data-block={segment.block} data-mode={mode} data-edited={edited || undefined} aria-label={label}>
      <div className="runnable-bar">
        <span className="runnable-tag">{segment.info}</span>
        {edited && <span className="badge badge-skip">{t('lesson.edited')}</span>}
        <span className="runnable-hint muted">{t(mode === 'build' ? 'lesson.hintBuild' : 'lesson.hintRun')}</span>
        <span className="runnable-actions">
          {edited && (
            <button type="button" onClick={reset} aria-label={`${t('lesson.reset')}: ${t('lesson.resetHint')}`} title={t('lesson.resetHint')}>
              ↺ {t('lesson.reset')}
            </button>
          )}
          <button type="button" className="primary" onClick={run} disabled={runner.busy} aria-label={`${runLabel}: ${t(mode === 'build' ? 'lesson.buildBlock' : 'learn.runBlock')}`}>
            ▶ {runLabel}
          </button>
        </span>
      </div>
      <div className="runnable-code">
        {editing ? (
          <Editor
            fileName={FILE}
            value={code}
            onChange={change}
            diagnostics={s.report?.diagnostics ?? []}
            dark={theme === 'dark'}
            ariaLabel={label}
            onRun={run}
            jump={jump}
            fallback={staticView}
            assist={assistFiles ? { files: assistFiles, group: 'lesson-block' } : undefined}
          />
        ) : (
          staticView
        )}
      </div>
      {(result || s.error || s.report) && (
        <div className="runnable-result">
          {s.error && <RequestErrorBanner code={s.error.code} message={s.error.message} />}
          {report && <StatusBanner report={report} />}
          {result}
        </div>
      )}
    </section>
  );
}
