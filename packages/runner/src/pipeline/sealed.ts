/**
 * Sealed test files: hidden lab tests that the learner's code must never read.
 *
 * A grading run names its hidden `_test.go` files in `options.sealed`. They
 * are compiled into the test binary and then deleted from the scratch
 * directory before the binary (and with it any learner code) starts, all in
 * one sandboxed step:
 *
 *   go test -c -o BIN PKG; marker; rm -f SEALED; cd PKG; go tool test2json -t BIN -test.v=test2json ...
 *
 * `go test -c` runs no learner code and exits before the binary starts, so no
 * process that ever held the sources is alive while learner code runs. What
 * could copy a sealed file at compile time is refused up front: `//go:embed`
 * patterns that reach it, cgo (its C preamble can `#include` any file, and the
 * C compiler quotes the lines it fails on) and assembly (`#include` too).
 */
import { AppError } from '@gopherlab/errors';
import type { SourceFile } from '../model/report.js';
import { goImports } from '../request/gomod.js';
import { shQuote } from '../sandbox/recipe.js';
import { OUT_DIR } from './plan.js';

export const SEALED_BINARY = `${OUT_DIR}/sealed.test`;

function dirOf(name: string): string {
  const i = name.lastIndexOf('/');
  return i < 0 ? '' : name.slice(0, i);
}

/** The one directory that holds the sealed files; refuses a request the grader could not have meant. */
export function sealedDir(files: readonly SourceFile[], sealed: readonly string[]): string {
  const names = new Set(files.map((f) => f.name));
  for (const s of sealed) {
    if (!s.endsWith('_test.go') || !names.has(s)) throw new AppError('invalid_request', `A sealed file must be one of the request's _test.go files (got "${s}").`);
  }
  const dirs = new Set(sealed.map(dirOf));
  if (dirs.size !== 1) throw new AppError('invalid_request', 'Sealed test files must all be in one package directory.');
  return [...dirs][0]!;
}

/** Go's path.Match as a regular expression: `*` and `?` never cross a slash. */
function globRegExp(pattern: string): RegExp | null {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '\\') out += `\\${pattern[++i] ?? '\\'}`;
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) return null;
      const body = pattern.slice(i + 1, end).replace(/\\/g, '\\\\');
      out += `[${body.startsWith('^') ? `^/${body.slice(1)}` : body}]`;
      i = end;
    } else out += c.replace(/[.+(){}|$^]/g, '\\$&');
  }
  try {
    return new RegExp(`^${out}$`);
  } catch {
    return null;
  }
}

/** The patterns of every `//go:embed` line of a Go file (quoted or bare, `all:` stripped). */
function embedPatterns(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/^\/\/go:embed\s+(.*)$/gm)) {
    for (const p of m[1]!.matchAll(/"((?:[^"\\]|\\.)*)"|`([^`]*)`|(\S+)/g)) {
      out.push((p[1] ?? p[2] ?? p[3] ?? '').replace(/^all:/, ''));
    }
  }
  return out;
}

/** Does an embed pattern of a file in `dir` reach `target` (the file itself or a directory holding it)? */
function embedReaches(pattern: string, dir: string, target: string): boolean {
  const prefix = dir === '' ? '' : `${dir}/`;
  if (!target.startsWith(prefix)) return false;
  const rel = target.slice(prefix.length).split('/');
  const re = globRegExp(pattern);
  if (!re) return true; // a pattern we cannot read is refused, never guessed
  for (let n = 1; n <= rel.length; n++) if (re.test(rel.slice(0, n).join('/'))) return true;
  return false;
}

/** Why the learner's files may not be compiled next to the sealed ones, or null when they may. */
export function sealedViolation(files: readonly SourceFile[], sealed: readonly string[]): string | null {
  const hidden = new Set(sealed);
  for (const f of files) {
    if (hidden.has(f.name)) continue;
    if (f.name.endsWith('.s')) return `${f.name}: assembly files are not accepted in a graded run (the hidden tests are compiled next to them). Write the solution in Go.`;
    if (!f.name.endsWith('.go')) continue;
    if (goImports(f.content).includes('C')) return `${f.name}: cgo (import "C") is not accepted in a graded run (the hidden tests are compiled next to it). Write the solution in Go.`;
    for (const p of embedPatterns(f.content)) {
      if (sealed.some((s) => embedReaches(p, dirOf(f.name), s))) return `${f.name}: //go:embed ${p} would embed the lab's hidden tests. Embed only your own files.`;
    }
  }
  return null;
}

export interface SealedStep {
  /** The test flags of `go test -json ... PKG` (plan.argv), rewritten for the binary. */
  testArgv: string[];
  dir: string;
  importPath: string;
  sealed: readonly string[];
  /** Printed on stderr between the build and the run. */
  marker: string;
}

/** Flags that belong to the build (`go test -c`); every other go test flag is the binary's `-test.` flag. */
function isBuildFlag(flag: string): boolean {
  return flag === '-race' || flag.startsWith('-p=');
}

/** argv of the one sandboxed step: build, mark, delete the sealed files, run through test2json. */
export function sealedArgv(step: SealedStep): string[] {
  const flags = step.testArgv.slice(3, -1); // drop `go test -json` and the package argument
  const buildFlags = flags.filter(isBuildFlag);
  const runFlags = flags.filter((f) => !isBuildFlag(f)).map((f) => `-test.${f.slice(1)}`);
  const up = step.dir === '' ? '' : '../'.repeat(step.dir.split('/').length);
  const pkg = step.dir === '' ? '.' : `./${step.dir}`;
  const script = [
    `go test -c -o ${shQuote(SEALED_BINARY)} ${buildFlags.map(shQuote).join(' ')} ${shQuote(pkg)} || exit $?`,
    `printf '%s\\n' ${shQuote(step.marker)} >&2`,
    `rm -f -- ${step.sealed.map(shQuote).join(' ')} || exit 1`,
    `cd ${shQuote(pkg)} || exit 1`,
    `exec go tool test2json -t -p ${shQuote(step.importPath)} ${shQuote(up + SEALED_BINARY)} -test.v=test2json -test.paniconexit0 ${runFlags.map(shQuote).join(' ')}`,
  ].join('\n');
  return ['/bin/sh', '-c', script];
}

/** The import path of the package in `dir`, from the module's go.mod. */
export function importPathOf(files: readonly SourceFile[], dir: string): string {
  const gomod = files.find((f) => f.name === 'go.mod')?.content ?? '';
  const module = /^\s*module\s+"?([^\s"]+)"?/m.exec(gomod)?.[1] ?? 'main';
  return dir === '' ? module : `${module}/${dir}`;
}
