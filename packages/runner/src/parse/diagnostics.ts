/**
 * Compiler-shaped output (`file:line:col: message`) into Diagnostics: compile
 * errors, `-gcflags=-m` escape analysis, vet's text mode and gofmt syntax
 * errors all share the shape, and differ only in source and severity.
 * `go vet -json` has its own parser below.
 */
import type { Diagnostic } from '../model/report.js';
import { relativizePath } from './paths.js';

const POSITION = /^((?:[A-Za-z]:)?[^\s:][^:\n]*\.(?:go|s|mod)):(\d+)(?::(\d+))?: (.*)$/;

export interface CompilerParseOptions {
  source: Diagnostic['source'];
  severity?: Diagnostic['severity'];
  knownFiles?: readonly string[];
}

/**
 * Parses every `file:line[:col]: message` line. Tab-indented lines that follow
 * (the compiler's "have/want" details) join the previous message; `# pkg`
 * headers and the go command's own lines are skipped.
 */
export function parseCompilerOutput(text: string, opts: CompilerParseOptions): Diagnostic[] {
  const out: Diagnostic[] = [];
  const known = opts.knownFiles ?? [];
  for (const line of text.split('\n')) {
    const m = POSITION.exec(line);
    if (m) {
      out.push({
        file: relativizePath(m[1]!, known),
        line: Number(m[2]),
        col: m[3] ? Number(m[3]) : 0,
        severity: opts.severity ?? 'error',
        message: m[4]!,
        source: opts.source,
      });
      continue;
    }
    const last = out[out.length - 1];
    if (last && line.startsWith('\t') && line.trim() !== '') last.message += `\n${line.trim()}`;
  }
  return out;
}

/**
 * Build output of `go test`: the compiler's errors under `# pkg` headers, and
 * the vet checks go test runs (stdversion, printf, ...) under `# [pkg]`
 * headers, which become diagnostics of source `vet`: the code compiles.
 */
export function parseTestBuildOutput(text: string, knownFiles: readonly string[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const section of text.split(/^(?=# )/m)) {
    const vet = /^# \[/.test(section);
    out.push(...parseCompilerOutput(section, { source: vet ? 'vet' : 'compiler', knownFiles }));
  }
  return out;
}

/** Lines the go command prints about itself (`go: ...`), e.g. toolchain or module errors. */
export function parseGoCommandErrors(text: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const line of text.split('\n')) {
    if (/^go: /.test(line) || /^(?:pattern|package) .*: /.test(line) || /^main module .* does not contain package/.test(line)) {
      out.push({ file: '', line: 0, col: 0, severity: 'error', message: line.replace(/^go: /, ''), source: 'go' });
    }
  }
  return out;
}

interface VetFinding {
  posn?: string;
  message?: string;
}

/**
 * `go vet -json` prints one JSON object per package (`{pkg: {analyzer: [findings]}}`),
 * possibly preceded by `# pkg` lines. Objects start with a line `{` and end
 * with a line `}` at column 0, which lets us cut them out of mixed output.
 */
export function parseVetJson(text: string, knownFiles: readonly string[] = []): Diagnostic[] {
  const out: Diagnostic[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '{') continue;
    let j = i + 1;
    while (j < lines.length && lines[j] !== '}') j++;
    let doc: Record<string, Record<string, VetFinding[] | { error?: string }>>;
    try {
      doc = JSON.parse(lines.slice(i, j + 1).join('\n')) as typeof doc;
    } catch {
      i = j;
      continue;
    }
    for (const analyzers of Object.values(doc)) {
      for (const [analyzer, findings] of Object.entries(analyzers)) {
        if (!Array.isArray(findings)) continue;
        for (const f of findings) {
          const m = /^(.*):(\d+):(\d+)$/.exec(f.posn ?? '');
          out.push({
            file: m ? relativizePath(m[1]!, knownFiles) : '',
            line: m ? Number(m[2]) : 0,
            col: m ? Number(m[3]) : 0,
            severity: 'warning',
            message: `${f.message ?? ''} (${analyzer})`,
            source: 'vet',
          });
        }
      }
    }
    i = j;
  }
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);
}
