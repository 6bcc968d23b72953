import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, api, followCheck, type CheckProgress } from '../api/index.js';
import type { GradeCheck, GradeReport, Lab, SourceFile } from '../api/types.js';
import { useTheme } from '../app/theme.js';
import { Editor } from '../editor/index.js';
import { useI18n } from '../i18n/index.js';
import { updateFile } from '../playground/files.js';
import { useRunner } from '../playground/useRunner.js';
import { ResultsPanel } from '../results/ResultsPanel.js';
import { RequestErrorBanner } from '../results/StatusBanner.js';
import { excludedFiles, gradeDiagnostics, learnerFileFor } from './grade.js';
import { GradeView } from './GradeView.js';
import { SolutionDiff } from './SolutionDiff.js';
import { useSession } from '../account/session.js';

function storageKey(labId: string) {
  return `gopherlab.lab.${labId}`;
}

function loadFiles(labId: string, starter: SourceFile[]): SourceFile[] {
  try {
    const v = JSON.parse(localStorage.getItem(storageKey(labId)) ?? 'null') as unknown;
    if (Array.isArray(v) && v.length > 0 && v.every((f) => typeof f?.name === 'string' && typeof f?.content === 'string')) return v as SourceFile[];
  } catch {
    // Corrupt saved code: start from the starter.
  }
  return starter;
}

function sameFiles(a: readonly SourceFile[], b: readonly SourceFile[]): boolean {
  return a.length === b.length && a.every((f) => b.some((g) => g.name === f.name && g.content === f.content));
}

/** The tab a lab opens on: its first Go file, not go.mod. */
function firstCodeFile(files: readonly SourceFile[]): string {
  return (files.find((f) => f.name.endsWith('.go') && !f.name.endsWith('_test.go')) ?? files[0])?.name ?? '';
}

export function LabPanel({ labId, lab, onPassed }: { labId: string; lab: Lab; onPassed(): void }) {
  const { t } = useI18n();
  const { theme } = useTheme();
  const [files, setFiles] = useState<SourceFile[]>(() => loadFiles(labId, lab.starter));
  const [active, setActive] = useState(() => firstCodeFile(files));
  const [hints, setHints] = useState(0);
  const hintsRef = useRef(hints);
  hintsRef.current = hints;
  const [grade, setGrade] = useState<GradeReport | null>(null);
  const [checking, setChecking] = useState(false);
  /** What the running check has reported: the steps started and the checks that landed. */
  const [live, setLive] = useState<{ steps: string[]; landed: GradeCheck[] }>({ steps: [], landed: [] });
  const [checkError, setCheckError] = useState<ApiError | null>(null);
  const [jump, setJump] = useState<{ line: number; nonce: number } | null>(null);
  // The editor marks the diagnostics of whichever finished last: a run (Test, Run) or a check.
  const [marksFrom, setMarksFrom] = useState<'run' | 'check'>('run');
  const runner = useRunner();
  const filesRef = useRef(files);
  filesRef.current = files;
  const alive = useRef(true);
  useEffect(() => () => void (alive.current = false), []);

  useEffect(() => {
    try {
      localStorage.setItem(storageKey(labId), JSON.stringify(files));
    } catch {
      // Not kept across reloads when storage is unavailable.
    }
  }, [labId, files]);

  // Signed in: the server keeps the draft, so another browser (or `gopherlab lab start`) continues it.
  const { user } = useSession();
  const [draftNote, setDraftNote] = useState(false);
  const draftLoaded = useRef(false);
  useEffect(() => {
    if (!user) return;
    let cancelled = false;
    api.getDraft(labId).then(
      ({ draft }) => {
        if (cancelled) return;
        draftLoaded.current = true;
        if (!draft || sameFiles(draft.files, filesRef.current)) return;
        // Work already typed here wins over the starter only: a draft replaces untouched starter code.
        if (sameFiles(filesRef.current, lab.starter)) {
          setFiles(draft.files);
          setActive(firstCodeFile(draft.files));
          setDraftNote(true);
        }
      },
      () => (draftLoaded.current = true),
    );
    return () => {
      cancelled = true;
    };
  }, [user, labId, lab.starter]);
  useEffect(() => {
    if (!user || !draftLoaded.current) return;
    const timer = setTimeout(() => void api.saveDraft(labId, files).catch(() => undefined), 1500);
    return () => clearTimeout(timer);
  }, [user, labId, files]);

  const run = (action: 'test' | 'run') => {
    setMarksFrom('run');
    void runner.run(action, filesRef.current);
  };

  // Compile errors are marked in the editor: open the file of the first one unless the open file has errors too.
  const showFirstError = (g: GradeReport) => {
    const names = filesRef.current.map((f) => f.name);
    const errors = gradeDiagnostics(g)
      .filter((d) => d.severity === 'error')
      .map((d) => learnerFileFor(d.file, names, excludedFiles(g)))
      .filter((f): f is string => f !== null);
    if (errors.length > 0) setActive((cur) => (errors.includes(cur) ? cur : errors[0]!));
  };

  const check = useCallback(async () => {
    setMarksFrom('check');
    setChecking(true);
    setGrade(null);
    setCheckError(null);
    setLive({ steps: [], landed: [] });
    try {
      const { id } = await api.startCheck(labId, filesRef.current, hintsRef.current);
      const onProgress = (p: CheckProgress) => {
        if (!alive.current) return;
        setLive((cur) => (p.type === 'running' ? { ...cur, steps: [...cur.steps, p.step] } : { ...cur, landed: [...cur.landed, p.check] }));
      };
      const s = await followCheck(id, onProgress);
      if (!alive.current) return;
      setGrade(s.grade ?? null);
      if (s.grade) showFirstError(s.grade);
      if (s.grade?.passed) onPassed();
    } catch (e) {
      setCheckError(e instanceof ApiError ? e : new ApiError('internal_error', String(e), 0));
    } finally {
      if (alive.current) setChecking(false);
    }
  }, [labId, onPassed]);

  // Only the learner's own files are links: not the hidden tests, the runtime, or a file the grader replaced.
  const namesKey = files.map((f) => f.name).join('\n');
  const fileNames = useMemo(() => namesKey.split('\n'), [namesKey]);
  const excluded = useMemo(() => (grade ? excludedFiles(grade) : []), [grade]);
  const canJump = useCallback((file: string) => learnerFileFor(file, fileNames, excluded) !== null, [fileNames, excluded]);
  // A Test or Run uses every file as it is, the learner's own tests included.
  const onJump = useCallback(
    (file: string, line: number) => {
      const name = learnerFileFor(file, fileNames);
      if (!name) return;
      setActive(name);
      setJump({ line, nonce: Date.now() });
    },
    [fileNames],
  );
  const gradeMarks = useMemo(() => (grade ? gradeDiagnostics(grade).filter((d) => canJump(d.file)) : []), [grade, canJump]);
  const diagnostics = marksFrom === 'check' ? gradeMarks : (runner.state.report?.diagnostics ?? []);

  const activeFile = files.find((f) => f.name === active) ?? files[0];
  return (
    <section className="lab" aria-labelledby="lab-title">
      <h2 id="lab-title">{t('learn.labTitle', { title: lab.title })}</h2>
      <h3>{t('learn.goal')}</h3>
      <p>{lab.goal}</p>
      {draftNote && (
        <p className="notice" role="status">
          {t('learn.draftRestored')}
        </p>
      )}
      <div className="toolbar" role="toolbar" aria-label={t('action.toolbar')}>
        <button type="button" onClick={() => run('test')} disabled={runner.busy}>
          {t('action.test')}
        </button>
        <button type="button" onClick={() => run('run')} disabled={runner.busy}>
          {t('action.run')}
        </button>
        <button type="button" className="primary" onClick={() => void check()} disabled={checking}>
          {t('action.check')}
        </button>
        <button
          type="button"
          onClick={() => {
            setFiles(lab.starter);
            setActive(firstCodeFile(lab.starter));
          }}
        >
          {t('learn.resetStarter')}
        </button>
      </div>
      <div className="workbench">
        <section className="editor-pane">
          <div role="tablist" aria-label={t('files.tabs')} className="tabs">
            {files.map((f) => (
              <button key={f.name} type="button" role="tab" aria-selected={f.name === activeFile?.name} className={f.name === activeFile?.name ? 'tab active' : 'tab'} onClick={() => setActive(f.name)}>
                {f.name}
              </button>
            ))}
          </div>
          {activeFile && (
            <Editor
              fileName={activeFile.name}
              value={activeFile.content}
              onChange={(content) => setFiles((cur) => updateFile(cur, activeFile.name, content))}
              diagnostics={diagnostics}
              dark={theme === 'dark'}
              ariaLabel={t('files.editor', { name: activeFile.name })}
              onRun={() => run('test')}
              jump={jump}
              assist={{ files, onOpenFile: setActive }}
            />
          )}
        </section>
        <section className="results-pane">
          {checking && <CheckProgressView steps={live.steps} landed={live.landed} />}
          {checkError && <RequestErrorBanner code={checkError.code} message={checkError.message} />}
          {grade && <GradeView grade={grade} onJump={onJump} canJump={canJump} learnerFiles={fileNames} />}
          {grade?.passed && user && <SolutionDiff labId={labId} mine={files} />}
          <ResultsPanel
            state={runner.state}
            previousBench={null}
            previousProfile={null}
            onJump={onJump}
            dark={theme === 'dark'}
          />
        </section>
      </div>
      {lab.hints.length > 0 && (
        <section className="hints" aria-labelledby="hints-title">
          <h3 id="hints-title">{t('learn.hints')}</h3>
          <ol>
            {lab.hints.slice(0, hints).map((h, i) => (
              <li key={i}>{h}</li>
            ))}
          </ol>
          {hints < lab.hints.length && (
            <button
              type="button"
              onClick={() => {
                setHints(hints + 1);
                // A learning event (xAPI "asked"): which hint. Losing one is harmless.
                if (user) void api.learningEvent({ kind: 'hint', labId, hint: hints + 1 }).catch(() => {});
              }}
            >
              {t('learn.nextHint', { n: lab.hints.length - hints })}
            </button>
          )}
        </section>
      )}
    </section>
  );
}

/** A check while it runs: the steps under way, and each verdict as it lands (streamed over SSE). */
function CheckProgressView({ steps, landed }: { steps: string[]; landed: GradeCheck[] }) {
  const { t } = useI18n();
  const done = new Set(landed.map((c) => c.kind));
  const pending = steps.filter((s) => !done.has(s));
  return (
    <div className="check-progress" role="status" aria-live="polite">
      <p className="muted">
        <span className="spinner" aria-hidden="true" /> {pending.length > 0 ? t('learn.checkingSteps', { steps: pending.join(', ') }) : t('learn.checking')}
      </p>
      {landed.length > 0 && (
        <ul className="check-landed">
          {landed.map((c) => (
            <li key={`${c.kind}:${c.name}`} data-check={c.kind} data-status={c.status}>
              <span aria-hidden="true">{c.status === 'pass' ? '✓' : '✗'}</span> {c.name}: {c.status === 'pass' ? t('learn.checkPassed') : t('learn.checkFailed')}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
