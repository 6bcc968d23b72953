import { lazy, Suspense } from 'react';
import type { BenchmarkResult, RunReport, SourceFile } from '../api/types.js';
import { useI18n } from '../i18n/index.js';
import type { RunState } from '../playground/runState.js';
import { isBusy } from '../playground/runState.js';
import { Assembly, AssemblyDiff } from './Assembly.js';
import type { LineCostsListener } from '../playground/lineNotes.js';
import { BenchTable } from './BenchTable.js';
import { Diagnostics, type JumpTo } from './Diagnostics.js';
import { Output } from './Output.js';
import { Leaks, Races } from './Races.js';
import { runtimeTraceOf } from './runtimeTrace.js';
import { RequestErrorBanner, StatusBanner } from './StatusBanner.js';
import { TestTable } from './TestTable.js';

// Profile, GC and trace views pull in canvas code and the pprof decoder: load them only when a run has something to show.
const ProfilesPanel = lazy(() => import('../profiles/ProfilesPanel.js'));

export interface ResultsPanelProps {
  state: RunState;
  previousBench: readonly BenchmarkResult[] | null;
  previousProfile: RunReport | null;
  /** The listing of the asm run before this one, to diff against. */
  previousAssembly?: RunReport['assembly'] | null;
  onJump: JumpTo;
  dark: boolean;
  /** The editor's file and cursor line, which the assembly pane highlights. */
  cursor?: { file: string; line: number } | null;
  /** The learner's lines with their share of the profile on screen (the editor's insight gutter). */
  onLineCosts?: LineCostsListener;
  /** Adds files to the editor (a fuzzer's failing inputs kept as regression cases); absent: not offered. */
  onKeepFiles?(files: SourceFile[]): void;
}

export function ResultsPanel({ state, previousBench, previousProfile, previousAssembly, onJump, dark, cursor, onKeepFiles, onLineCosts }: ResultsPanelProps) {
  const { t } = useI18n();
  const r = state.report;
  const phaseText =
    state.phase === 'queued' ? t('output.queued') : state.phase === 'compiling' ? t('output.compiling') : isBusy(state.phase) ? t('output.executing') : null;
  const gcText = r ? runtimeTraceOf(r, state.output) : '';
  const hasProfiles = r && (r.profiles.length > 0 || gcText !== '');
  return (
    <div className="results" aria-busy={isBusy(state.phase)}>
      <div className="status-line" role="status" aria-live="polite">
        {phaseText && <span className="spinner" aria-hidden="true" />}
        {phaseText}
        {r && (
          <span data-run-status={r.status} data-run-id={r.id}>
            {r.status === 'ok' ? t('status.ok') : r.status} · {t('output.timing', { wall: Math.round(r.timing.wallMs), cpu: Math.round(r.timing.cpuMs), compile: Math.round(r.timing.compileMs) })}
            {r.exitCode !== null && r.exitCode !== 0 ? ` · ${t('output.exit', { code: r.exitCode })}` : ''}
            {r.cached ? ` · ${t('output.cached')}` : ''}
            {r.goVersion ? ` · ${r.goVersion}` : ''}
          </span>
        )}
      </div>
      {state.error && <RequestErrorBanner code={state.error.code} message={state.error.message} />}
      {r && <StatusBanner report={r} />}
      {/* An assembly listing, an SSA view or escape analysis prints nothing: the pane below is the result. */}
      {!((r?.action === 'asm' || r?.action === 'ssa' || r?.action === 'escape') && state.output.length === 0) && <Output chunks={state.output} />}
      {r?.truncated && <p className="muted">{t('output.truncated')}</p>}
      <TestTable tests={state.tests} />
      <BenchTable benchmarks={state.benchmarks} previous={r?.action === 'bench' || r?.action === 'profile' ? previousBench : null} />
      {r?.assembly && previousAssembly && <AssemblyDiff previous={previousAssembly} current={r.assembly} />}
      {r?.assembly && <Assembly blocks={r.assembly} onJump={onJump} active={cursor ?? null} />}
      {r?.profiles.some((p) => p.kind === 'ssa') && (
        <section className="ssa-view" aria-label={t('ssa.title')}>
          <p className="muted">{t('ssa.help')}</p>
          {/* The compiler's page runs in a sandbox (opaque origin): it cannot reach the app or its cookies. */}
          <iframe title={t('ssa.title')} sandbox="allow-scripts" src={`/api/v1/runs/${encodeURIComponent(r.id)}/ssa`} />
        </section>
      )}
      {r?.fuzzInputs && r.fuzzInputs.length > 0 && onKeepFiles && <FuzzInputs inputs={r.fuzzInputs} onKeep={onKeepFiles} />}
      {r && <Diagnostics diagnostics={r.diagnostics} onJump={onJump} />}
      {r && <Races races={r.races} onJump={onJump} />}
      {r && <Leaks leaks={r.leaks} onJump={onJump} />}
      {r && hasProfiles && (
        <Suspense fallback={<p className="muted">{t('profiles.loading')}</p>}>
          <ProfilesPanel report={r} previous={previousProfile} dark={dark} runtimeTrace={gcText} onJump={onJump} {...(onLineCosts ? { onLineCosts } : {})} />
        </Suspense>
      )}
    </div>
  );
}

/** The fuzzer's failing inputs, and the button that keeps them as seed corpus (then Test re-runs them). */
function FuzzInputs({ inputs, onKeep }: { inputs: SourceFile[]; onKeep(files: SourceFile[]): void }) {
  const { t } = useI18n();
  return (
    <section className="fuzz-inputs" aria-label={t('fuzz.title')}>
      <h3>{t('fuzz.title')}</h3>
      <p>{t('fuzz.help')}</p>
      {inputs.map((f) => (
        <details key={f.name}>
          <summary>
            <code>{f.name}</code>
          </summary>
          <pre>{f.content}</pre>
        </details>
      ))}
      <button type="button" onClick={() => onKeep(inputs)}>
        {t('fuzz.keep', { n: inputs.length })}
      </button>
    </section>
  );
}
