/**
 * The course itself, validated in CI: structure for every lesson, and every
 * lab and runnable code block through the real sandbox.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeLab } from './grader/grade.js';
import { tryOpenSandboxRunner, type OpenedRunner } from './grader/open-runner.js';
import { loadCourse } from './loader/load.js';
import { formatProblem } from './loader/model.js';
import { validateCourse } from './validate/validate.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const courseRoot = path.resolve(here, '../../../course');
const fixtureRoot = path.resolve(here, '../testdata/good');

describe('course/ structure', () => {
  it('has no content problems (format, both languages, links, prerequisites)', async () => {
    const report = await validateCourse(courseRoot);
    const lines = report.problems.map((p) => formatProblem(p, report.rootDir));
    expect(lines, lines.join('\n')).toEqual([]);
    expect(report.totals.lessons).toBeGreaterThanOrEqual(9);
  });
});

describe('course/ through the sandbox', () => {
  let opened: OpenedRunner | undefined;
  let unavailable = '';
  beforeAll(async () => {
    const r = await tryOpenSandboxRunner();
    if ('reason' in r) unavailable = r.reason;
    else opened = r;
  });
  afterAll(async () => {
    await opened?.close();
  });

  it('grades the fixture lab: reference passes, a starter with a fake test file fails with an actionable report', async (ctx) => {
    // Skipped only on hosts without isolation: course code never runs outside the sandbox.
    if (!opened) return ctx.skip(`no sandbox on this host: ${unavailable}`);
    const course = await loadCourse(fixtureRoot);
    const lab = course.lessonById.get('sum-lab')!.lab!;
    const good = await gradeLab(opened.runner, lab, lab.reference);
    expect(good.checks.map((c) => [c.kind, c.passed, c.summary])).toEqual([
      ['test', true, 'All 2 hidden tests pass.'],
      ['vet', true, 'go vet reports nothing.'],
      ['bench', true, expect.stringMatching(/^allocs\/op: yours 0, reference 0/)],
    ]);
    expect(good.checks[2]!.measurement).toMatchObject({ metric: 'allocs/op', learner: 0, reference: 0 });

    const cheat = [...lab.starter, { name: 'sum_test.go', content: 'package sum\n' }];
    const bad = await gradeLab(opened.runner, lab, cheat, { only: ['test'] });
    expect(bad.passed).toBe(false);
    expect(bad.replacedFiles).toEqual(['sum_test.go']);
    expect(bad.checks[0]!.failures?.map((f) => f.test)).toEqual(['TestSum']);
    expect(bad.checks[0]!.failures?.[0]?.output).toMatch(/want 6/);
    // Go 1.27 marks the failure lines: the grade carries just them, beside the whole output.
    expect(bad.checks[0]!.failures?.[0]?.failure).toMatch(/^\s+\S+_test\.go:\d+: .*want 6\n$/);
  }, 120_000);

  it('validates every lab and runnable code block of the course', async (ctx) => {
    if (!opened) return ctx.skip(`no sandbox on this host: ${unavailable}`);
    const report = await validateCourse(courseRoot, { runner: opened.runner, jobs: opened.slots });
    const failed = report.results.filter((r) => !r.passed).map((r) => `${r.lesson} ${r.target}: ${r.message}`);
    expect(failed, failed.join('\n')).toEqual([]);
    expect(report.totals.checksPassed).toBeGreaterThan(0);
  }, 1_200_000);
});
