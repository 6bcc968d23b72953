/**
 * Checks that need no sandbox: both languages have the same structure,
 * prerequisites and `lesson:` links resolve, prerequisites have no cycles,
 * and labs are internally consistent.
 */
import path from 'node:path';
import type { Course, CourseProblem, Lesson } from '../loader/model.js';

function compareLanguages(lesson: Lesson, problems: CourseProblem[]): void {
  const en = lesson.content.en;
  const zh = lesson.content['zh-CN'];
  const file = zh.file;
  const enHeads = en.headings.map((h) => `h${h.level}`).join(' ');
  const zhHeads = zh.headings.map((h) => `h${h.level}`).join(' ');
  if (enHeads !== zhHeads) {
    problems.push({
      file,
      lesson: lesson.id,
      message: `headings differ from lesson.en.md: en has [${enHeads}] (${en.headings.length}), zh-CN has [${zhHeads}] (${zh.headings.length})`,
    });
  }
  if (en.codeBlocks.length !== zh.codeBlocks.length) {
    problems.push({ file, lesson: lesson.id, message: `lesson.en.md has ${en.codeBlocks.length} code blocks, lesson.zh-CN.md has ${zh.codeBlocks.length}` });
  }
  const n = Math.min(en.codeBlocks.length, zh.codeBlocks.length);
  for (let i = 0; i < n; i++) {
    const a = en.codeBlocks[i]!;
    const b = zh.codeBlocks[i]!;
    if (a.info !== b.info) {
      problems.push({ file, line: b.line, lesson: lesson.id, message: `code block ${i + 1} is "${b.info}" but "${a.info}" in lesson.en.md (line ${a.line})` });
    } else if ((a.kind === 'run' || a.kind === 'build' || a.kind === 'output') && a.code !== b.code) {
      problems.push({ file, line: b.line, lesson: lesson.id, message: `code block ${i + 1} (${a.info}) differs from lesson.en.md line ${a.line}: runnable code and outputs must be identical in both languages` });
    }
  }
}

function checkLinks(course: Course, lesson: Lesson, problems: CourseProblem[]): void {
  for (const prereq of lesson.prerequisites) {
    if (prereq === lesson.id) problems.push({ file: lesson.content.en.file, line: 1, lesson: lesson.id, message: 'a lesson cannot be its own prerequisite' });
    else if (!course.lessonById.has(prereq)) problems.push({ file: lesson.content.en.file, line: 1, lesson: lesson.id, message: `prerequisite "${prereq}" is not a lesson in course.json` });
  }
  for (const content of Object.values(lesson.content)) {
    for (const link of content.lessonLinks) {
      if (!course.lessonById.has(link.id)) {
        problems.push({ file: content.file, line: link.line, lesson: lesson.id, message: `link to lesson:${link.id} does not resolve to a lesson in course.json` });
      }
    }
  }
}

/** Reports each prerequisite cycle once, as the chain of lesson ids. */
function checkCycles(course: Course, problems: CourseProblem[]): void {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const reported = new Set<string>();
  const visit = (id: string): void => {
    state.set(id, 'visiting');
    stack.push(id);
    for (const next of course.lessonById.get(id)?.prerequisites ?? []) {
      if (!course.lessonById.has(next)) continue;
      const s = state.get(next);
      if (s === 'visiting') {
        const cycle = [...stack.slice(stack.indexOf(next)), next];
        const key = [...cycle.slice(0, -1)].sort().join(',');
        if (!reported.has(key)) {
          reported.add(key);
          const lesson = course.lessonById.get(next)!;
          problems.push({ file: lesson.content.en.file, line: 1, lesson: next, message: `prerequisites form a cycle: ${cycle.join(' -> ')}` });
        }
      } else if (s === undefined) {
        visit(next);
      }
    }
    stack.pop();
    state.set(id, 'done');
  };
  for (const lesson of course.lessons) if (!state.has(lesson.id)) visit(lesson.id);
}

function checkLab(lesson: Lesson, problems: CourseProblem[]): void {
  const lab = lesson.lab;
  if (!lab) return;
  const specFile = path.join(lab.dir, 'lab.json');
  const testText = lab.tests.map((f) => f.content).join('\n');
  if (lab.spec.checks.some((c) => c.kind === 'leak') && !/goleak\.(?:VerifyTestMain|VerifyNone|Find)\(/.test(testText)) {
    problems.push({ file: specFile, lesson: lesson.id, message: 'a "leak" check needs hidden tests that call goleak.Find() in TestMain (or goleak.VerifyTestMain / goleak.VerifyNone)' });
  }
  for (const check of lab.spec.checks) {
    if (check.kind !== 'bench') continue;
    const top = check.benchmark.split('/')[0]!;
    if (!new RegExp(`^func ${top}\\(\\s*\\w+\\s+\\*testing\\.B\\s*\\)`, 'm').test(testText)) {
      problems.push({ file: specFile, lesson: lesson.id, message: `benchmark ${top} is not defined in tests/` });
    }
  }
  const kinds = lab.spec.checks.map((c) => (c.kind === 'bench' ? `bench:${c.benchmark}:${c.metric}` : c.kind));
  const dup = kinds.find((k, i) => kinds.indexOf(k) !== i);
  if (dup) problems.push({ file: specFile, lesson: lesson.id, message: `check "${dup}" is listed twice` });
  if (!lab.spec.checks.some((c) => c.kind === 'test' || c.kind === 'race')) {
    problems.push({ file: specFile, lesson: lesson.id, message: 'a lab needs a "test" or "race" check so the starter can fail a hidden test' });
  }
  if (lab.spec.hints.en.length !== lab.spec.hints['zh-CN'].length) {
    problems.push({ file: specFile, lesson: lesson.id, message: 'hints.en and hints.zh-CN must have the same number of hints' });
  }
}

export function checkStructure(course: Course): CourseProblem[] {
  const problems: CourseProblem[] = [];
  for (const lesson of course.lessons) {
    compareLanguages(lesson, problems);
    checkLinks(course, lesson, problems);
    checkLab(lesson, problems);
  }
  checkCycles(course, problems);
  return problems;
}
