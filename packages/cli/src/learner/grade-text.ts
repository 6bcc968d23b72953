import type { PresentedGrade } from '@gopherlab/server';

/** The grade as GET /api/v1/checks/:id returns it (the server's own type). */
export type Grade = PresentedGrade;

const ICON = { pass: '✓', fail: '✗', error: '!' } as const;
const indent = (s: string, by = '      ') => s.trimEnd().replace(/^/gm, by);

/** A lab grade as the terminal shows it: each check, and for a failing one why (got/want, races, leaks, measurements). */
export function formatGrade(g: Grade): string {
  const out: string[] = [];
  for (const c of g.checks) {
    out.push(`${ICON[c.status]} ${c.name}: ${c.message}`);
    const d = c.details;
    for (const f of d?.failures ?? []) out.push(`    ${f.test}`, indent(f.failure ?? f.output));
    for (const x of d?.diagnostics ?? []) out.push(`    ${x.file}:${x.line}:${x.col}: ${x.message}`);
    for (const r of (d?.races ?? []).slice(0, 2)) if (r.raw) out.push(indent(r.raw.split('\n').slice(0, 24).join('\n'), '    '));
    if (d?.leakOutput) out.push(indent(d.leakOutput.split('\n').slice(0, 20).join('\n'), '    '));
    if (c.ratio !== undefined && c.threshold !== undefined) out.push(`    yours ${c.got}, reference ${c.want}: ${c.ratio.toFixed(2)}x, allowed ${c.threshold}x`);
  }
  if (g.hintsUsed !== undefined) out.push('', g.hintsUsed === 0 ? 'Checked without hints.' : `Checked with ${g.hintsUsed} hint(s) revealed.`);
  out.push('', g.passed ? 'Passed: every check is green. See the reference solution with: gopherlab lab solution' : 'Not passed yet: fix what is marked ✗ above and run gopherlab lab check again.');
  return `${out.join('\n')}\n`;
}
