import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCourse, type Course } from '@gopherlab/course';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lessonSegments, presentLesson } from './lesson-view.js';

const lesson = (id: string, module: string, title: string, body: string) => `---\nid: ${id}\ntitle: ${title}\nmodule: ${module}\nminutes: 5\nskills: [basics]\n---\n\n${body}`;

const BODY = [
  '# Hello',
  '',
  'See [the next one](lesson:two) and <b>raw</b>.',
  '',
  '```go run',
  'package main',
  '',
  'import "fmt"',
  '',
  'func main() { fmt.Println("hi") }',
  '```',
  '',
  '```output',
  'hi',
  '```',
  '',
  '```sh',
  'go vet ./...',
  '```',
  '',
].join('\n');

describe('presentLesson', () => {
  let dir: string;
  let course: Course;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'gl-lesson-view-'));
    const modules = [
      { id: '01-first', title: { en: 'First', 'zh-CN': '第一' }, lessons: ['one', 'two'] },
      { id: '02-second', title: { en: 'Second', 'zh-CN': '第二' }, lessons: ['three'] },
    ];
    writeFileSync(path.join(dir, 'course.json'), JSON.stringify({ modules }));
    const titles: Record<string, [string, string]> = { one: ['One', '一'], two: ['Two', '二'], three: ['Three', '三'] };
    for (const m of modules) {
      for (const id of m.lessons) {
        mkdirSync(path.join(dir, m.id, id), { recursive: true });
        writeFileSync(path.join(dir, m.id, id, 'lesson.en.md'), lesson(id, m.id, titles[id]![0], BODY));
        writeFileSync(path.join(dir, m.id, id, 'lesson.zh-CN.md'), lesson(id, m.id, titles[id]![1], BODY.replace('See', '参见')));
      }
    }
    course = await loadCourse(dir);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sends the lesson rendered: prose as HTML, numbered code blocks with their expected output', () => {
    const view = presentLesson(course, course.lessonById.get('one')!, 'en');
    expect(view.segments.map((s) => s.kind)).toEqual(['html', 'code', 'code']);
    const [prose, run, sh] = view.segments as unknown as [{ html: string }, Record<string, unknown>, Record<string, unknown>];
    expect(prose.html).toContain('<a href="/learn/two" data-lesson="two">the next one</a>');
    expect(prose.html).toContain('&lt;b&gt;raw&lt;/b&gt;');
    expect(run).toMatchObject({ kind: 'code', block: 1, lang: 'go', mode: 'run', expectedOutput: 'hi\n', outputBlock: 2 });
    expect(run.source).toBe('package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hi") }\n');
    expect(run.html).toContain('<span class="tok-string">&quot;fmt&quot;</span>');
    expect(sh).toMatchObject({ block: 3, lang: 'sh', mode: null });
    // Block numbers are the validator's: the same CodeBlock list the loader parsed.
    const blocks = course.lessonById.get('one')!.content.en.codeBlocks;
    expect(blocks.map((b) => `${b.index + 1} ${b.info}`)).toEqual(['1 go run', '2 output', '3 sh']);
  });

  it('places the lesson in the course: module title, previous and next across modules', () => {
    expect(presentLesson(course, course.lessonById.get('one')!, 'zh-CN')).toMatchObject({ title: '一', moduleTitle: '第一', next: { id: 'two', title: '二' } });
    expect(presentLesson(course, course.lessonById.get('one')!, 'en').previous).toBeUndefined();
    expect(presentLesson(course, course.lessonById.get('two')!, 'en')).toMatchObject({ previous: { id: 'one', title: 'One' }, next: { id: 'three', title: 'Three' } });
    const last = presentLesson(course, course.lessonById.get('three')!, 'en');
    expect(last).toMatchObject({ moduleTitle: 'Second', previous: { id: 'two' } });
    expect(last.next).toBeUndefined();
  });

  it('renders each language of a lesson once', () => {
    const content = course.lessonById.get('two')!.content['zh-CN'];
    expect(lessonSegments(content)).toBe(lessonSegments(content));
    expect((lessonSegments(content)[0] as { html: string }).html).toContain('参见');
  });
});
