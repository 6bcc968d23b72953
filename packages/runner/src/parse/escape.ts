/**
 * The compiler's reasoning (`-gcflags=-m=2`) as structured diagnostics.
 *
 * At -m=2 the compiler says why, not only what:
 *
 *   ./main.go:8:2: p escapes to heap in newPoint:
 *   ./main.go:8:2:   flow: ~r0 ← &p:
 *   ./main.go:8:2:     from &p (address-of) at ./main.go:9:9
 *   ./main.go:8:2:     from return &p (return) at ./main.go:9:2
 *   ./main.go:7:6: can inline newPoint with cost 12 as: func() *point { ... }
 *   ./main.go:20:6: cannot inline main: function too complex: cost 123 exceeds budget 80
 *   ./main.go:28:11: Found IsInBounds
 *
 * Indented lines at the same position explain the decision before them (why
 * a value escapes, why a parameter leaks): they become its `explanation`
 * (positions relative to the module, as everywhere). The short line the compiler repeats afterwards ("p.x
 * escapes to heap") is dropped when the explained one exists. Inlining
 * decisions carry their cost against the budget; bounds checks become
 * source `bce`.
 */
import type { Diagnostic } from '../model/report.js';
import { parseCompilerOutput } from './diagnostics.js';
import { relativizePath } from './paths.js';

/** A bounds check the compiler kept: `Found IsInBounds` (or IsSliceInBounds). */
const BCE = /^Found Is(?:Slice)?InBounds$/;
const CAN_INLINE = /^can inline (\S+) with cost (\d+) as: /;
const CANNOT_INLINE = /^cannot inline (\S+): (.*?)(?:: cost (\d+) exceeds budget (\d+))?$/;
/** The compiler's inlining budget for a function without PGO (cmd/compile inlineMaxBudget). */
export const INLINE_BUDGET = 80;

export function parseEscapeOutput(text: string, knownFiles: readonly string[] = []): Diagnostic[] {
  const out: Diagnostic[] = [];
  const key = (d: Diagnostic) => `${d.file}:${d.line}:${d.col}`;
  /** The last decision at each position: indented lines that follow explain it. */
  const lastAt = new Map<string, Diagnostic>();
  for (const d of parseCompilerOutput(text, { source: 'escape', severity: 'info', knownFiles })) {
    if (/^\s/.test(d.message)) {
      const head = lastAt.get(key(d));
      if (head) explain(head).push(relativeAt(d.message.trim(), knownFiles));
      continue; // an explanation line is never a decision of its own
    }
    if (BCE.test(d.message)) {
      out.push({ ...d, source: 'bce', message: 'bounds check kept here' });
      continue;
    }
    // The -m=1 line repeated after its explained form adds nothing.
    if (lastAt.get(key(d))?.message.startsWith(`${d.message} (in `)) continue;
    const e = withInlining(d);
    lastAt.set(key(d), e);
    out.push(e);
  }
  return out;
}

/** Turns a decision into the head of an explanation ("p escapes to heap in f:" -> "p escapes to heap (in f)"). */
function explain(head: Diagnostic): string[] {
  if (!head.explanation) {
    const m = /^(.*) in (\S+):$/.exec(head.message);
    head.message = m ? `${m[1]} (in ${m[2]})` : head.message.replace(/:$/, '');
    head.explanation = [];
  }
  return head.explanation;
}

function withInlining(d: Diagnostic): Diagnostic {
  const can = CAN_INLINE.exec(d.message);
  if (can) {
    const cost = Number(can[2]);
    return { ...d, message: `can inline ${can[1]} (cost ${cost}, budget ${INLINE_BUDGET})`, inline: { function: can[1]!, inlinable: true, cost, budget: INLINE_BUDGET } };
  }
  const cannot = CANNOT_INLINE.exec(d.message);
  if (cannot) {
    const inline: NonNullable<Diagnostic['inline']> = { function: cannot[1]!, inlinable: false, reason: cannot[2]! };
    if (cannot[3]) Object.assign(inline, { cost: Number(cannot[3]), budget: Number(cannot[4]) });
    return { ...d, inline };
  }
  return d;
}

/** `from &p (address-of) at ./main.go:9:9` with the position relative to the module. */
function relativeAt(line: string, knownFiles: readonly string[]): string {
  return line.replace(/ at (\S+\.go):(\d+):(\d+)$/, (_m, file: string, l: string, c: string) => ` at ${relativizePath(file, knownFiles)}:${l}:${c}`);
}
