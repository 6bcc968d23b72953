import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, api, type Toolchains } from '../api/index.js';
import type { Action, BenchmarkResult, Diagnostic, RunReport, SourceFile } from '../api/types.js';
import { useTheme } from '../app/theme.js';
import { sameFile } from '../editor/diagnostics.js';
import { Editor } from '../editor/index.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { ResultsPanel } from '../results/ResultsPanel.js';
import { lineColour } from '../results/asm.js';
import { FileTabs } from './FileTabs.js';
import { EXAMPLES } from './examples.js';
import { funcAt } from './funcAt.js';
import { applyFormatted, DEFAULT_FILES, updateFile } from './files.js';
import { useRunner } from './useRunner.js';
import { lineNotes, type LineCost } from './lineNotes.js';
import { EMPTY_FIELDS, fieldsFrom, optionsFor, type RunOptionFields } from './runOptions.js';

const STORAGE_KEY = 'gopherlab.playground.files';
const RELEASE_KEY = 'gopherlab.playground.go';

/** The toolbar: accessible names are the button texts (exactly "Run", "Test", ... in English). */
export const TOOLBAR: { action: Action; label: MessageKey }[] = [
  { action: 'run', label: 'action.run' },
  { action: 'test', label: 'action.test' },
  { action: 'race', label: 'action.race' },
  { action: 'bench', label: 'action.bench' },
  { action: 'profile', label: 'action.profile' },
  { action: 'trace', label: 'action.trace' },
  { action: 'vet', label: 'action.vet' },
  { action: 'escape', label: 'action.escape' },
  { action: 'asm', label: 'action.asm' },
  { action: 'ssa', label: 'action.ssa' },
  { action: 'fuzz', label: 'action.fuzz' },
];

export { optionsFor } from './runOptions.js';

function loadStoredFiles(): SourceFile[] | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const v = JSON.parse(raw) as unknown;
    if (Array.isArray(v) && v.length > 0 && v.every((f) => typeof f?.name === 'string' && typeof f?.content === 'string')) return v as SourceFile[];
  } catch {
    // Corrupt storage: start from the default program.
  }
  return null;
}

/** The releases the server offers (null until known, or when it cannot say: runs then use its default). */
function useReleases(): Toolchains | null {
  const [releases, setReleases] = useState<Toolchains | null>(null);
  useEffect(() => {
    api.toolchains().then(setReleases, () => setReleases(null));
  }, []);
  return releases;
}

export function Playground({ shareId }: { shareId?: string }) {
  const { t } = useI18n();
  const { theme } = useTheme();
  const [files, setFiles] = useState<SourceFile[]>(() => (shareId ? DEFAULT_FILES : (loadStoredFiles() ?? DEFAULT_FILES)));
  const [active, setActive] = useState(files[0]!.name);
  const [message, setMessage] = useState<React.ReactNode>(null);
  const [gctrace, setGctrace] = useState(false);
  const [fields, setFields] = useState<RunOptionFields>(EMPTY_FIELDS);
  const setField = (k: keyof RunOptionFields) => (e: React.ChangeEvent<HTMLInputElement>) => setFields((f) => ({ ...f, [k]: e.target.value }));
  const releases = useReleases();
  const [goVersion, setGoVersion] = useState<string | undefined>(() => localStorage.getItem(RELEASE_KEY) ?? undefined);
  // A remembered release the server no longer has falls back to its default.
  const selectedRelease = releases?.toolchains.some((tc) => tc.release === goVersion) ? goVersion : (releases?.default ?? undefined);
  const [jump, setJump] = useState<{ line: number; nonce: number } | null>(null);
  const [cursorLine, setCursorLine] = useState(1);
  const [lastAction, setLastAction] = useState<Action>('run');
  const runner = useRunner();
  const lastBench = useRef<BenchmarkResult[] | null>(null);
  const [previousBench, setPreviousBench] = useState<BenchmarkResult[] | null>(null);
  const lastProfile = useRef<RunReport | null>(null);
  const [previousProfile, setPreviousProfile] = useState<RunReport | null>(null);
  // The insight gutter: the last profile's line costs and the last escape run's compiler notes, kept across other runs.
  const [lineCosts, setLineCosts] = useState<{ costs: LineCost[]; sample: string } | null>(null);
  const [compilerNotes, setCompilerNotes] = useState<readonly Diagnostic[]>([]);
  const onLineCosts = useCallback((costs: LineCost[], sample: string) => setLineCosts({ costs, sample }), []);
  const lastAssembly = useRef<RunReport['assembly'] | null>(null);
  const [previousAssembly, setPreviousAssembly] = useState<RunReport['assembly'] | null>(null);
  const filesRef = useRef(files);
  filesRef.current = files;
  const cursorRef = useRef(cursorLine);
  cursorRef.current = cursorLine;
  /** The file on screen, for callbacks that outlive a render (set where activeFile is derived below). */
  const activeRef = useRef<SourceFile>(files[0]!);

  useEffect(() => {
    if (!shareId) return;
    setMessage(t('share.loading'));
    api
      .getShare(shareId)
      .then((s) => {
        setFiles(s.files);
        setActive(s.files[0]?.name ?? 'main.go');
        // The link reopens with the options it was shared with.
        if (s.options?.goVersion) setGoVersion(s.options.goVersion);
        setGctrace(/\bgctrace=1\b/.test(s.options?.godebug ?? ''));
        setFields(fieldsFrom(s.options));
        if (s.action) setLastAction(s.action);
        setMessage(null);
      })
      .catch((e: unknown) => setMessage(e instanceof ApiError && e.code === 'share_not_found' ? t('share.notFound') : String((e as Error).message)));
    // Loading a share happens once per id; `t` changing must not reload it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shareId]);

  useEffect(() => {
    if (shareId) return;
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(files));
    } catch {
      // Quota or disabled storage: the code simply is not kept across reloads.
    }
  }, [files, shareId]);

  const run = useCallback(
    async (action: Action) => {
      setMessage(null);
      setLastAction(action);
      const options = optionsFor(action, gctrace, selectedRelease, fields);
      // The SSA view shows the function the cursor is in.
      const withFunc = action === 'ssa' ? { ...options, func: funcAt(activeRef.current.content, cursorRef.current) } : options;
      const report = await runner.run(action, filesRef.current, withFunc);
      if (!report) return;
      if (report.benchmarks.length > 0 && (action === 'bench' || action === 'profile')) {
        setPreviousBench(lastBench.current);
        lastBench.current = report.benchmarks;
      }
      if (action === 'escape') setCompilerNotes(report.diagnostics);
      if (report.assembly) {
        setPreviousAssembly(lastAssembly.current);
        lastAssembly.current = report.assembly;
      }
      if (report.profiles.some((p) => p.format === 'pprof')) {
        setPreviousProfile(lastProfile.current);
        lastProfile.current = report;
      }
    },
    [runner, gctrace, selectedRelease, fields],
  );

  const format = useCallback(async () => {
    setMessage(null);
    const report = await runner.run('fmt', filesRef.current, optionsFor('fmt', false, selectedRelease));
    if (report?.status === 'ok') {
      setFiles((cur) => applyFormatted(cur, report.formatted));
      setMessage(report.formatted?.length ? t('output.formatted', { n: report.formatted.length }) : t('output.alreadyFormatted'));
    }
  }, [runner, t, selectedRelease]);

  const share = useCallback(async () => {
    try {
      const { id } = await api.createShare(filesRef.current, lastAction, optionsFor(lastAction, gctrace, selectedRelease, fields));
      const url = `${window.location.origin}/s/${id}`;
      void navigator.clipboard?.writeText(url).catch(() => undefined);
      setMessage(
        <>
          {t('share.copied', { url: '' })}
          <a href={url} className="share-link">
            {url}
          </a>
        </>,
      );
    } catch (e) {
      setMessage(e instanceof ApiError ? `${e.message} (${e.code})` : String(e));
    }
  }, [lastAction, t, gctrace, selectedRelease, fields]);

  // Shortcuts also work when focus is outside the editor (toolbar, results).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.defaultPrevented) return;
      if (e.key === 'Enter') {
        e.preventDefault();
        if (!runner.busy) void run('run');
      } else if (e.key === 's' || e.key === 'S') {
        e.preventDefault();
        if (!runner.busy) void format();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [run, format, runner.busy]);

  const onJump = useCallback((file: string, line: number) => {
    const target = filesRef.current.find((f) => sameFile(file, f.name));
    if (!target) return;
    setActive(target.name);
    setJump({ line, nonce: Date.now() });
  }, []);

  const activeFile = files.find((f) => f.name === active) ?? files[0]!;
  activeRef.current = activeFile;
  const diagnostics = runner.state.report?.diagnostics ?? [];
  // The assembly pane and the editor share a colour per source line (Compiler Explorer's way).
  const assembly = runner.state.report?.assembly;
  const notes = useMemo(
    () => lineNotes(activeFile.name, lineCosts?.costs ?? null, lineCosts?.sample ?? '', compilerNotes, { cost: (sample, flat, cum) => t('insight.cost', { sample, flat, cum }), bce: t('insight.bce') }),
    [activeFile.name, lineCosts, compilerNotes, t],
  );
  const asmLines = useMemo(
    () => (assembly ? [...new Set(assembly.filter((b) => b.file === activeFile.name && b.line > 0).map((b) => b.line))].map((line) => ({ line, className: `asm-c${lineColour(activeFile.name, line)}` })) : undefined),
    [assembly, activeFile.name],
  );

  return (
    <main className="page playground">
      <div className="toolbar" role="toolbar" aria-label={t('action.toolbar')}>
        {releases && releases.toolchains.length > 0 && (
          <label className="option release">
            <span className="visually-hidden">{t('options.goVersion')}</span>
            <select
              value={selectedRelease}
              title={t('options.goVersion')}
              onChange={(e) => {
                setGoVersion(e.target.value);
                localStorage.setItem(RELEASE_KEY, e.target.value);
              }}
            >
              {releases.toolchains.map((tc) => (
                <option key={tc.release} value={tc.release}>
                  {tc.release === releases.default ? t('options.goLatest', { version: tc.version.replace(/^go/, 'Go ') }) : tc.version.replace(/^go/, 'Go ')}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="option examples">
          <span className="visually-hidden">{t('examples.menu')}</span>
          <select
            value=""
            title={t('examples.menu')}
            onChange={(e) => {
              const ex = EXAMPLES.find((x) => x.id === e.target.value);
              if (!ex) return;
              if (files.some((f) => !ex.files.some((g) => g.name === f.name && g.content === f.content)) && !window.confirm(t('examples.replace'))) return;
              setFiles(ex.files);
              setActive((ex.files.find((f) => f.name.endsWith('.go') && !f.name.endsWith('_test.go')) ?? ex.files[0]!).name);
              setLastAction(ex.action);
              setMessage(t('examples.loaded', { name: t(ex.label), action: t(TOOLBAR.find((b) => b.action === ex.action)?.label ?? 'action.run') }));
            }}
          >
            <option value="">{t('examples.menu')}</option>
            {EXAMPLES.map((ex) => (
              <option key={ex.id} value={ex.id}>
                {t(ex.label)}
              </option>
            ))}
          </select>
        </label>
        {TOOLBAR.map((b) => (
          <button key={b.action} type="button" onClick={() => void run(b.action)} disabled={runner.busy} className={b.action === 'run' ? 'primary' : undefined}>
            {t(b.label)}
          </button>
        ))}
        <button type="button" onClick={() => void format()} disabled={runner.busy}>
          {t('action.fmt')}
        </button>
        <button type="button" onClick={() => void share()}>
          {t('action.share')}
        </button>
        <label className="option">
          <input type="checkbox" checked={gctrace} onChange={(e) => setGctrace(e.target.checked)} /> {t('options.gctrace')}
        </label>
        <span className="muted shortcuts">{t('shortcuts')}</span>
      </div>
      <details className="run-options">
        <summary>{t('options.more')}</summary>
        <div className="run-options-grid">
          <label>
            GOMAXPROCS <input inputMode="numeric" value={fields.gomaxprocs} onChange={setField('gomaxprocs')} placeholder="1" size={4} />
          </label>
          <label>
            GODEBUG <input value={fields.godebug} onChange={setField('godebug')} placeholder="schedtrace=100" />
          </label>
          <label>
            GOEXPERIMENT <input value={fields.goexperiment} onChange={setField('goexperiment')} placeholder="nogreenteagc" />
          </label>
          <label>
            -run <input value={fields.run} onChange={setField('run')} placeholder="TestName" />
          </label>
          <label>
            -count <input inputMode="numeric" value={fields.count} onChange={setField('count')} placeholder="6" size={4} />
          </label>
          <label>
            -benchtime <input value={fields.benchtime} onChange={setField('benchtime')} placeholder="50ms | 1000x" size={10} />
          </label>
          <label>
            -fuzztime <input value={fields.fuzztime} onChange={setField('fuzztime')} placeholder="5s" size={6} />
          </label>
          <label>
            {t('options.args')} <input value={fields.args} onChange={setField('args')} placeholder="-n 10 input.txt" />
          </label>
        </div>
        <p className="muted">{t('options.help')}</p>
      </details>
      {message && (
        <p className="notice" role="status">
          {message}
        </p>
      )}
      <div className="workbench">
        <section className="editor-pane">
          <FileTabs
            files={files}
            active={activeFile.name}
            onSelect={setActive}
            onChange={(next, nextActive) => {
              setFiles(next);
              if (nextActive && next.some((f) => f.name === nextActive)) setActive(nextActive);
            }}
            onMessage={setMessage}
          />
          <Editor
            fileName={activeFile.name}
            value={activeFile.content}
            onChange={(content) => setFiles((cur) => updateFile(cur, activeFile.name, content))}
            diagnostics={diagnostics}
            dark={theme === 'dark'}
            ariaLabel={t('files.editor', { name: activeFile.name })}
            onRun={() => void run('run')}
            onFormat={() => void format()}
            jump={jump}
            onCursorLine={setCursorLine}
            assist={{ files, goVersion: selectedRelease, onOpenFile: setActive }}
            {...(asmLines ? { lineClasses: asmLines } : {})}
            lineNotes={notes}
          />
        </section>
        <section className="results-pane" aria-label={t('output.title')}>
          <ResultsPanel
            state={runner.state}
            previousBench={previousBench}
            previousProfile={previousProfile}
            previousAssembly={previousAssembly}
            onLineCosts={onLineCosts}
            onJump={onJump}
            dark={theme === 'dark'}
            cursor={{ file: activeFile.name, line: cursorLine }}
            onKeepFiles={(kept) => {
              setFiles((cur) => [...cur.filter((f) => !kept.some((k) => k.name === f.name)), ...kept]);
              setMessage(t('fuzz.kept', { n: kept.length }));
            }}
          />
        </section>
      </div>
    </main>
  );
}
