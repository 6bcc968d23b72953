/**
 * After a pass: the reference solution as a diff against the learner's own
 * code, file by file (jsdiff's line diff), so the learner sees what the
 * reference does differently and reads why in the lesson.
 */
import { diffLines } from 'diff';
import { useState } from 'react';
import { ApiError, api } from '../api/index.js';
import type { SourceFile } from '../api/types.js';
import { useI18n } from '../i18n/index.js';

export function SolutionDiff({ labId, mine }: { labId: string; mine: readonly SourceFile[] }) {
  const { t } = useI18n();
  const [reference, setReference] = useState<SourceFile[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!reference) {
    return (
      <div className="solution">
        <button
          type="button"
          onClick={() =>
            void api.labSolution(labId).then(
              (s) => setReference(s.files),
              (e: unknown) => setError(e instanceof ApiError ? e.message : String(e)),
            )
          }
        >
          {t('learn.compareSolution')}
        </button>
        {error && <p className="muted">{error}</p>}
      </div>
    );
  }
  const files = reference.filter((f) => f.name.endsWith('.go'));
  return (
    <section className="solution" aria-labelledby="solution-title">
      <h3 id="solution-title">{t('learn.solutionTitle')}</h3>
      <p className="muted">{t('learn.solutionHelp')}</p>
      {files.map((ref) => {
        const own = mine.find((f) => f.name === ref.name)?.content ?? '';
        const parts = diffLines(own, ref.content);
        const same = parts.every((p) => !p.added && !p.removed);
        return (
          <details key={ref.name} open={!same}>
            <summary>
              <code>{ref.name}</code> {same ? t('learn.solutionSame') : ''}
            </summary>
            <pre className="diff" data-file={ref.name}>
              {parts.map((p, i) => {
                const sign = p.added ? '+' : p.removed ? '-' : ' ';
                const text = p.value.replace(/\n$/, '').split('\n').map((l) => `${sign} ${l}`).join('\n');
                return (
                  <span key={i} className={p.added ? 'diff-add' : p.removed ? 'diff-del' : 'diff-same'}>
                    {text}
                    {'\n'}
                  </span>
                );
              })}
            </pre>
          </details>
        );
      })}
    </section>
  );
}
