/**
 * ANSI colour codes in program output (SGR `ESC[...m`), turned into text runs
 * with CSS classes instead of escape codes on screen. Written here rather than
 * taken from a library because the libraries produce HTML strings, and the
 * output pane renders React text nodes only (learner output is never HTML).
 * Other escape sequences (cursor moves, erase) are dropped.
 */
export interface AnsiRun {
  text: string;
  /** e.g. ['ansi-bold', 'ansi-fg-1'] */
  classes: string[];
}

interface Style {
  bold: boolean;
  dim: boolean;
  underline: boolean;
  fg: number | null;
  bg: number | null;
}

// CSI: ESC [ params intermediate final; OSC: ESC ] ... BEL or ESC \.
const ESCAPE = /\u001b\[([0-9;?]*)([ -/]*)([@-~])|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;

function apply(style: Style, params: string): void {
  const codes = params === '' ? [0] : params.split(';').map((p) => Number(p) || 0);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c === 0) Object.assign(style, { bold: false, dim: false, underline: false, fg: null, bg: null });
    else if (c === 1) style.bold = true;
    else if (c === 2) style.dim = true;
    else if (c === 4) style.underline = true;
    else if (c === 22) style.bold = style.dim = false;
    else if (c === 24) style.underline = false;
    else if (c >= 30 && c <= 37) style.fg = c - 30;
    else if (c >= 90 && c <= 97) style.fg = c - 90 + 8;
    else if (c === 39) style.fg = null;
    else if (c >= 40 && c <= 47) style.bg = c - 40;
    else if (c >= 100 && c <= 107) style.bg = c - 100 + 8;
    else if (c === 49) style.bg = null;
    // 256-colour and true-colour forms: skip their arguments, keep the default colour.
    else if ((c === 38 || c === 48) && codes[i + 1] === 5) i += 2;
    else if ((c === 38 || c === 48) && codes[i + 1] === 2) i += 4;
  }
}

function classesOf(s: Style): string[] {
  const out: string[] = [];
  if (s.bold) out.push('ansi-bold');
  if (s.dim) out.push('ansi-dim');
  if (s.underline) out.push('ansi-underline');
  if (s.fg !== null) out.push(`ansi-fg-${s.fg}`);
  if (s.bg !== null) out.push(`ansi-bg-${s.bg}`);
  return out;
}

/** Splits `text` into styled runs; state starts plain (each stream segment is parsed whole). */
export function parseAnsi(text: string): AnsiRun[] {
  const style: Style = { bold: false, dim: false, underline: false, fg: null, bg: null };
  const runs: AnsiRun[] = [];
  let last = 0;
  const push = (t: string) => {
    if (t === '') return;
    const classes = classesOf(style);
    const prev = runs[runs.length - 1];
    if (prev && prev.classes.join() === classes.join()) prev.text += t;
    else runs.push({ text: t, classes });
  };
  for (const m of text.matchAll(ESCAPE)) {
    push(text.slice(last, m.index));
    if (m[3] === 'm' && m[2] === '') apply(style, m[1] ?? '');
    last = m.index + m[0].length;
  }
  // An escape cut off at the end of the output so far is not text.
  push(text.slice(last).replace(/\u001b[^a-zA-Z]*$/, ''));
  return runs;
}
