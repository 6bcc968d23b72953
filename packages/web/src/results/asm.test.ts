import { diffLines } from 'diff';
import { describe, expect, it } from 'vitest';
import { byFunction, diffListings, explainKey, lineColour, mnemonic } from './asm.js';

describe('assembly helpers', () => {
  it('groups blocks by function in program order', () => {
    const b = (fn: string, line: number) => ({ function: fn, file: 'sum.go', line, instructions: [] });
    expect(byFunction([b('main.Sum', 6), b('main.Sum', 8), b('main.main', 13), b('main.Sum', 9)]).map((f) => [f.name, f.blocks.length])).toEqual([
      ['main.Sum', 2],
      ['main.main', 1],
      ['main.Sum', 1],
    ]);
  });
  it('names instruction families and explains the common ones', () => {
    expect(mnemonic('ADDQ (AX)(CX*8), DX')).toBe('ADD');
    expect(mnemonic('LEAQ type:int(SB), CX')).toBe('LEA');
    expect(mnemonic('PUSHQ BP')).toBe('PUSH');
    expect(explainKey('JGT 11')).toBe('Jcc');
    expect(explainKey('JMP 18')).toBe('JMP');
    expect(explainKey('CALL runtime.convT64(SB)')).toBe('CALL');
    expect(explainKey('VPBROADCASTQ X0, Y1')).toBeNull();
  });
  it('gives a line the same colour every time', () => {
    expect(lineColour('sum.go', 8)).toBe(lineColour('sum.go', 8));
    expect(new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((l) => lineColour('sum.go', l))).size).toBeGreaterThan(3);
  });
});

describe('diffListings', () => {
  const block = (fn: string, line: number, texts: string[]) => ({ function: fn, file: 'main.go', line, instructions: texts.map((text, i) => ({ pc: i, text })) });
  it('compares instruction texts per function, ignoring pcs and moved source lines', () => {
    const before = [block('main.sum', 5, ['MOVQ AX, CX', 'ADDQ BX, CX']), block('main.main', 9, ['CALL main.sum(SB)'])];
    // One line added above sum: its source lines move, its code does not; main's call is now inlined.
    const after = [block('main.sum', 6, ['MOVQ AX, CX', 'ADDQ BX, CX']), block('main.main', 10, ['MOVQ $3, AX']), block('main.helper', 14, ['RET'])];
    const d = diffListings(before, after, diffLines);
    expect(d.map((f) => [f.name, f.added, f.removed])).toEqual([
      ['main.sum', 0, 0],
      ['main.main', 1, 1],
      ['main.helper', 1, 0],
    ]);
    expect(d[1]!.parts.find((p) => p.removed)!.value).toBe('CALL main.sum(SB)\n');
  });
  it('does not count a jump whose target pc moved as a change', () => {
    const before = [block('main.f', 3, ['CMPQ SP, 16(R14)', 'JLS 40', 'ADDQ BX, CX', 'JMP 12'])];
    // One instruction more in the body: both jumps' pcs move, the jumps themselves are the same.
    const after = [block('main.f', 3, ['CMPQ SP, 16(R14)', 'JLS 44', 'ADDQ BX, CX', 'INCQ CX', 'JMP 12'])];
    const [f] = diffListings(before, after, diffLines);
    expect([f!.added, f!.removed]).toEqual([1, 0]);
    expect(f!.parts.find((p) => p.added)!.value).toBe('INCQ CX\n');
  });
  it('lists a function that went away as removed', () => {
    const d = diffListings([block('main.gone', 3, ['RET'])], [], diffLines);
    expect(d).toEqual([{ name: 'main.gone', parts: [expect.objectContaining({ removed: true, value: 'RET\n' })], added: 0, removed: 1 }]);
  });
});
