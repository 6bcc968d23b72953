/**
 * Reads a lab's wrong/ folder: deliberately wrong solutions that prove the
 * hidden tests catch a mistake. Each `wrong/<name>/` holds the files that
 * differ from reference/ plus `expect.json` naming the check the solution
 * must fail; the validator grades reference/ with those files swapped in
 * (docs/COURSE-FORMAT.md, "Wrong solutions").
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { SourceFile } from '@gopherlab/runner';
import { z } from 'zod';
import { describeZodError, lessonIdSchema, type LabSpec } from '../format/schema.js';
import { hiddenTestNames } from '../grader/merge.js';
import { WRONG_FAILS, type CourseProblem, type WrongSolution } from './model.js';

export const WRONG_DIR = 'wrong';
export const WRONG_MANIFEST = 'expect.json';

export const wrongExpectationSchema = z
  .strictObject({
    fails: z.enum(WRONG_FAILS),
    test: z.string().regex(/^Test[A-Za-z0-9_]*$/, 'must name a top-level Test function of tests/').optional(),
    benchmark: z.string().regex(/^Benchmark\S*$/, 'must name a benchmark of a bench check in lab.json').optional(),
    why: z.string().min(10, 'say in a sentence what is wrong with this solution'),
  })
  .refine((e) => e.test === undefined || e.fails === 'test' || e.fails === 'race', { message: '"test" may only be given with "fails": "test" or "race"', path: ['test'] })
  .refine((e) => e.benchmark === undefined || e.fails === 'bench', { message: '"benchmark" may only be given with "fails": "bench"', path: ['benchmark'] });

/** reference/ with `overlay` swapped in (overlay names always exist in reference/; the loader checks it). */
export function applyOverlay(reference: readonly SourceFile[], overlay: readonly SourceFile[]): SourceFile[] {
  const byName = new Map(overlay.map((f) => [f.name, f.content]));
  return reference.map((f) => ({ name: f.name, content: byName.get(f.name) ?? f.content }));
}

export async function readWrongSolutions(
  labDir: string,
  lessonId: string,
  spec: LabSpec,
  reference: readonly SourceFile[],
  tests: readonly SourceFile[],
  problems: CourseProblem[],
  readTree: (dir: string, problems: CourseProblem[], lesson?: string) => Promise<SourceFile[]>,
): Promise<WrongSolution[]> {
  const root = path.join(labDir, WRONG_DIR);
  let entries;
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch {
    return []; // wrong/ is optional
  }
  const problem = (file: string, message: string) => problems.push({ file, lesson: lessonId, message });
  const testNames = hiddenTestNames(tests);
  const benchmarks = spec.checks.flatMap((c) => (c.kind === 'bench' ? [c.benchmark] : []));
  const kinds = new Set(spec.checks.map((c) => c.kind));
  const refByName = new Map(reference.map((f) => [f.name, f.content]));
  const out: WrongSolution[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const dir = path.join(root, entry.name);
    if (!entry.isDirectory()) {
      problem(dir, `wrong/ holds only folders, one per wrong solution (wrong/<name>/${WRONG_MANIFEST} plus the changed files)`);
      continue;
    }
    if (!lessonIdSchema.safeParse(entry.name).success) problem(dir, 'a wrong solution folder name must be kebab-case');
    const manifestFile = path.join(dir, WRONG_MANIFEST);
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(manifestFile, 'utf8'));
    } catch (e) {
      problem(manifestFile, `a wrong solution needs a valid ${WRONG_MANIFEST}: ${(e as Error).message}`);
      continue;
    }
    const parsed = wrongExpectationSchema.safeParse(raw);
    if (!parsed.success) {
      for (const m of describeZodError(parsed.error)) problem(manifestFile, m);
      continue;
    }
    const expect = parsed.data;
    if (!kinds.has(expect.fails)) problem(manifestFile, `"fails": "${expect.fails}" but lab.json has no ${expect.fails} check`);
    if (expect.test !== undefined && !testNames.includes(expect.test)) {
      problem(manifestFile, `"test": "${expect.test}" is not a test in tests/ (${testNames.join(', ')})`);
    }
    if (expect.benchmark !== undefined && !benchmarks.includes(expect.benchmark)) {
      problem(manifestFile, `"benchmark": "${expect.benchmark}" is not checked in lab.json (${benchmarks.join(', ') || 'no bench checks'})`);
    }
    const overlay = (await readTree(dir, problems, lessonId)).filter((f) => f.name !== WRONG_MANIFEST);
    if (overlay.length === 0) problem(dir, 'a wrong solution must change at least one file of reference/');
    for (const f of overlay) {
      const file = path.join(dir, f.name);
      const ref = refByName.get(f.name);
      if (f.name === 'go.mod' || f.name === 'go.sum' || f.name.endsWith('_test.go') || f.name.startsWith('testdata/')) {
        problem(file, 'a wrong solution changes only the learner\'s source files: go.mod, go.sum and tests are the lab\'s');
      } else if (ref === undefined) {
        problem(file, `${f.name} is not a file of reference/: a wrong solution holds only files that differ from the reference`);
      } else if (ref === f.content) {
        problem(file, `${f.name} is identical to reference/${f.name}: keep only the files that differ`);
      }
    }
    out.push({ name: entry.name, dir, expect, overlay, files: applyOverlay(reference, overlay) });
  }
  return out;
}
