import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../api/index.js';
import type { GradeReport, Lab, SourceFile } from '../api/types.js';
import { useTheme } from '../app/theme.js';
import { sameFile } from '../editor/diagnostics.js';
import { Editor } from '../editor/index.js';
import { useI18n } from '../i18n/index.js';
import { updateFile } from '../playground/files.js';
import { useRunner } from '../playground/useRunner.js';
import { ResultsPanel } from '../results/ResultsPanel.js';
import { RequestErrorBanner } from '../results/StatusBanner.js';

const POLL_MS = 500;

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

function show(v: unknown): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function LabPanel({ labId, lab, onPassed }: { labId: string; lab: Lab; onPassed(): void }) {
  const { t } = useI18n();
  const { theme } = useTheme();
  const [files, setFiles] = useState<SourceFile[]>(() => loadFiles(labId, lab.starter));
  const [active, setActive] = useState(files[0]?.name ?? '');
  const [hints, setHints] = useState(0);
  const [grade, setGrade] = useState<GradeReport | null>(null);
  const [checking, setChecking] = useState(false);
  const [checkError, setCheckError] = useState<ApiError | null>(null);
  const [jump, setJump] = useState<{ line: number; nonce: number } | null>(null);
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

  const check = useCallback(async () => {
    setChecking(true);
    setGrade(null);
    setCheckError(null);
    try {
      const { id } = await api.startCheck(labId, filesRef.current);
      for (;;) {
        const s = await api.getCheck(id);
        if (!alive.current) return;
        if (s.status === 'done') {
          setGrade(s.grade ?? null);
          if (s.grade?.passed) onPassed();
          break;
        }
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    } catch (e) {
      setCheckError(e instanceof ApiError ? e : new ApiError('internal_error', String(e), 0));
    } finally {
      if (alive.current) setChecking(false);
    }
  }, [labId, onPassed]);

  const activeFile = files.find((f) => f.name === active) ?? files[0];
  return (
    <section className="lab" aria-labelledby="lab-title">
      <h2 id="lab-title">{t('learn.labTitle', { title: lab.title })}</h2>
      <h3>{t('learn.goal')}</h3>
      <p>{lab.goal}</p>
      <div className="toolbar" role="toolbar" aria-label={t('action.toolbar')}>
        <button type="button" onClick={() => void runner.run('test', files)} disabled={runner.busy}>
          {t('action.test')}
        </button>
        <button type="button" onClick={() => void runner.run('run', files)} disabled={runner.busy}>
          {t('action.run')}
        </button>
        <button type="button" className="primary" onClick={() => void check()} disabled={checking}>
          {t('action.check')}
        </button>
        <button
          type="button"
          onClick={() => {
            setFiles(lab.starter);
            setActive(lab.starter[0]?.name ?? '');
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
              diagnostics={runner.state.report?.diagnostics ?? []}
              dark={theme === 'dark'}
              ariaLabel={t('files.editor', { name: activeFile.name })}
              onRun={() => void runner.run('test', filesRef.current)}
              jump={jump}
            />
          )}
        </section>
        <section className="results-pane">
          {checking && (
            <p role="status" className="muted">
              <span className="spinner" aria-hidden="true" /> {t('learn.checking')}
            </p>
          )}
          {checkError && <RequestErrorBanner code={checkError.code} message={checkError.message} />}
          {grade && <GradeView grade={grade} />}
          <ResultsPanel
            state={runner.state}
            previousBench={null}
            previousProfile={null}
            onJump={(file, line) => {
              const target = files.find((f) => sameFile(file, f.name));
              if (target) {
                setActive(target.name);
                setJump({ line, nonce: Date.now() });
              }
            }}
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
            <button type="button" onClick={() => setHints(hints + 1)}>
              {t('learn.nextHint', { n: lab.hints.length - hints })}
            </button>
          )}
        </section>
      )}
    </section>
  );
}

function GradeView({ grade }: { grade: GradeReport }) {
  const { t } = useI18n();
  return (
    <div className={`grade ${grade.passed ? 'grade-pass' : 'grade-fail'}`} data-passed={grade.passed}>
      <p role="alert" className={grade.passed ? 'banner banner-ok' : 'banner banner-failed'}>
        <strong>{grade.passed ? t('learn.passed') : t('learn.failed')}</strong>
      </p>
      <table className="grade-table">
        <thead>
          <tr>
            <th scope="col">{t('learn.check.name')}</th>
            <th scope="col">{t('learn.check.result')}</th>
            <th scope="col">{t('learn.check.got')}</th>
            <th scope="col">{t('learn.check.want')}</th>
            <th scope="col">{t('learn.check.ratio')}</th>
          </tr>
        </thead>
        <tbody>
          {grade.checks.map((c, i) => (
            <tr key={i} className={`check-${c.status}`} data-check={c.name}>
              <td>
                {c.name} <span className="muted">({c.kind})</span>
                {c.message && <div className="check-message">{c.message}</div>}
              </td>
              <td>
                <span className={`badge badge-${c.status === 'pass' ? 'pass' : 'fail'}`}>{c.status}</span>
              </td>
              <td>
                <code>{show(c.got)}</code>
              </td>
              <td>
                <code>{show(c.want)}</code>
              </td>
              <td className="num">
                {c.ratio !== undefined ? c.ratio.toFixed(2) : ''}
                {c.threshold !== undefined ? ` / ${c.threshold}` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
