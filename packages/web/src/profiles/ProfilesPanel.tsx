/**
 * Everything a profiled or traced run can show: flame graph and top table per
 * profile (decoded in the browser by @gopherlab/profiling), a diff flame
 * graph against the previous profiled run, the GC trace chart and the
 * execution-trace timeline. Loaded lazily by ResultsPanel.
 */
import { useEffect, useMemo, useState } from 'react';
import { buildDiffFlameGraph, buildFlameGraph, buildSandwich, computeTop, decodeProfile, labelValues, pprofScaledLabel, type Profile, type Sandwich } from '@gopherlab/profiling';
import { api } from '../api/index.js';
import type { ProfileRef, RunReport } from '../api/types.js';
import { useI18n } from '../i18n/index.js';
import type { LineCost, LineCostsListener } from '../playground/lineNotes.js';
import { FlameGraphView, type FlameGraphModel } from './flame/FlameGraphView.js';
import { GcChart } from './gc/GcChart.js';
import { TraceTimeline } from './trace/TraceTimeline.js';

type Loaded = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ok'; profile: Profile };

async function loadProfile(runId: string, index: number): Promise<Profile> {
  const res = await fetch(api.profileUrl(runId, index), { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return decodeProfile(new Uint8Array(await res.arrayBuffer()));
}

function useProfile(runId: string | null, index: number): Loaded {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  useEffect(() => {
    if (!runId || index < 0) return;
    let live = true;
    setLoaded({ state: 'loading' });
    loadProfile(runId, index).then(
      (profile) => live && setLoaded({ state: 'ok', profile }),
      (e: unknown) => live && setLoaded({ state: 'error', message: (e as Error).message }),
    );
    return () => {
      live = false;
    };
  }, [runId, index]);
  return loaded;
}

function pprofIndexes(report: RunReport): { ref: ProfileRef; index: number }[] {
  return report.profiles.map((ref, index) => ({ ref, index })).filter((p) => p.ref.format === 'pprof');
}

/** `runtimeTrace`: the run's GODEBUG trace lines (see results/runtimeTrace.ts). */
/** `onJump`: a row of the Lines view opens that line of the learner's file in the editor. */
/** `onLineCosts`: the learner's lines with their share of the profile on screen (the editor's insight gutter). */
export default function ProfilesPanel({ report, previous, dark, runtimeTrace: gcText, onJump, onLineCosts }: { report: RunReport; previous: RunReport | null; dark: boolean; runtimeTrace: string; onJump?: (file: string, line: number) => void; onLineCosts?: LineCostsListener }) {
  const { t } = useI18n();
  const profiles = pprofIndexes(report);
  const [selected, setSelected] = useState(0);
  const [view, setView] = useState<View>('flame');
  const current = profiles[Math.min(selected, profiles.length - 1)];
  const loaded = useProfile(current ? report.id : null, current?.index ?? -1);
  const prevMatch = previous && current ? pprofIndexes(previous).find((p) => p.ref.kind === current.ref.kind) : undefined;
  const prevLoaded = useProfile(view === 'diff' && prevMatch ? previous!.id : null, view === 'diff' && prevMatch ? prevMatch.index : -1);
  const hasTrace = report.profiles.some((p) => p.format === 'trace');

  return (
    <section className="results-section profiles" aria-labelledby="profiles-title">
      <h3 id="profiles-title">{t('profiles.title')}</h3>
      {profiles.length === 0 ? (
        !hasTrace && !gcText && <p className="muted">{t('profiles.noProfile')}</p>
      ) : (
        <>
          <div className="profile-tabs">
            <label>
              {t('profiles.kind')}{' '}
              <select value={selected} onChange={(e) => setSelected(Number(e.target.value))}>
                {profiles.map((p, i) => (
                  <option key={p.index} value={i}>
                    {p.ref.kind}
                  </option>
                ))}
              </select>
            </label>
            <div role="tablist" aria-label={t('profiles.title')} className="tabs">
              {VIEWS.map((v) => (
                <button key={v} type="button" role="tab" aria-selected={view === v} className={view === v ? 'tab active' : 'tab'} onClick={() => setView(v)}>
                  {t(VIEW_LABEL[v])}
                </button>
              ))}
            </div>
          </div>
          {loaded.state === 'loading' && <p className="muted">{t('profiles.loading')}</p>}
          {loaded.state === 'error' && <p role="alert">{t('profiles.unavailable', { message: loaded.message })}</p>}
          {loaded.state === 'ok' && current && (
            <ProfileView
              profile={loaded.profile}
              kind={current.ref.kind}
              sampleType={current.ref.sampleType}
              view={view}
              baseline={view === 'diff' ? (prevLoaded.state === 'ok' ? prevLoaded.profile : null) : null}
              dark={dark}
              onView={setView}
              {...(onJump ? { onJump } : {})}
              {...(onLineCosts ? { onLineCosts } : {})}
            />
          )}
        </>
      )}
      {gcText && <GcChart runtimeTrace={gcText} />}
      {hasTrace && <TraceTimeline runId={report.id} />}
    </section>
  );
}

type View = 'flame' | 'top' | 'lines' | 'sandwich' | 'diff';
const VIEWS: readonly View[] = ['flame', 'top', 'lines', 'sandwich', 'diff'];
const VIEW_LABEL = { flame: 'profiles.flame', top: 'profiles.top', lines: 'profiles.lines', sandwich: 'profiles.sandwich', diff: 'profiles.diff' } as const;

/** `main.Sum /home/gopher/src/main.go:7` (a Lines row) -> the file and line, or null for a row without one. */
export function rowLocation(name: string): { file: string; line: number } | null {
  const m = /\s(\S+\.go):(\d+)$/.exec(name);
  return m ? { file: m[1]!, line: Number(m[2]) } : null;
}

function ProfileView(props: { profile: Profile; kind: string; sampleType?: string | undefined; view: View; baseline: Profile | null; dark: boolean; onView(v: View): void; onJump?: (file: string, line: number) => void; onLineCosts?: LineCostsListener }) {
  const { t } = useI18n();
  const { profile, baseline, view } = props;
  const [typeName, setTypeName] = useState(() => (props.sampleType && profile.sampleTypes.some((s) => s.type === props.sampleType) ? props.sampleType : profile.defaultSampleType));
  const unit = profile.sampleTypes.find((st) => st.type === typeName)?.unit ?? '';
  // pprof's -focus / -ignore, for every view: a regexp on function, file or binary names.
  const [focus, setFocus] = useState('');
  const [ignore, setIgnore] = useState('');
  // pprof labels (pprof.Do): one key=value keeps only the samples that carry it ('' = all samples).
  const labels = useMemo(() => labelValues(profile), [profile]);
  const [labelChoice, setLabelChoice] = useState('');
  const label = labelChoice ? labels.find((l) => `${l.key}=${l.value}` === labelChoice) : undefined;
  // Sandwich: the function whose callers and callees are shown (default: the one with the most flat time).
  const [sandwichFn, setSandwichFn] = useState<string | null>(null);
  const built = useMemo((): { graph: FlameGraphModel | null; top: ReturnType<typeof computeTop> | null; sandwich?: Sandwich & { fn: string }; error: string | null } => {
    const filter = { sampleType: typeName, focus, ignore, label };
    try {
      if (view === 'sandwich') {
        const functions = computeTop(profile, { ...filter, nodeCount: 30 });
        const fn = sandwichFn ?? functions.rows[0]?.name;
        return { graph: null, top: functions, error: null, ...(fn ? { sandwich: { ...buildSandwich(profile, fn, filter), fn } } : {}) };
      }
      if (view === 'top' || view === 'lines') {
        // Lines: flat/cum per file:line, as `go tool pprof -top -lines` (and `gopherlab pprof lines`) count them.
        return { graph: null, top: computeTop(profile, { ...filter, nodeCount: 50, lines: view === 'lines' }), error: null };
      }
      if (view === 'flame') return { graph: buildFlameGraph(profile, filter), top: null, error: null };
      // A true diff: both profiles normalised to their own totals (see @gopherlab/profiling flame/diff.ts).
      if (!baseline || !baseline.sampleTypes.some((st) => st.type === typeName)) return { graph: null, top: null, error: null };
      return { graph: buildDiffFlameGraph(baseline, profile, filter), top: null, error: null };
    } catch (e) {
      // A pattern that is not a regexp (invalid_regexp): say so, keep the last good view's controls.
      return { graph: null, top: null, error: (e as Error).message };
    }
  }, [profile, baseline, typeName, view, focus, ignore, label, sandwichFn]);
  const { graph, top } = built;
  // A frame in the learner's own files opens its line in the editor (double-click).
  const { onJump } = props;
  const frameJump = onJump ? { onFrameLine: (file: string, line: number) => file.startsWith(LEARNER_ROOT) && onJump(file, line) } : {};
  const openSandwich = (fn: string) => {
    setSandwichFn(fn);
    props.onView('sandwich');
  };
  const { onLineCosts, kind } = props;
  useEffect(() => {
    if (onLineCosts) onLineCosts(learnerLineCosts(profile, typeName), typeName === kind ? kind : `${kind} ${typeName}`);
  }, [profile, typeName, kind, onLineCosts]);

  return (
    <div className="profile-view">
      <div className="profile-filters">
        <label>
          {t('profiles.focus')} <input value={focus} onChange={(e) => setFocus(e.target.value)} placeholder="main\.Sum" spellCheck={false} size={14} />
        </label>
        <label>
          {t('profiles.ignore')} <input value={ignore} onChange={(e) => setIgnore(e.target.value)} placeholder="runtime\." spellCheck={false} size={14} />
        </label>
        {labels.length > 0 && (
          <label>
            {t('profiles.label')}{' '}
            <select value={labelChoice} onChange={(e) => setLabelChoice(e.target.value)}>
              <option value="">{t('profiles.allLabels')}</option>
              {labels.map((l) => (
                <option key={`${l.key}=${l.value}`} value={`${l.key}=${l.value}`}>
                  {l.key}={l.value}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {built.error && (
        <p role="alert" className="form-error">
          {built.error}
        </p>
      )}
      <label>
        {t('profiles.sampleType')}{' '}
        <select value={typeName} onChange={(e) => setTypeName(e.target.value)}>
          {profile.sampleTypes.map((s) => (
            <option key={s.type} value={s.type}>
              {s.type} ({s.unit})
            </option>
          ))}
        </select>
      </label>
      {(view === 'top' || view === 'lines') && top && (
        <table className="top-table">
          <thead>
            <tr>
              <th scope="col">{t('profiles.flat')}</th>
              <th scope="col">flat%</th>
              <th scope="col">sum%</th>
              <th scope="col">{t('profiles.cum')}</th>
              <th scope="col">cum%</th>
              <th scope="col">{t('profiles.function')}</th>
            </tr>
          </thead>
          <tbody>
            {top.rows.map((r) => (
              <tr key={r.name}>
                <td className="num">{pprofScaledLabel(r.flat, unit, top.outputUnit)}</td>
                <td className="num">{r.flatPercent.toFixed(2)}%</td>
                <td className="num">{r.sumPercent.toFixed(2)}%</td>
                <td className="num">{pprofScaledLabel(r.cum, unit, top.outputUnit)}</td>
                <td className="num">{r.cumPercent.toFixed(2)}%</td>
                <td>
                  <RowName name={r.name} {...(view === 'lines' && props.onJump ? { onJump: props.onJump } : {})} />
                  {view === 'top' && (
                    <>
                      {' '}
                      <button type="button" className="linklike sandwich-open" title={t('profiles.sandwichOf', { fn: r.name })} onClick={() => openSandwich(r.name)}>
                        {t('profiles.sandwich')}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {(view === 'flame' || view === 'diff') && graph && <FlameGraphView model={graph} label={t('profiles.canvas', { kind: props.kind })} dark={props.dark} {...frameJump} />}
      {view === 'sandwich' && built.sandwich && top && (
        <div className="sandwich">
          <label>
            {t('profiles.sandwichFn')}{' '}
            <select value={built.sandwich.fn} onChange={(e) => setSandwichFn(e.target.value)}>
              {[...new Set([built.sandwich.fn, ...top.rows.map((r) => r.name)])].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
          <h4>{t('profiles.callers', { fn: built.sandwich.fn })}</h4>
          <FlameGraphView model={built.sandwich.callers} label={t('profiles.callers', { fn: built.sandwich.fn })} dark={props.dark} {...frameJump} />
          <h4>{t('profiles.callees', { fn: built.sandwich.fn })}</h4>
          <FlameGraphView model={built.sandwich.callees} label={t('profiles.callees', { fn: built.sandwich.fn })} dark={props.dark} {...frameJump} />
        </div>
      )}
      {view === 'diff' && !graph && <p className="muted">{t('profiles.noDiff')}</p>}
    </div>
  );
}

/** Where a run's files are inside the sandbox (runner: sandbox/recipe.ts INSIDE.src). */
const LEARNER_ROOT = '/home/gopher/src/';

/** Every line of the learner's files with samples, as `pprof -top -lines` counts them, file names relative. */
function learnerLineCosts(profile: Profile, sampleType: string): LineCost[] {
  const { rows } = computeTop(profile, { sampleType, nodeCount: 100_000, lines: true });
  return rows.flatMap((r) => {
    const at = rowLocation(r.name);
    return at && at.file.startsWith(LEARNER_ROOT) ? [{ file: at.file.slice(LEARNER_ROOT.length), line: at.line, flatPercent: r.flatPercent, cumPercent: r.cumPercent }] : [];
  });
}

/** A row's name; on the Lines view, its file:line is a button that opens that line in the editor. */
function RowName({ name, onJump }: { name: string; onJump?: (file: string, line: number) => void }) {
  const { t } = useI18n();
  const at = onJump ? rowLocation(name) : null;
  // Only the learner's own files (where runs put them in the sandbox) open in the editor.
  if (!at || !onJump || !at.file.startsWith(LEARNER_ROOT)) return <code>{name}</code>;
  const fn = name.slice(0, name.length - `${at.file}:${at.line}`.length).trim();
  const short = at.file.slice(LEARNER_ROOT.length);
  return (
    <>
      <code>{fn}</code>{' '}
      <button type="button" className="linklike" title={t('profiles.jump')} onClick={() => onJump(at.file, at.line)}>
        {short}:{at.line}
      </button>
    </>
  );
}
