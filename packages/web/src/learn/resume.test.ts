import { describe, expect, it } from 'vitest';
import type { CourseModule, ProgressEntry } from '../api/types.js';
import { resumeTarget } from './resume.js';

const lesson = (id: string) => ({ id, title: id.toUpperCase(), minutes: 10, hasLab: false });
const modules: CourseModule[] = [
  { id: '01-a', title: 'A', lessons: [lesson('a1'), lesson('a2')] },
  { id: '02-b', title: 'B', lessons: [lesson('b1'), lesson('b2')] },
];
const entry = (lessonId: string, status: 'started' | 'completed', updatedAt: string): ProgressEntry => ({ lessonId, status, updatedAt });

describe('resumeTarget', () => {
  it('starts a new learner at the first lesson', () => {
    expect(resumeTarget(modules, [], null)).toMatchObject({ kind: 'start', lesson: { id: 'a1' } });
  });

  it('continues the lesson touched last when it is not finished', () => {
    const progress = [entry('a1', 'completed', '2026-01-01T10:00:00Z'), entry('b1', 'started', '2026-01-03T10:00:00Z'), entry('a2', 'started', '2026-01-02T10:00:00Z')];
    expect(resumeTarget(modules, progress, null)).toMatchObject({ kind: 'continue', lesson: { id: 'b1' } });
  });

  it('moves on to the next unfinished lesson, across modules, after a finished one', () => {
    const progress = [entry('a1', 'completed', '2026-01-01T10:00:00Z'), entry('a2', 'completed', '2026-01-02T10:00:00Z')];
    expect(resumeTarget(modules, progress, null)).toMatchObject({ kind: 'next', lesson: { id: 'b1' }, after: { id: 'a2' } });
    // Skips lessons already finished, and wraps around to an earlier unfinished one.
    const skipping = [entry('b1', 'completed', '2026-01-01T10:00:00Z'), entry('a2', 'completed', '2026-01-02T10:00:00Z'), entry('b2', 'completed', '2026-01-03T10:00:00Z')];
    expect(resumeTarget(modules, skipping, null)).toMatchObject({ kind: 'next', lesson: { id: 'a1' }, after: { id: 'b2' } });
  });

  it('uses this browser\u2019s last visit when it is more recent, and ignores lessons no longer in the course', () => {
    const progress = [entry('a1', 'started', '2026-01-01T10:00:00Z')];
    expect(resumeTarget(modules, progress, { id: 'b2', at: '2026-01-05T00:00:00Z' })).toMatchObject({ kind: 'continue', lesson: { id: 'b2' } });
    expect(resumeTarget(modules, progress, { id: 'gone', at: '2026-01-05T00:00:00Z' })).toMatchObject({ kind: 'continue', lesson: { id: 'a1' } });
    expect(resumeTarget(modules, [], { id: 'a2', at: '2026-01-05T00:00:00Z' })).toMatchObject({ kind: 'continue', lesson: { id: 'a2' } });
  });

  it('says when everything is done', () => {
    const all = ['a1', 'a2', 'b1', 'b2'].map((id, i) => entry(id, 'completed', `2026-01-0${i + 1}T00:00:00Z`));
    expect(resumeTarget(modules, all, null)).toEqual({ kind: 'done' });
    expect(resumeTarget([], [], null)).toBeNull();
  });
});
