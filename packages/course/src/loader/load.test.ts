import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
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
    expect(lab.wrong.map((w) => [w.name, w.expect.fails, w.expect.test, w.overlay.map((f) => f.name)])).toEqual([['skips-first', 'test', 'TestSum', ['sum.go']]]);
    // The graded files are reference/ with the wrong file swapped in.
    expect(lab.wrong[0]!.files.map((f) => f.name)).toEqual(['go.mod', 'sum.go']);
    expect(lab.wrong[0]!.files.find((f) => f.name === 'sum.go')!.content).toMatch(/i := 1/);
    expect(checkStructure(course)).toEqual([]);
  });
});

describe('wrong/ solutions', () => {
  async function labWithWrong(files: Record<string, string>) {
    const root = await mkdtemp(path.join(tmpdir(), 'gopherlab-wrong-'));
    await cp(path.join(testdata, 'good'), root, { recursive: true });
    const labDir = path.join(root, '01-basics', 'sum-lab');
    await rm(path.join(labDir, 'wrong'), { recursive: true });
    for (const [name, content] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(labDir, 'wrong', name)), { recursive: true });
      await writeFile(path.join(labDir, 'wrong', name), content);
    }
    const { course, problems } = await readCourse(root);
    await rm(root, { recursive: true });
    return { lab: course.lessonById.get('sum-lab')!.lab!, problems: problems.map((p) => `${path.relative(labDir, p.file)}: ${p.message}`) };
  }

  it('reports manifests and files that cannot prove anything', async () => {
    const { problems } = await labWithWrong({
      'no-manifest/sum.go': 'package sum\n',
      'leaky/expect.json': '{"fails": "leak", "why": "The lab has no leak check."}',
      'leaky/sum.go': 'package sum\n\nfunc Sum(xs []int) int { return 0 }\n',
      'bad-test/expect.json': '{"fails": "vet", "test": "TestNope", "why": "A test with vet and an unknown test."}',
      'bad-test/sum.go': 'package sum\n\nfunc Sum(xs []int) int { return 1 }\n',
      'unknown-test/expect.json': '{"fails": "test", "test": "TestNope", "why": "Names a test that does not exist."}',
      'unknown-test/extra.go': 'package sum\n',
      'unknown-test/sum_test.go': 'package sum\n',
      'same/expect.json': '{"fails": "test", "why": "Identical to the reference."}',
      'same/sum.go': 'package sum\n\n// Sum returns the sum of xs.\nfunc Sum(xs []int) int {\n\ttotal := 0\n\tfor _, x := range xs {\n\t\ttotal += x\n\t}\n\treturn total\n}\n',
      'stray.go': 'package sum\n',
    });
    const expected = [
      /^wrong\/no-manifest\/expect\.json: a wrong solution needs a valid expect\.json/,
      /^wrong\/leaky\/expect\.json: "fails": "leak" but lab\.json has no leak check/,
      /^wrong\/bad-test\/expect\.json: test: "test" may only be given with "fails": "test" or "race"/,
      /^wrong\/unknown-test\/expect\.json: "test": "TestNope" is not a test in tests\/ \(TestSum, TestSumEmpty\)/,
      /^wrong\/unknown-test\/extra\.go: extra\.go is not a file of reference\//,
      /^wrong\/unknown-test\/sum_test\.go: a wrong solution changes only the learner's source files/,
      /^wrong\/same\/sum\.go: sum\.go is identical to reference\/sum\.go/,
      /^wrong\/stray\.go: wrong\/ holds only folders/,
    ];
    for (const re of expected) expect(problems.some((p) => re.test(p)), `${re} in\n${problems.join('\n')}`).toBe(true);
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
