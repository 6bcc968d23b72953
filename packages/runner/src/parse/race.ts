/**
 * Race detector reports (ThreadSanitizer's Go output):
 *
 *   ==================
 *   WARNING: DATA RACE
 *   Write at 0x00c00009c0f0 by goroutine 8:
 *     main.main.func1()
 *         /scratch/main.go:12 +0x44
 *
 *   Previous write at 0x00c00009c0f0 by main goroutine:
 *     ...
 *   Goroutine 8 (running) created at:
 *     main.main()
 *         /scratch/main.go:11 +0xe4
 *   ==================
 *
 * Each block becomes a RaceReport with both accesses and where the
 * goroutines were created. Runtime-internal frames (runtime.mapassign...) are
 * kept: they tell the learner *what* raced (a map write).
 */
import type { RaceAccess, RaceReport, StackFrame } from '../model/report.js';
import { relativizePath } from './paths.js';

const ACCESS = /^(Previous )?(?:[Aa]tomic )?(read|write|Read|Write)(?: of size \d+)? at 0x[0-9a-f]+ by (?:goroutine (\d+)|(main) goroutine):$/;
const CREATED = /^Goroutine (\d+) \([^)]*\) created at:$/;
const FRAME_FUNC = /^ {2}(\S.*)\(.*\)$/;
const FRAME_POS = /^ {6}(.+):(\d+)(?: \+0x[0-9a-f]+)?$/;

function parseStack(lines: string[], start: number, knownFiles: readonly string[]): { stack: StackFrame[]; next: number } {
  const stack: StackFrame[] = [];
  let i = start;
  while (i < lines.length) {
    const fn = FRAME_FUNC.exec(lines[i]!);
    if (!fn) break;
    const pos = FRAME_POS.exec(lines[i + 1] ?? '');
    stack.push({ func: fn[1]!, file: pos ? relativizePath(pos[1]!, knownFiles) : '', line: pos ? Number(pos[2]) : 0 });
    i += pos ? 2 : 1;
  }
  return { stack, next: i };
}

function parseBlock(block: string[], knownFiles: readonly string[]): RaceReport {
  const accesses: RaceAccess[] = [];
  const goroutines: RaceReport['goroutines'] = [];
  let i = 0;
  while (i < block.length) {
    const line = block[i]!;
    const a = ACCESS.exec(line);
    if (a) {
      const { stack, next } = parseStack(block, i + 1, knownFiles);
      accesses.push({ kind: a[2]!.toLowerCase() as RaceAccess['kind'], goroutine: a[4] ? 1 : Number(a[3]), stack });
      i = next;
      continue;
    }
    const c = CREATED.exec(line);
    if (c) {
      const { stack, next } = parseStack(block, i + 1, knownFiles);
      goroutines.push({ id: Number(c[1]), createdAt: stack });
      i = next;
      continue;
    }
    i++;
  }
  return { accesses, goroutines, raw: `${block.join('\n')}\n` };
}

/**
 * Finds every race report in a text. `testOf(lineIndex)` lets the caller
 * attribute a report to the test whose output contained it.
 */
export function parseRaceReports(text: string, knownFiles: readonly string[] = [], test?: string): RaceReport[] {
  const lines = text.split('\n');
  const out: RaceReport[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== 'WARNING: DATA RACE') continue;
    let j = i + 1;
    while (j < lines.length && lines[j] !== '==================') j++;
    const report = parseBlock(lines.slice(i, j), knownFiles);
    report.raw = `==================\n${report.raw}==================\n`;
    if (test) report.test = test;
    out.push(report);
    i = j;
  }
  return out;
}

/** Diagnostics for the editor: one per racing access, at its innermost frame in the learner's files. */
export function raceDiagnostics(races: RaceReport[], knownFiles: readonly string[]) {
  const out: { file: string; line: number; col: number; severity: 'error'; message: string; source: 'race' }[] = [];
  for (const r of races) {
    for (const a of r.accesses) {
      const frame = a.stack.find((f) => knownFiles.includes(f.file));
      if (!frame) continue;
      const who = a.goroutine === 1 ? 'the main goroutine' : `goroutine ${a.goroutine}`;
      out.push({ file: frame.file, line: frame.line, col: 0, severity: 'error', message: `data race: ${a.kind} by ${who} in ${frame.func}`, source: 'race' });
    }
  }
  return out;
}
