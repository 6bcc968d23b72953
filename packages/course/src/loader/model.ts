import type { SourceFile } from '@gopherlab/runner';
import type { CodeBlock, Heading } from '../format/markdown.js';
import type { Language, LabSpec, Localized } from '../format/schema.js';

/** One language's version of a lesson. */
export interface LessonContent {
  title: string;
  /** Markdown body without front matter: what renderLessonHtml takes. */
  markdown: string;
  /** Path of the source file (absolute), for error messages. */
  file: string;
  /** Line in the file where the body starts (front matter lines before it). */
  bodyLineOffset: number;
  headings: Heading[];
  codeBlocks: CodeBlock[];
  lessonLinks: { id: string; line: number }[];
}

export interface Lab {
  /** The lab's id is its lesson's id. */
  id: string;
  dir: string;
  spec: LabSpec;
  starter: SourceFile[];
  tests: SourceFile[];
  reference: SourceFile[];
}

export interface Lesson {
  id: string;
  module: string;
  dir: string;
  prerequisites: string[];
  minutes: number;
  skills: string[];
  content: Record<Language, LessonContent>;
  lab?: Lab;
}

export interface CourseModule {
  id: string;
  title: Localized;
  lessons: Lesson[];
}

export interface Course {
  rootDir: string;
  modules: CourseModule[];
  /** All lessons in course order. */
  lessons: Lesson[];
  lessonById: Map<string, Lesson>;
  /** Problems of lessons left out by `loadCourse(root, {skipInvalid: true})`. */
  problems?: CourseProblem[];
}

/** A problem in the course content, always tied to a file. */
export interface CourseProblem {
  file: string;
  line?: number;
  message: string;
  /** Lesson the problem belongs to, when known. */
  lesson?: string;
}

export function formatProblem(p: CourseProblem, rootDir?: string): string {
  const file = rootDir && p.file.startsWith(rootDir + '/') ? p.file.slice(rootDir.length + 1) : p.file;
  return `${file}${p.line ? `:${p.line}` : ''}: ${p.message}`;
}
