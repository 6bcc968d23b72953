/**
 * `gopherlab course validate|grade|list`: the course author's and the
 * learner's tools on the command line. validate and grade go through the same
 * runner (and so the same sandbox) as the server.
 */
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '@gopherlab/errors';
import {
  formatProblem,
  gradeLab,
  loadCourse,
  readSourceTree,
  validateCourse,
  type CourseProblem,
  type GradeReport,
  openSandboxRunner,
  type ValidationReport,
  type ValidationResult,
} from '@gopherlab/course';
import type { Command } from '../main.js';

const USAGE = `gopherlab course validate [path] [--json] [--jobs N] [--lesson ID]... [--structure-only] [--no-cache]
       gopherlab course grade <lesson-id> <dir> [--course path] [--json]
       gopherlab course list [path] [--json]

validate  proves every lab (reference passes all checks, starter fails a hidden test)
          and every runnable code block through the sandbox, plus structure, links
          and prerequisites. Exits 1 on any failure.
grade     grades the learner files in <dir> against the lab of <lesson-id>.
list      prints modules, lessons and labs.

path defaults to ./course.`;

function rel(root: string, file: string): string {
  return path.relative(process.cwd(), file) || path.relative(root, file) || file;
}

function printValidation(report: ValidationReport): void {
  const failures = report.results.filter((r) => !r.passed);
  if (report.problems.length) {
    console.log(`\nContent problems (${report.problems.length}):`);
    for (const p of report.problems) console.log(`  ${formatProblem(p as CourseProblem, process.cwd())}`);
  }
  if (failures.length) {
    console.log(`\nFailed checks (${failures.length}):`);
    for (const r of failures) console.log(`  ${rel(report.rootDir, r.file)}${r.line ? `:${r.line}` : ''}: [${r.lesson}] ${r.target}: ${r.message}`);
  }
  const t = report.totals;
  console.log(
    `\n${report.ok ? 'OK' : 'FAILED'}: ${t.modules} modules, ${t.lessons} lessons, ${t.labs} labs, ${t.codeBlocks} code blocks (${t.runnableBlocks} runnable); ` +
      `sandbox checks ${t.checksPassed} passed, ${t.checksFailed} failed; ${t.problems} content problems; wall time ${(report.wallMs / 1000).toFixed(1)} s`,
  );
}

function progressLine(r: ValidationResult): string {
  const mark = r.passed ? 'ok  ' : 'FAIL';
  return `${mark} ${r.lesson.padEnd(28)} ${r.target}${r.cached ? ' (cached)' : ''} ${(r.wallMs / 1000).toFixed(1)}s`;
}

async function validate(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      jobs: { type: 'string' },
      lesson: { type: 'string', multiple: true },
      'structure-only': { type: 'boolean', default: false },
      'no-cache': { type: 'boolean', default: false },
    },
  });
  if (positionals.length > 1) throw new AppError('invalid_request', `validate takes at most one path, got ${positionals.length}.\n\nUsage: ${USAGE}`);
  const root = path.resolve(positionals[0] ?? 'course');
  let jobs: number | undefined;
  if (values.jobs !== undefined) {
    jobs = Number(values.jobs);
    if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new AppError('invalid_option', '--jobs must be a whole number between 1 and 64.');
  }
  const handle = values['structure-only'] ? undefined : await openSandboxRunner();
  try {
    const report = await validateCourse(root, {
      runner: handle?.runner,
      jobs: jobs ?? handle?.slots ?? availableParallelism(),
      lessons: values.lesson,
      noCache: values['no-cache'],
      onResult: values.json ? undefined : (r) => console.log(progressLine(r)),
    });
    if (values.json) console.log(JSON.stringify(report, null, 2));
    else printValidation(report);
    return report.ok ? 0 : 1;
  } finally {
    await handle?.close();
  }
}

function printGrade(report: GradeReport): void {
  for (const c of report.checks) {
    console.log(`${c.passed ? 'PASS' : 'FAIL'}  ${c.name}: ${c.summary}`);
    for (const f of c.failures ?? []) console.log(`      --- ${f.test}\n${f.output.replace(/^/gm, '      ')}`);
    for (const race of c.races ?? []) console.log(race.raw.replace(/^/gm, '      '));
    for (const leak of c.leaks ?? []) console.log(`      ${leak.count} × ${leak.function} (${leak.state})\n${leak.stack.map((s) => `        ${s.func} ${s.file}:${s.line}`).join('\n')}`);
    if (c.leakOutput) console.log(c.leakOutput.replace(/^/gm, '      '));
  }
  if (report.replacedFiles.length) console.log(`\nReplaced by the lab's version: ${report.replacedFiles.join(', ')}`);
  if (report.ignoredFiles.length) console.log(`Not graded (only hidden tests grade): ${report.ignoredFiles.join(', ')}`);
  console.log(`\n${report.passed ? 'PASSED' : 'NOT YET'}: ${report.checks.filter((c) => c.passed).length}/${report.checks.length} checks in ${(report.wallMs / 1000).toFixed(1)} s`);
}

async function grade(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, course: { type: 'string', default: 'course' } },
  });
  const [lessonId, dir] = positionals;
  if (!lessonId || !dir || positionals.length > 2) throw new AppError('invalid_request', `grade needs a lesson id and a directory.\n\nUsage: ${USAGE}`);
  // Grading one lab must not depend on unrelated lessons being valid; `validate` is the strict tool.
  const course = await loadCourse(values.course, { skipInvalid: true });
  const lesson = course.lessonById.get(lessonId);
  if (!lesson) throw new AppError('lesson_not_found', `There is no lesson "${lessonId}" in ${course.rootDir}.`);
  if (!lesson.lab) throw new AppError('lab_not_found', `Lesson "${lessonId}" has no lab.`);
  const abs = path.resolve(dir);
  try {
    await readFile(path.join(abs, 'go.mod'));
  } catch {
    throw new AppError('file_not_found', `${abs} has no go.mod: pass the folder with your copy of the lab's starter.`);
  }
  const problems: CourseProblem[] = [];
  const files = await readSourceTree(abs, problems);
  if (problems.length) throw new AppError('invalid_request', problems.map((p) => formatProblem(p)).join('\n'));
  const handle = await openSandboxRunner();
  try {
    const report = await gradeLab(handle.runner, lesson.lab, files);
    if (values.json) console.log(JSON.stringify(report, null, 2));
    else printGrade(report);
    return report.passed ? 0 : 1;
  } finally {
    await handle.close();
  }
}

async function list(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
  const course = await loadCourse(positionals[0] ?? 'course');
  if (values.json) {
    const out = course.modules.map((m) => ({
      id: m.id,
      title: m.title,
      lessons: m.lessons.map((l) => ({ id: l.id, title: { en: l.content.en.title, 'zh-CN': l.content['zh-CN'].title }, minutes: l.minutes, lab: Boolean(l.lab) })),
    }));
    console.log(JSON.stringify(out, null, 2));
    return 0;
  }
  for (const m of course.modules) {
    console.log(`${m.id}  ${m.title.en} (${m.lessons.length} lessons)`);
    for (const l of m.lessons) console.log(`  ${l.id.padEnd(30)} ${String(l.minutes).padStart(3)} min ${l.lab ? 'lab ' : '    '} ${l.content.en.title}`);
  }
  return 0;
}

export const command: Command = {
  usage: USAGE,
  async run(argv) {
    const [sub, ...rest] = argv;
    switch (sub) {
      case 'validate':
        return validate(rest);
      case 'grade':
        return grade(rest);
      case 'list':
        return list(rest);
      default:
        console.error(`gopherlab course: unknown sub-command "${sub ?? ''}".\n\nUsage: ${USAGE}`);
        return 2;
    }
  },
};
