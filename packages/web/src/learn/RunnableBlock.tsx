import { useI18n } from '../i18n/index.js';
import { useRunner } from '../playground/useRunner.js';
import { Output } from '../results/Output.js';
import { StatusBanner, RequestErrorBanner } from '../results/StatusBanner.js';

/** A ```go run block with its own Run button; the output appears right under the code. */
export function RunnableBlock({ code, mode }: { code: string; mode: 'run' | 'build' }) {
  const { t } = useI18n();
  const runner = useRunner();
  const s = runner.state;
  return (
    <div className="runnable">
      <pre>
        <code className="language-go">{code}</code>
      </pre>
      <button
        type="button"
        aria-label={`${t('action.run')}: ${t('learn.runBlock')}`}
        onClick={() => void runner.run(mode === 'build' ? 'build' : 'run', [{ name: 'prog.go', content: code.endsWith('\n') ? code : code + '\n' }])}
        disabled={runner.busy}
      >
        ▶ {t('action.run')}
      </button>
      {s.phase !== 'idle' && (
        <div className="runnable-result">
          {s.error && <RequestErrorBanner code={s.error.code} message={s.error.message} />}
          {s.report && <StatusBanner report={s.report} />}
          <Output chunks={s.output} empty={runner.busy ? t('output.running') : ''} />
        </div>
      )}
    </div>
  );
}
