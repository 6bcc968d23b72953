/**
 * What GET /api/v1/lessons/:id answers: a lesson already rendered for the web
 * app (segments from @gopherlab/course's renderer: HTML prose and numbered,
 * highlighted code blocks with their expected output), where it sits in the
 * course (module title, previous and next lesson), and its lab.
 *
 * `markdown` (the body without front matter) stays in the answer for API
 * clients that want the source; the web app does not parse it.
 */
import { renderLesson, type Course, type LessonContent, type LessonSegment, type LabCheckSpec, type Lesson } from '@gopherlab/course';
import type { SourceFile } from '@gopherlab/runner';

export type Lang = 'en' | 'zh-CN';

export interface LessonRef {
  id: string;
  title: string;
}

export interface LessonView {
  id: string;
  title: string;
  module: string;
  moduleTitle: string;
  prerequisites: string[];
  minutes: number;
  skills: string[];
  markdown: string;
  segments: LessonSegment[];
  /** The lessons before and after this one in course order (across modules). */
  previous?: LessonRef;
  next?: LessonRef;
  lab?: { title: string; goal: string; starter: SourceFile[]; hints: string[]; checks: LabCheckSpec[] };
}

// Rendering is pure and the course is immutable while the server runs: render each lesson once per language.
const rendered = new WeakMap<LessonContent, LessonSegment[]>();

export function lessonSegments(content: LessonContent): LessonSegment[] {
  let segments = rendered.get(content);
  if (!segments) {
    segments = renderLesson(content.markdown);
    rendered.set(content, segments);
  }
  return segments;
}

function ref(lesson: Lesson | undefined, lang: Lang): LessonRef | undefined {
  return lesson && { id: lesson.id, title: lesson.content[lang].title };
}

export function presentLesson(course: Course, lesson: Lesson, lang: Lang): LessonView {
  const content = lesson.content[lang];
  const at = course.lessons.indexOf(lesson);
  const module = course.modules.find((m) => m.id === lesson.module);
  const view: LessonView = {
    id: lesson.id,
    title: content.title,
    module: lesson.module,
    moduleTitle: module?.title[lang] ?? lesson.module,
    prerequisites: lesson.prerequisites,
    minutes: lesson.minutes,
    skills: lesson.skills,
    markdown: content.markdown,
    segments: lessonSegments(content),
  };
  const previous = at > 0 ? ref(course.lessons[at - 1], lang) : undefined;
  const next = at >= 0 ? ref(course.lessons[at + 1], lang) : undefined;
  if (previous) view.previous = previous;
  if (next) view.next = next;
  if (lesson.lab) {
    const spec = lesson.lab.spec;
    view.lab = { title: spec.title[lang], goal: spec.goal[lang], starter: lesson.lab.starter, hints: spec.hints[lang], checks: spec.checks };
  }
  return view;
}
