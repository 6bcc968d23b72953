/**
 * A lab check's grade, check by check. A failing check shows why: each
 * failing hidden test's failure lines (never the tests' source), race
 * reports with both stacks, leaked goroutines, compile and vet errors, or a
 * benchmark's numbers in words. Frames and file:line references into the
 * learner's own files jump the lab editor there.
 */
import { useMemo } from 'react';
import type { GradeCheck, GradeMeasurement, GradeReport, GradeTestFailure, LeakReport } from '../api/types.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { Diagnostics, type JumpTo } from '../results/Diagnostics.js';
import { Heading, Leaks, Races } from '../results/Races.js';
import { LinkedText, TestFailureOutput } from '../results/TestOutput.js';
import { benchSentence, goleakTruncated, parseGoleak } from './grade.js';

type CanJump = (file: string) => boolean;

const ERROR_TITLES = new Set(['timeout', 'memory_limit', 'output_limit', 'process_limit', 'disk_limit', 'rejected', 'internal_error']);

export function GradeView({ grade, onJump, canJump, learnerFiles }: { grade: GradeReport; onJump: JumpTo; canJump: CanJump; learnerFiles: readonly string[] }) {
  const { t } = useI18n();
  const passed = grade.checks.filter((c) => c.status === 'pass').length;
  return (
    <div className={`grade ${grade.passed ? 'grade-pass' : 'grade-fail'}`} data-passed={grade.passed}>
      <div role="alert" className={grade.passed ? 'banner banner-ok' : 'banner banner-failed'}>
        <strong>{grade.passed ? t('learn.passed') : t('learn.failed')}</strong>
        {!grade.passed && <p>{t('grade.summary', { passed, total: grade.checks.length })}</p>}
        {grade.hintsUsed !== undefined && (
          <p className="muted grade-hints" data-hints={grade.hintsUsed}>
            {grade.hintsUsed === 0 ? t('grade.noHints') : t('grade.hints', { n: grade.hintsUsed })}
          </p>
        )}
      </div>
      <ol className="grade-checks">
        {grade.checks.map((c, i) => (
          <CheckItem key={i} check={c} onJump={onJump} canJump={canJump} learnerFiles={learnerFiles} diagnosticsAbove={sameDiagnosticsAbove(grade.checks, i)} />
        ))}
      </ol>
    </div>
  );
}

/** The test and vet checks report the same compile errors: list them under the first check only. */
function sameDiagnosticsAbove(checks: readonly GradeCheck[], i: number): boolean {
  const key = (c: GradeCheck) => JSON.stringify(c.details?.diagnostics ?? []);
  const mine = checks[i]!;
  return (mine.details?.diagnostics?.length ?? 0) > 0 && checks.slice(0, i).some((c) => key(c) === key(mine));
}

function checkTitle(c: GradeCheck, t: ReturnType<typeof useI18n>['t']): string {
  if (c.kind === 'bench' && c.measurement) return t('grade.kind.bench', { benchmark: c.measurement.benchmark, metric: c.measurement.metric });
  const titles: Record<string, MessageKey> = { test: 'grade.kind.test', race: 'grade.kind.race', leak: 'grade.kind.leak', vet: 'grade.kind.vet' };
  const key = titles[c.kind];
  return key ? t(key) : c.name;
}

function plural(t: ReturnType<typeof useI18n>['t'], key: 'grade.failedTests' | 'grade.vet' | 'grade.races' | 'grade.leaks', n: number): string {
  return n === 1 ? t(`${key}.one`) : t(`${key}.other`, { n });
}

function CheckItem({
  check: c,
  onJump,
  canJump,
  learnerFiles,
  diagnosticsAbove,
}: {
  check: GradeCheck;
  onJump: JumpTo;
  canJump: CanJump;
  learnerFiles: readonly string[];
  diagnosticsAbove: boolean;
}) {
  const { t } = useI18n();
  const d = c.details ?? {};
  const failures = d.failures ?? [];
  const races = d.races ?? [];
  const diagnostics = d.diagnostics ?? [];
  const leaks = useMemo<LeakReport[]>(() => (d.leaks?.length ? d.leaks : d.leakOutput ? parseGoleak(d.leakOutput, learnerFiles) : []), [d.leaks, d.leakOutput, learnerFiles]);
  const failed = c.status !== 'pass';
  const compileError = c.runStatus === 'compile_error';
  const errorTitle = c.status === 'error' && c.runStatus && ERROR_TITLES.has(c.runStatus) ? t(`status.${c.runStatus}.title` as MessageKey) : null;
  // The grader's own (English) sentence is shown only where no structured detail explains the result.
  const explained = failures.length > 0 || races.length > 0 || leaks.length > 0 || diagnostics.length > 0 || c.measurement !== undefined;
  const leakedCount = leaks.reduce((n, l) => n + l.count, 0);
  return (
    <li className={`check check-${c.status}`} data-check={c.name} data-kind={c.kind} data-status={c.status}>
      <div className="check-head">
        <span className="check-icon" aria-hidden="true">
          {c.status === 'pass' ? '✓' : c.status === 'fail' ? '✗' : '!'}
        </span>
        <h3 className="check-name">{checkTitle(c, t)}</h3>
        <span className={`badge badge-${c.status === 'pass' ? 'pass' : c.status === 'fail' ? 'fail' : 'skip'}`}>{t(`grade.status.${c.status}`)}</span>
      </div>
      {(failed || c.measurement) && (
        <div className="check-body">
          {errorTitle && <p className="check-headline">{errorTitle}</p>}
          {failed && (!explained || errorTitle) && c.message && <p className="check-message">{c.message}</p>}
          {compileError && diagnostics.length > 0 && <p className="check-headline">{t('grade.compile')}</p>}
          {!compileError && c.kind === 'vet' && diagnostics.length > 0 && <p className="check-headline">{plural(t, 'grade.vet', diagnostics.length)}</p>}
          {diagnostics.length > 0 && !diagnosticsAbove && <Diagnostics diagnostics={diagnostics} onJump={onJump} canJump={canJump} level={4} />}
          {races.length > 0 && (
            <>
              <p className="check-headline">{plural(t, 'grade.races', races.length)}</p>
              <Races races={races} onJump={onJump} canJump={canJump} level={4} />
            </>
          )}
          {leaks.length > 0 && (
            <>
              <p className="check-headline">
                {!d.leaks?.length && d.leakOutput && goleakTruncated(d.leakOutput) ? t('grade.leaks.atLeast', { n: leakedCount }) : plural(t, 'grade.leaks', leakedCount)}
              </p>
              <Leaks leaks={leaks} onJump={onJump} canJump={canJump} level={4} titled={c.kind !== 'leak'} />
            </>
          )}
          {d.leakOutput && (
            <details className="test-output-more">
              <summary>{t('grade.leaks.raw')}</summary>
              <pre className="test-output-full">
                <LinkedText text={d.leakOutput} onJump={onJump} canJump={canJump} />
              </pre>
            </details>
          )}
          {failures.length > 0 && <FailingTests failures={failures} onJump={onJump} canJump={canJump} />}
          {c.measurement && <Measurement m={c.measurement} passed={c.status === 'pass'} />}
        </div>
      )}
    </li>
  );
}

/** Each failing hidden test by name, with what it reported (got/want) and the rest of its output collapsed. */
function FailingTests({ failures, onJump, canJump }: { failures: readonly GradeTestFailure[]; onJump: JumpTo; canJump: CanJump }) {
  const { t } = useI18n();
  return (
    <>
      <p className="check-headline">{plural(t, 'grade.failedTests', failures.length)}</p>
      <ul className="failing-tests">
        {failures.map((f) => (
          <li key={f.test} className="failing-test" data-test={f.test}>
            <Heading level={4}>
              <span className="check-icon" aria-hidden="true">
                ✗
              </span>{' '}
              <code>{f.test}</code>
            </Heading>
            <TestFailureOutput output={f.output} failure={f.failure} onJump={onJump} canJump={canJump} />
          </li>
        ))}
      </ul>
    </>
  );
}

/** A benchmark check: both measurements, their ratio and the limit, then the same in a sentence. */
function Measurement({ m, passed }: { m: GradeMeasurement; passed: boolean }) {
  const { t, lang } = useI18n();
  const { sentence, vars } = benchSentence(m);
  const zero = sentence === 'zero' || sentence === 'allocsZero';
  return (
    <div className="bench-measure" data-ratio={m.ratio ?? ''} data-limit={m.maxRatio}>
      <dl className="bench-figures">
        <div>
          <dt>{t('grade.bench.yours')}</dt>
          <dd className={passed ? undefined : 'bench-over'}>{vars.yours}</dd>
        </div>
        <div>
          <dt>{t('grade.bench.reference')}</dt>
          <dd>{vars.ref}</dd>
        </div>
        {/* Against a reference of 0 no ratio is meaningful: the value itself must be 0 (or, for throughput, is shown as is). */}
        <div>
          <dt>{t('grade.bench.ratio')}</dt>
          <dd className={passed ? undefined : 'bench-over'}>{zero || m.ratio === null ? '—' : `${vars.ratio}×`}</dd>
        </div>
        <div>
          <dt>{t('grade.bench.allowed')}</dt>
          <dd>{zero ? vars.ref : `≤ ${vars.limit}×`}</dd>
        </div>
      </dl>
      <p>
        {t(`grade.bench.${sentence}`, vars)}
        {/* Chinese sentences follow each other without a space. */}
        {!zero && `${lang === 'zh-CN' ? '' : ' '}${t(passed ? 'grade.bench.within' : 'grade.bench.over', vars)}`}
      </p>
      <p className="muted bench-method">{t('grade.bench.method')}</p>
    </div>
  );
}
