import type { OutputChunk } from '../playground/runState.js';
import { useI18n } from '../i18n/index.js';
import { parseAnsi } from './ansi.js';

/** Consecutive chunks of one stream, joined so a colour code split across chunks still applies. */
function segments(chunks: readonly OutputChunk[]): { stream: OutputChunk['stream']; text: string }[] {
  const out: { stream: OutputChunk['stream']; text: string }[] = [];
  for (const c of chunks) {
    const last = out[out.length - 1];
    if (last && last.stream === c.stream) last.text += c.data;
    else out.push({ stream: c.stream, text: c.data });
  }
  return out;
}

export function Output({ chunks, empty }: { chunks: readonly OutputChunk[]; empty?: string }) {
  const { t } = useI18n();
  return (
    <pre className="output" role="log" aria-live="polite" aria-label={t('output.title')}>
      {chunks.length === 0 ? <span className="muted">{empty ?? t('output.empty')}</span> : null}
      {segments(chunks).map((seg, i) => (
        <span key={i} className={seg.stream === 'stderr' ? 'stderr' : 'stdout'}>
          {parseAnsi(seg.text).map((r, j) => (r.classes.length ? <span key={j} className={r.classes.join(' ')}>{r.text}</span> : r.text))}
        </span>
      ))}
    </pre>
  );
}
