import { describe, expect, it } from 'vitest';
import { byFunction, explainKey, lineColour, mnemonic } from './asm.js';

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
