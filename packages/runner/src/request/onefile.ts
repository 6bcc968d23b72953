/**
 * Tests in one file, as the Go Playground runs them: a `main.go` (or any
 * non-test file) that declares TestXxx, BenchmarkXxx, FuzzXxx or ExampleXxx
 * functions in a folder without _test.go files is split in two for the test
 * actions. The test functions move to a generated `<name>_gopherlab_test.go`
 * (same package), the rest stays; both keep every line where it was (moved
 * code is blanked, not deleted) and the generated file starts with a
 * `//line <name>:1` directive, so compiler errors, t.Errorf positions and
 * tracebacks all point into the file the learner wrote.
 */
import type { SourceFile } from '../model/report.js';

/** The generated file for `dir/main.go`: `dir/main_gopherlab_test.go`. */
export function splitTestFileName(name: string): string {
  return name.replace(/\.go$/, '_gopherlab_test.go');
}

const TEST_FUNC = /^func ((?:Test|Benchmark|Fuzz)(?![a-z])\w*|Example\w*)\s*\(/;

/** Splits the first such file per folder; other requests come back unchanged. */
export function splitOneFileTests(files: readonly SourceFile[]): SourceFile[] {
  const dirsWithTests = new Set(files.filter((f) => f.name.endsWith('_test.go')).map((f) => dirOf(f.name)));
  const out: SourceFile[] = [];
  const done = new Set<string>();
  for (const f of files) {
    const dir = dirOf(f.name);
    if (!f.name.endsWith('.go') || f.name.endsWith('_test.go') || dirsWithTests.has(dir) || done.has(dir) || f.name.split('/').includes('testdata')) {
      out.push(f);
      continue;
    }
    const spans = testFuncSpans(f.content);
    if (spans.length === 0) {
      out.push(f);
      continue;
    }
    done.add(dir);
    const [code, tests] = split(f.content, spans);
    out.push({ name: f.name, content: code }, { name: splitTestFileName(f.name), content: `//line ${baseName(f.name)}:1\n${tests}` });
  }
  return out;
}

function dirOf(name: string): string {
  const i = name.lastIndexOf('/');
  return i < 0 ? '' : name.slice(0, i);
}

function baseName(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

/** [first, last] line indexes (0-based, inclusive) of each top-level test function. */
export function testFuncSpans(src: string): [number, number][] {
  const lines = src.split('\n');
  const spans: [number, number][] = [];
  // Offsets of line starts, to map the brace scanner's position back to lines.
  const starts: number[] = [];
  let off = 0;
  for (const l of lines) {
    starts.push(off);
    off += l.length + 1;
  }
  for (let i = 0; i < lines.length; i++) {
    if (!TEST_FUNC.test(lines[i]!)) continue;
    const end = bodyEnd(src, starts[i]!);
    if (end < 0) continue; // Unbalanced: leave the file alone and let the compiler say why.
    let last = i;
    while (last + 1 < starts.length && starts[last + 1]! <= end) last++;
    spans.push([i, last]);
    i = last;
  }
  return spans;
}

/** Offset of the `}` closing the first `{...}` block at or after `from`, skipping strings, runes and comments; -1 if none. */
function bodyEnd(src: string, from: number): number {
  let depth = 0;
  let opened = false;
  for (let i = from; i < src.length; i++) {
    const c = src[i]!;
    if (c === '/' && src[i + 1] === '/') i = src.indexOf('\n', i) < 0 ? src.length : src.indexOf('\n', i);
    else if (c === '/' && src[i + 1] === '*') {
      const e = src.indexOf('*/', i + 2);
      if (e < 0) return -1;
      i = e + 1;
    } else if (c === '"' || c === "'") {
      for (i++; i < src.length && src[i] !== c; i++) if (src[i] === '\\') i++;
    } else if (c === '`') {
      const e = src.indexOf('`', i + 1);
      if (e < 0) return -1;
      i = e;
    } else if (c === '{') {
      depth++;
      opened = true;
    } else if (c === '}') {
      depth--;
      if (opened && depth === 0) return i;
    }
  }
  return -1;
}

/** The file without its test functions, and the test file: package clause, imports, test functions; blank lines keep positions. */
function split(src: string, spans: [number, number][]): [string, string] {
  const lines = src.split('\n');
  const inTest = new Array<boolean>(lines.length).fill(false);
  for (const [a, b] of spans) for (let i = a; i <= b; i++) inTest[i] = true;
  const header = headerLines(lines);
  const code = lines.map((l, i) => (inTest[i] ? '' : l)).join('\n');
  const tests = lines.map((l, i) => (inTest[i] || header.has(i) ? l : '')).join('\n');
  return [useImports(code), useImports(tests)];
}

/** Line indexes of the package clause and the import declarations (with their comments). */
function headerLines(lines: string[]): Set<number> {
  const out = new Set<number>();
  let inImport = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (/^package\s/.test(l)) out.add(i);
    else if (/^import\s*\($/.test(l.trim())) {
      inImport = true;
      out.add(i);
    } else if (inImport) {
      out.add(i);
      if (l.trim() === ')') inImport = false;
    } else if (/^import\s/.test(l)) out.add(i);
    else if (/^(func|type|var|const)\b/.test(l)) break;
  }
  return out;
}

/** Imports a file half no longer uses become blank imports (`_ "fmt"`), which Go accepts. */
function useImports(src: string): string {
  const body = src.replace(/^import\s*\([\s\S]*?^\)/m, '').replace(/^import\s.*$/gm, '');
  const code = body.replace(/\/\/.*$/gm, '').replace(/"(?:[^"\\\n]|\\.)*"|`[^`]*`/g, '""');
  return src.replace(/^(\s*(?:import\s+)?)(?:([A-Za-z_]\w*)\s+)?"([^"]+)"(\s*(?:\/\/.*)?)$/gm, (line, pre: string, alias: string | undefined, path: string, post: string) => {
    if (!/^\s*(import\s+)?$/.test(pre) || alias === '_' || alias === '.') return line;
    const name = alias ?? packageName(path);
    return new RegExp(`\\b${name}\\.`).test(code) ? line : `${pre}_ "${path}"${post}`;
  });
}

/** The usual package name of an import path: its last element, without a major version or a `go-` prefix. */
function packageName(path: string): string {
  const parts = path.split('/');
  let last = parts.pop()!;
  if (/^v\d+$/.test(last) && parts.length) last = parts.pop()!;
  return last.replace(/^go-/, '').replace(/\.v\d+$/, '').replace(/[-.]/g, '_');
}
