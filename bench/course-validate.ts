/**
 * How long `gopherlab course validate` takes, cold and warm, side by side in
 * one run:
 *   structure  - loading and structural checks only (no sandbox)
 *   cold       - every lab and runnable block through the sandbox, result cache bypassed
 *   warm       - the same again after a cached pass (what CI pays when content did not change;
 *                lab benchmarks are always re-measured, so warm is never free)
 * Usage: npx tsx bench/course-validate.ts [course-dir] [--jobs N] [--module ID]
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readCourse, tryOpenSandboxRunner, validateCourse, type ValidationReport } from '@gopherlab/course';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { jobs: { type: 'string' }, module: { type: 'string' } } });
const root = path.resolve(positionals[0] ?? 'course');
const opened = await tryOpenSandboxRunner();
const jobs = values.jobs ? Number(values.jobs) : 'reason' in opened ? availableParallelism() : opened.slots;

function line(name: string, r: ValidationReport, baseMs?: number): string {
  const t = r.totals;
  const ratio = baseMs ? `  ${(r.wallMs / baseMs).toFixed(2)}x of cold` : '';
  return `${name.padEnd(10)} ${(r.wallMs / 1000).toFixed(2).padStart(7)} s  checks ${t.checksPassed} ok / ${t.checksFailed} failed, problems ${t.problems}${ratio}`;
}

// --module restricts the sandbox passes to one module's lessons (a whole-course cold pass takes long).
const lessons = values.module ? (await readCourse(root)).course.modules.find((m) => m.id === values.module)?.lessons.map((l) => l.id) : undefined;
if (values.module && !lessons) throw new Error(`no module ${values.module} in ${root}`);
const structure = await validateCourse(root, { lessons });
console.log(`course: ${structure.totals.lessons} lessons, ${structure.totals.labs} labs, ${structure.totals.runnableBlocks} runnable blocks; jobs=${jobs}`);
console.log(line('structure', structure));

if ('reason' in opened) {
  console.error(`No sandbox: only the structural pass can be measured (${opened.reason}).`);
  process.exit(2);
}
const runner = opened.runner;
try {
  const cold = await validateCourse(root, { runner, jobs, lessons, noCache: true });
  await validateCourse(root, { runner, jobs, lessons }); // fills the result cache
  const warm = await validateCourse(root, { runner, jobs, lessons });
  console.log(line('cold', cold));
  console.log(line('warm', warm, cold.wallMs));
  console.log(`cold/warm ratio: ${(cold.wallMs / warm.wallMs).toFixed(2)}`);
  // What a learner waits for: one lab graded (all its checks), cold and warm, per lab.
  const grading = (r: ValidationReport) => new Map(r.results.filter((x) => x.kind === 'lab-reference').map((x) => [x.lesson, x.wallMs]));
  const coldGrades = grading(cold);
  const warmGrades = grading(warm);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  console.log(`lab grading (reference, all checks): median cold ${(median([...coldGrades.values()]) / 1000).toFixed(2)} s, warm ${(median([...warmGrades.values()]) / 1000).toFixed(2)} s`);
  for (const [lesson, ms] of coldGrades) console.log(`  ${lesson.padEnd(28)} cold ${(ms / 1000).toFixed(2).padStart(6)} s   warm ${((warmGrades.get(lesson) ?? 0) / 1000).toFixed(2).padStart(6)} s`);
} finally {
  await opened.close();
}
