import { useState } from 'react';
import type { TestResult } from '../api/types.js';
import { useI18n } from '../i18n/index.js';
import { TestFailureOutput } from './TestOutput.js';

/** Pass/fail/skip per test with its time; each row expands to that test's output. Failing tests start expanded, their failure lines first. */
export function TestTable({ tests }: { tests: readonly TestResult[] }) {
  const { t } = useI18n();
  const [open, setOpen] = useState<Record<string, boolean>>({});
  if (tests.length === 0) return null;
  const count = (s: TestResult['status']) => tests.filter((x) => x.status === s).length;
  return (
    <section className="results-section" aria-labelledby="tests-title">
      <h3 id="tests-title">{t('tests.title')}</h3>
      <p className="test-summary">{t('tests.summary', { pass: count('pass'), fail: count('fail'), skip: count('skip') })}</p>
      <table className="test-table">
        <thead>
          <tr>
            <th scope="col">{t('tests.name')}</th>
            <th scope="col">{t('tests.status')}</th>
            <th scope="col">{t('tests.time')}</th>
          </tr>
        </thead>
        <tbody>
          {tests.map((test) => {
            const key = `${test.package} ${test.name}`;
            const expanded = open[key] ?? test.status === 'fail';
            return [
              <tr key={key} className={`test-row test-${test.status}`} data-test={test.name} data-status={test.status}>
                <td>
                  <button
                    type="button"
                    className="linklike"
                    aria-expanded={expanded}
                    aria-label={t('tests.showOutput', { name: test.name })}
                    onClick={() => setOpen({ ...open, [key]: !expanded })}
                  >
                    {expanded ? '▾' : '▸'} {test.name}
                  </button>
                </td>
                <td>
                  <span className={`badge badge-${test.status}`}>{t(`tests.${test.status}`)}</span>
                </td>
                <td className="num">{test.elapsedMs.toFixed(test.elapsedMs < 10 ? 2 : 0)} ms</td>
              </tr>,
              expanded ? (
                <tr key={key + ':out'} className="test-output-row">
                  <td colSpan={3}>
                    {test.status === 'fail' ? <TestFailureOutput output={test.output} failure={test.failure} /> : <pre className="test-output">{test.output || '—'}</pre>}
                  </td>
                </tr>
              ) : null,
            ];
          })}
        </tbody>
      </table>
    </section>
  );
}
