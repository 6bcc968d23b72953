/**
 * Reading the compiler's assembly: a colour per source line (as Compiler
 * Explorer does, so a line and its instructions match at a glance) and a short
 * explanation of the common amd64 instructions for the hover text.
 */
import type { RunReport } from '../api/types.js';

export type AsmBlock = NonNullable<RunReport['assembly']>[number];

/** Functions in program order, each with its blocks. */
export function byFunction(blocks: readonly AsmBlock[]): { name: string; blocks: AsmBlock[] }[] {
  const out: { name: string; blocks: AsmBlock[] }[] = [];
  for (const b of blocks) {
    const last = out[out.length - 1];
    if (last && last.name === b.function) last.blocks.push(b);
    else out.push({ name: b.function, blocks: [b] });
  }
  return out;
}

/** A stable palette index for a source line (0..size-1), the same in the editor and the listing. */
export function lineColour(file: string, line: number, size = 8): number {
  let h = line * 31;
  for (let i = 0; i < file.length; i++) h = (h * 33 + file.charCodeAt(i)) >>> 0;
  return h % size;
}

/** The mnemonic of an instruction without its operand-size suffix: `ADDQ (AX), DX` -> `ADD`. */
export function mnemonic(text: string): string {
  const op = text.split(/\s+/)[0] ?? '';
  // Go's assembler suffixes B/W/L/Q give the width; jumps and SSE names are kept whole.
  if (/^(J[A-Z]+|CALL|RET|NOP|PCALIGN|TEXT|LEA[QL]|PUSHQ|POPQ|MOVUPS|MOVSD|XORPS)$/.test(op)) return op.replace(/^LEA[QL]$/, 'LEA').replace(/^(PUSH|POP)Q$/, '$1');
  return op.replace(/[BWLQ]$/, '');
}

/** Instruction families a learner meets first, as i18n keys `asm.op.<KEY>`. */
export const EXPLAINED = ['MOV', 'ADD', 'SUB', 'IMUL', 'INC', 'DEC', 'XOR', 'AND', 'OR', 'SHL', 'SHR', 'SAR', 'CMP', 'TEST', 'LEA', 'JMP', 'Jcc', 'CALL', 'RET', 'PUSH', 'POP', 'NOP', 'PCALIGN', 'TEXT', 'MOVUPS'] as const;
export type ExplainedOp = (typeof EXPLAINED)[number];

/** Which explanation fits an instruction, if any. */
export function explainKey(text: string): ExplainedOp | null {
  const m = mnemonic(text);
  if (m !== 'JMP' && /^J[A-Z]+$/.test(m)) return 'Jcc';
  return (EXPLAINED as readonly string[]).includes(m) ? (m as ExplainedOp) : null;
}

/**
 * A jump's numeric target is a pc (`JLS 231`): any size change above it moves
 * it, so for a diff the target becomes an arrow (the listing keeps the pc).
 */
function branchless(text: string): string {
  return text.replace(/^(J[A-Z]+)\s+\d+$/, '$1 →');
}

/**
 * One function's listing as text for a diff: instruction texts only, jump
 * targets as arrows. PCs and source lines move whenever anything above them
 * changes, so they would turn every edit into a whole-function difference.
 */
export function listings(blocks: readonly AsmBlock[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const fn of byFunction(blocks)) {
    out.set(fn.name, `${(out.get(fn.name) ?? '') + fn.blocks.flatMap((b) => b.instructions.map((i) => branchless(i.text))).join('\n')}\n`);
  }
  return out;
}

export interface FunctionDiff {
  name: string;
  /** jsdiff-style parts of the listing, previous -> current. */
  parts: { value: string; added?: boolean; removed?: boolean }[];
  added: number;
  removed: number;
}

/** Per function in the current program's order (then functions that went away): what changed between two listings. */
export function diffListings(previous: readonly AsmBlock[], current: readonly AsmBlock[], diff: (a: string, b: string) => FunctionDiff['parts']): FunctionDiff[] {
  const before = listings(previous);
  const after = listings(current);
  const names = [...after.keys(), ...[...before.keys()].filter((n) => !after.has(n))];
  return names.map((name) => {
    const parts = diff(before.get(name) ?? '', after.get(name) ?? '');
    const count = (p: FunctionDiff['parts'][number]) => p.value.split('\n').filter(Boolean).length;
    return { name, parts, added: parts.filter((p) => p.added).reduce((n, p) => n + count(p), 0), removed: parts.filter((p) => p.removed).reduce((n, p) => n + count(p), 0) };
  });
}
