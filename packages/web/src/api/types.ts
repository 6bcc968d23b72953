/**
 * Shapes of the HTTP API (the contract shared with packages/server). Run
 * reports are the runner's own model, imported as types only: the web app
 * talks to the server over HTTP and never bundles runner code.
 */
import type { Action, Diagnostic, LeakReport, RaceReport, RunEvent, RunOptions, RunReport, RunStatus, SourceFile } from '@gopherlab/runner';

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

/** The analytics routes' shapes, defined once by the server (types only). */
export type { ClassDashboardView, ClassSummary, LearnerSummary, RiskReason } from '@gopherlab/server/analytics';

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
  /** The run options it was shared with (Go release, GODEBUG ...). */
  options?: RunOptions;
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

/** A failing (or missing) hidden test: its name and what it printed. Never its source. */
export interface GradeTestFailure {
  test: string;
  output: string;
  /** Just the t.Error/t.Fatal lines, when the grader passes on the runner's `TestResult.failure` (Go 1.27+). */
  failure?: string;
}

/** A bench check's numbers (the course grader's BenchMeasurement). */
export interface GradeMeasurement {
  benchmark: string;
  metric: string;
  learner: number;
  reference: number;
  /** learner/reference (reference/learner when higherIsBetter); null when the reference is 0 and the learner is not. */
  ratio: number | null;
  maxRatio: number;
  higherIsBetter: boolean;
}

/** What a failing check carries besides its message (server: course/service.ts presentCheck). */
export interface GradeDetails {
  failures?: GradeTestFailure[];
  races?: RaceReport[];
  leaks?: LeakReport[];
  /** goleak's own text when the runner did not parse the leak into `leaks`. */
  leakOutput?: string;
  diagnostics?: Diagnostic[];
}

export interface GradeCheck {
  kind: 'test' | 'race' | 'leak' | 'vet' | 'bench' | (string & {});
  name: string;
  status: 'pass' | 'fail' | 'error';
  /** The grader's sentence (English). */
  message: string;
  got?: number;
  want?: number;
  ratio?: number;
  threshold?: number;
  details?: GradeDetails;
  measurement?: GradeMeasurement;
  /** Status of the underlying run when it was not `ok`. */
  runStatus?: RunStatus;
}
export interface GradeReport {
  labId: string;
  passed: boolean;
  checks: GradeCheck[];
  /** Learner files replaced by the lab's own version (hidden tests with the same name, go.mod). */
  replacedFiles?: string[];
  /** Learner files left out of grading (their own tests, go.sum). */
  ignoredFiles?: string[];
  goVersion?: string;
  /** Hints the learner had revealed when they asked for this check. */
  hintsUsed?: number;
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
