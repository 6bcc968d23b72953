/**
 * The lesson as GET /api/v1/lessons/:id sends it (packages/server/src/course/lesson-view.ts):
 * already rendered by @gopherlab/course's Markdown renderer, so the page only
 * places the segments. The shapes mirror the server's LessonView.
 */
import { request } from '../api/index.js';
import type { Lesson } from '../api/types.js';

export interface HtmlSegment {
  kind: 'html';
  html: string;
}

export interface CodeSegment {
  kind: 'code';
  /** 1-based number among the lesson's fenced blocks: "code block N" in `gopherlab course validate`. */
  block: number;
  lang: string;
  info: string;
  mode: 'run' | 'build' | null;
  /** The code as written, ending with a newline. */
  source: string;
  /** Escaped (and for Go, highlighted) inner HTML of the `<code>`, one `<span class="line">` per line. */
  html: string;
  /** The ```output block that follows a ```go run block: its expected stdout. */
  expectedOutput?: string;
  outputBlock?: number;
}

export type LessonSegment = HtmlSegment | CodeSegment;

export interface LessonRef {
  id: string;
  title: string;
}

export interface LessonView extends Omit<Lesson, 'markdown'> {
  moduleTitle: string;
  segments: LessonSegment[];
  previous?: LessonRef;
  next?: LessonRef;
}

export function fetchLesson(id: string, lang: string): Promise<LessonView> {
  return request<LessonView>('GET', `/api/v1/lessons/${encodeURIComponent(id)}?lang=${encodeURIComponent(lang)}`);
}
