/**
 * Shapes of the HTTP API (the contract shared with packages/server). Run
 * reports are the runner's own model, imported as types only: the web app
 * talks to the server over HTTP and never bundles runner code.
 */
import type { Action, RunEvent, RunOptions, RunReport, SourceFile } from '@gopherlab/runner';

export type { Action, RunEvent, RunOptions, RunReport, SourceFile };
export type {
  BenchmarkResult,
  Diagnostic,
  LeakReport,
  ProfileRef,
  RaceReport,
  RunStatus,
  StackFrame,
  TestResult,
} from '@gopherlab/runner';

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export type Role = 'learner' | 'instructor' | 'admin';
export interface User {
  id: string;
  email: string;
  displayName: string | null;
  role: Role;
}

export interface Me {
  user: User | null;
  csrfToken: string | null;
}

export interface Share {
  id: string;
  files: SourceFile[];
  action?: Action | null;
  createdAt: string;
}

export type ProgressStatus = 'started' | 'completed';

export interface CourseLessonSummary {
  id: string;
  title: string;
  minutes: number;
  hasLab: boolean;
  progress?: ProgressStatus;
}
export interface CourseModule {
  id: string;
  title: string;
  lessons: CourseLessonSummary[];
}
export interface Course {
  modules: CourseModule[];
}

export interface Lab {
  title: string;
  goal: string;
  starter: SourceFile[];
  hints: string[];
  checks: unknown[];
}
export interface Lesson {
  id: string;
  title: string;
  module: string;
  prerequisites: string[];
  minutes: number;
  skills: string[];
  markdown: string;
  lab?: Lab;
}

export interface GradeCheck {
  kind: string;
  name: string;
  status: 'pass' | 'fail' | 'error';
  message: string;
  got?: unknown;
  want?: unknown;
  ratio?: number;
  threshold?: number;
  details?: unknown;
}
export interface GradeReport {
  labId: string;
  passed: boolean;
  checks: GradeCheck[];
}
export interface CheckStatus {
  id: string;
  status: 'queued' | 'running' | 'done';
  grade?: GradeReport;
}

export interface ProgressEntry {
  lessonId: string;
  status: ProgressStatus;
  updatedAt: string;
}
