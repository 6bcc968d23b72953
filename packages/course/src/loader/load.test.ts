import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAppError } from '@gopherlab/errors';
import { describe, expect, it } from 'vitest';
import { checkStructure } from '../validate/structure.js';
import { loadCourse, readCourse } from './load.js';
import { formatProblem } from './model.js';

const testdata = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../testdata');

describe('loadCourse on a valid course', () => {
  it('loads modules, lessons, code blocks and the lab', async () => {
    const course = await loadCourse(path.join(testdata, 'good'));
    expect(course.modules.map((m) => [m.id, m.lessons.map((l) => l.id)])).toEqual([['01-basics', ['hello', 'sum-lab']]]);
    const hello = course.lessonById.get('hello')!;
    expect(hello.content['zh-CN'].title).toBe('你好');
    expect(hello.content.en.codeBlocks.map((b) => b.kind)).toEqual(['run', 'output', 'build']);
    expect(hello.content.en.codeBlocks[0]!.expectedOutput).toBe('hello, gopher\n');
    expect(hello.content.en.markdown.startsWith('\n# Hello')).toBe(true);
    const lab = course.lessonById.get('sum-lab')!.lab!;
    expect(lab.spec.checks).toHaveLength(3);
    expect(lab.spec.starterCompiles).toBe(true);
    expect(lab.starter.map((f) => f.name)).toEqual(['go.mod', 'sum.go']);
    expect(lab.tests.map((f) => f.name)).toEqual(['sum_test.go']);
    expect(checkStructure(course)).toEqual([]);
  });
});

describe('readCourse on a broken course', () => {
  it('reports every problem with its file and line', async () => {
    const root = path.join(testdata, 'broken');
    const { course, problems } = await readCourse(root);
    const all = [...problems, ...checkStructure(course)].map((p) => formatProblem(p, path.resolve(root)));
    const expected = [
      /^01-basics\/hello\/lesson\.en\.md:\d+: a "go run" block must be followed by an "output" block/,
      /^01-basics\/sum-lab\/lesson\.zh-CN\.md:1: front matter minutes: /,
      /^01-basics\/sum-lab\/lab\.json: checks\.1\.kind: /,
      /^01-basics\/unlisted: lesson folder is not listed in course\.json/,
      /^01-basics\/hello\/lesson\.zh-CN\.md: headings differ from lesson\.en\.md: en has \[h1 h2\] \(2\), zh-CN has \[h1\] \(1\)/,
      /^01-basics\/hello\/lesson\.zh-CN\.md: lesson\.en\.md has 2 code blocks, lesson\.zh-CN\.md has 3/,
      /^01-basics\/hello\/lesson\.en\.md:\d+: link to lesson:no-such-lesson does not resolve/,
      /prerequisites form a cycle: (hello -> sum-lab -> hello|sum-lab -> hello -> sum-lab)/,
    ];
    for (const re of expected) expect(all.some((line) => re.test(line)), `${re} in\n${all.join('\n')}`).toBe(true);
  });

  it('loadCourse throws course_invalid listing the problems', async () => {
    const err = await loadCourse(path.join(testdata, 'broken')).catch((e: unknown) => e);
    expect(isAppError(err) && err.code).toBe('course_invalid');
    expect((err as Error).message).toMatch(/01-basics\/unlisted/);
  });

  it('with skipInvalid, leaves out the broken lessons and reports why', async () => {
    const course = await loadCourse(path.join(testdata, 'broken'), { skipInvalid: true });
    // hello has a run block without output, sum-lab an invalid lab.json and front matter.
    expect(course.lessons.map((l) => l.id)).toEqual([]);
    expect(course.problems?.some((p) => p.lesson === 'sum-lab' && /minutes/.test(p.message))).toBe(true);
    const good = await loadCourse(path.join(testdata, 'good'), { skipInvalid: true });
    expect(good.lessons).toHaveLength(2);
    expect(good.problems).toBeUndefined();
  });

  it('refuses a course folder that does not exist', async () => {
    const err = await loadCourse(path.join(testdata, 'nope')).catch((e: unknown) => e);
    expect(isAppError(err) && err.code).toBe('file_not_found');
  });
});
