/**
 * The lesson as GET /api/v1/lessons/:id sends it (packages/server/src/course/lesson-view.ts):
 * already rendered by @gopherlab/course's Markdown renderer, so the page only
 * places the segments (their types are the course package's own).
 */
import { request } from '../api/index.js';
import type { Lesson } from '../api/types.js';

import type { CodeSegment, HtmlSegment, LessonSegment } from '@gopherlab/course/lesson-types';

export type { CodeSegment, HtmlSegment, LessonSegment };

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
