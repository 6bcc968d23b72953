import { describe, expect, it } from 'vitest';
import { fixture } from './fixtures.test-helper.js';
import { parseAssembly } from './asm.js';
import { parseCompilerOutput } from './diagnostics.js';

describe('parseAssembly on go1.27.3 build -gcflags=-S output', () => {
  const blocks = parseAssembly(fixture('asm/build.stderr'), ['go.mod', 'sum.go']);

  it('groups each function into runs of instructions per source line, in program order', () => {
    const sum = blocks.filter((b) => b.function === 'main.Sum');
    expect(sum.map((b) => [b.file, b.line, b.instructions.length])).toEqual([
      ['sum.go', 6, 2],
      ['sum.go', 8, 3],
      ['sum.go', 9, 1],
      ['sum.go', 8, 3],
      ['sum.go', 11, 2],
    ]);
    expect(sum[2]!.instructions).toEqual([{ pc: 11, text: 'ADDQ (AX)(CX*8), DX' }]);
  });

  it('leaves out data symbols, GC and unwinding directives, and the hex dump', () => {
    expect(new Set(blocks.map((b) => b.function))).toEqual(new Set(['main.init', 'main.Sum', 'main.At', 'main.main']));
    const all = blocks.flatMap((b) => b.instructions.map((i) => i.text));
    expect(all.some((t) => /^(FUNCDATA|PCDATA)/.test(t))).toBe(false);
    expect(all.some((t) => /^[0-9a-f]{2} [0-9a-f]{2}/.test(t))).toBe(false);
  });

  it('names inlined standard-library lines from GOROOT/src and unknown lines with no file', () => {
    const main = blocks.filter((b) => b.function === 'main.main');
    expect(main.some((b) => b.file === 'fmt/print.go')).toBe(true);
    expect(main.some((b) => b.file === '' && b.line === 0)).toBe(true);
    expect(blocks.find((b) => b.function === 'main.init')).toMatchObject({ file: '', line: 1 });
  });
});

describe('bounds checks (-d=ssa/check_bce/debug=1)', () => {
  it('come out as compiler lines on the exact position', () => {
    const found = parseCompilerOutput(fixture('asm/bce.stderr'), { source: 'escape', knownFiles: ['sum.go'] }).filter((d) => d.message === 'Found IsInBounds');
    expect(found.map((d) => [d.line, d.col])).toEqual([
      [22, 57],
      [16, 11],
    ]);
  });
});
