import type { JumpTo } from './Diagnostics.js';
import { useI18n } from '../i18n/index.js';
import { failureText, splitFileRefs } from './testOutput.js';

/** Text with its `file.go:line` references to the learner's files as links that jump the editor there; other references are dimmed. */
export function LinkedText({ text, onJump, canJump }: { text: string; onJump?: JumpTo | undefined; canJump?: ((file: string) => boolean) | undefined }) {
  const { t } = useI18n();
  const parts = splitFileRefs(text, () => true);
  return (
    <>
      {parts.map((p, i) => {
        if (typeof p === 'string') return p;
        if (onJump && canJump?.(p.file)) {
          return (
            <button key={i} type="button" className="linklike" onClick={() => onJump(p.file, p.line)} aria-label={t('races.jump', { file: p.file, line: p.line })}>
              {p.text}
            </button>
          );
        }
        return (
          <span key={i} className="file-ref">
            {p.text}
          </span>
        );
      })}
    </>
  );
}

/**
 * A failing test's failure lines (Go 1.27 marks them; otherwise its output
 * without race reports), then its whole output collapsed beneath when that
 * says more.
 */
export function TestFailureOutput({
  output,
  failure,
  onJump,
  canJump,
}: {
  output: string;
  failure?: string | undefined;
  onJump?: JumpTo | undefined;
  canJump?: ((file: string) => boolean) | undefined;
}) {
  const { t } = useI18n();
  const { text, full } = failureText({ output, failure });
  return (
    <>
      <pre className="test-output test-failure">
        {/* One block per line: a message that wraps hangs indented under its own first line. */}
        {text.split('\n').map((line, i) => (
          <span key={i} className="failure-line">
            {line ? <LinkedText text={line} onJump={onJump} canJump={canJump} /> : '\u00a0'}
          </span>
        ))}
      </pre>
      {full !== null && (
        <details className="test-output-more">
          <summary>{t('tests.fullOutput')}</summary>
          <pre className="test-output-full">
            <LinkedText text={full} onJump={onJump} canJump={canJump} />
          </pre>
        </details>
      )}
    </>
  );
}
