/**
 * The assembly pane (action `asm`): per function, each source line with the
 * instructions compiled from it, coloured per line; the line the editor's
 * cursor is on is highlighted, and clicking a line moves the editor there.
 * Hovering an instruction explains what it does.
 */
import { diffLines } from 'diff';
import type { RunReport } from '../api/types.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { byFunction, diffListings, explainKey, lineColour } from './asm.js';
import type { JumpTo } from './Diagnostics.js';

export interface AssemblyProps {
  blocks: NonNullable<RunReport['assembly']>;
  onJump: JumpTo;
  /** The editor's file and cursor line: its instructions are highlighted. */
  active?: { file: string; line: number } | null;
}

export function Assembly({ blocks, onJump, active }: AssemblyProps) {
  const { t } = useI18n();
  if (blocks.length === 0) return null;
  const total = blocks.reduce((n, b) => n + b.instructions.length, 0);
  return (
    <section className="results-section assembly" aria-labelledby="asm-title">
      <h3 id="asm-title">{t('asm.title', { n: total })}</h3>
      <p className="muted">{t('asm.help')}</p>
      {byFunction(blocks).map((fn, i) => (
        <details key={`${fn.name}-${i}`} open={!fn.name.endsWith('.init')} className="asm-function">
          <summary>
            <code>{fn.name}</code>
          </summary>
          {fn.blocks.map((b, j) => {
            const isActive = !!active && b.file !== '' && b.file === active.file && b.line === active.line;
            return (
              <div key={j} className={`asm-block asm-c${lineColour(b.file, b.line)}${isActive ? ' active' : ''}`} data-asm-line={`${b.file}:${b.line}`}>
                {b.file && b.line > 0 ? (
                  <button type="button" className="asm-src" onClick={() => onJump(b.file, b.line)} title={t('asm.jump')}>
                    {b.file}:{b.line}
                  </button>
                ) : (
                  <span className="asm-src muted">{t('asm.noLine')}</span>
                )}
                <ol className="asm-instructions">
                  {b.instructions.map((ins, k) => {
                    const key = explainKey(ins.text);
                    return (
                      <li key={k} title={key ? t(`asm.op.${key}` as MessageKey) : undefined}>
                        <span className="asm-pc">{ins.pc}</span>
                        <code>{ins.text}</code>
                      </li>
                    );
                  })}
                </ol>
              </div>
            );
          })}
        </details>
      ))}
    </section>
  );
}

/** What the last edit changed in the machine code: each function's listing against the previous asm run's. */
export function AssemblyDiff({ previous, current }: { previous: NonNullable<RunReport['assembly']>; current: NonNullable<RunReport['assembly']> }) {
  const { t } = useI18n();
  const fns = diffListings(previous, current, diffLines);
  const changed = fns.filter((f) => f.added + f.removed > 0);
  return (
    <section className="results-section asm-diff" aria-labelledby="asm-diff-title">
      <h3 id="asm-diff-title">{t('asm.diffTitle', { n: changed.length })}</h3>
      {changed.length === 0 ? (
        <p className="muted">{t('asm.diffNone')}</p>
      ) : (
        changed.map((f) => (
          <details key={f.name} open={changed.length <= 3}>
            <summary>
              <code>{f.name}</code> <span className="diff-count">+{f.added} −{f.removed}</span>
            </summary>
            <pre className="diff" data-function={f.name}>
              {f.parts.map((p, i) => {
                const cls = p.added ? 'diff-add' : p.removed ? 'diff-del' : 'diff-same';
                const sign = p.added ? '+' : p.removed ? '-' : ' ';
                return (
                  <span key={i} className={cls}>
                    {p.value.replace(/\n$/, '').split('\n').map((l) => `${sign} ${l}`).join('\n')}
                  </span>
                );
              })}
            </pre>
          </details>
        ))
      )}
    </section>
  );
}
