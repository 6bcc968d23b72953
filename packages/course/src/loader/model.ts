import type { SourceFile } from '@gopherlab/runner';
import type { CodeBlock, Heading } from '../format/markdown.js';
import type { Language, LabSpec, Localized } from '../format/schema.js';

/** One language's version of a lesson. */
export interface LessonContent {
  title: string;
  /** Markdown body without front matter: what renderLesson takes. */
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
  /** Deliberately wrong solutions (`wrong/<name>/`), each proving that one check catches one mistake. Never shown to learners. */
  wrong: WrongSolution[];
}

/** The checks a wrong solution can be expected to fail: the lab check kinds. */
export const WRONG_FAILS = ['test', 'race', 'leak', 'vet', 'bench'] as const;
export type WrongFails = (typeof WRONG_FAILS)[number];

/** `wrong/<name>/expect.json`: what the validator must see when it grades the wrong solution. */
export interface WrongExpectation {
  /** The check kind that must fail. */
  fails: WrongFails;
  /** For `test` and `race`: the hidden test that must be among the failures. */
  test?: string;
  /** For `bench`: the benchmark whose check must fail (any bench check when absent). */
  benchmark?: string;
  /** Why the solution is wrong, for authors and reviewers. */
  why: string;
}

export interface WrongSolution {
  /** Folder name under wrong/, kebab-case. */
  name: string;
  dir: string;
  expect: WrongExpectation;
  /** Only the files that differ from reference/ (no expect.json). */
  overlay: SourceFile[];
  /** reference/ with the overlay applied: what the validator grades. */
  files: SourceFile[];
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
