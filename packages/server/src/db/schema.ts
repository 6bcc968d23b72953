/**
 * Table types for Kysely. Timestamps are ISO-8601 strings and JSON columns are
 * text on both SQLite and PostgreSQL: one representation keeps the two
 * dialects' results identical without per-driver type parsers.
 */
import type { Generated } from 'kysely';

export interface UsersTable {
  id: string;
  email: string;
  password_hash: string;
  display_name: string;
  role: 'learner' | 'instructor' | 'admin';
  created_at: string;
}

export interface SessionsTable {
  /** sha256 of the cookie token: a leaked database does not yield usable cookies. */
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export type JobStatus = 'queued' | 'running' | 'done';

export interface RunsTable {
  id: string;
  user_id: string | null;
  action: string;
  /** JSON RunRequest. */
  request: string;
  /** Content hash of the request: identical requests reuse a finished report. */
  request_hash: string;
  status: JobStatus;
  /** How many times a runner started it; recovery gives up after a limit (a run that kills its runner must not loop forever). */
  attempts: Generated<number>;
  /** Final RunReport status once done. */
  result_status: string | null;
  /** JSON RunReport once done. */
  report: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface LabChecksTable {
  id: string;
  user_id: string | null;
  lab_id: string;
  /** JSON SourceFile[]. */
  files: string;
  status: JobStatus;
  attempts: Generated<number>;
  /** JSON GradeReport once done. */
  grade: string | null;
  passed: number | null;
  /** Hints the learner had revealed when they asked for this check. */
  hints_used: Generated<number>;
  created_at: string;
  finished_at: string | null;
}

export interface SharesTable {
  id: string;
  /** JSON SourceFile[]. */
  files: string;
  action: string | null;
  /** JSON RunOptions the share was made with, or null. */
  options: string | null;
  created_at: string;
}

export interface ProgressTable {
  user_id: string;
  lesson_id: string;
  status: 'started' | 'completed';
  updated_at: string;
}

export interface RunProfilesTable {
  run_id: string;
  /** Index into the report's `profiles`. */
  idx: number;
  /** base64 of the profile file. */
  data: string;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  runs: RunsTable;
  lab_checks: LabChecksTable;
  shares: SharesTable;
  progress: ProgressTable;
  run_profiles: RunProfilesTable;
  api_tokens: ApiTokensTable;
  lab_drafts: LabDraftsTable;
  xapi_statements: XapiStatementsTable;
  classes: ClassesTable;
  class_members: ClassMembersTable;
  learner_goals: LearnerGoalsTable;
}

/** A class an instructor runs; learners join it with the invite code. */
export interface ClassesTable {
  id: string;
  name: string;
  instructor_id: string;
  invite_code: string;
  created_at: string;
}

/** Rolling enrolment: a member's own start is joined_at. */
export interface ClassMembersTable {
  class_id: string;
  user_id: string;
  joined_at: string;
}

/** The weekly goal a learner chose: active days per week. */
export interface LearnerGoalsTable {
  user_id: string;
  days_per_week: number;
  updated_at: string;
}

export interface LabDraftsTable {
  user_id: string;
  lab_id: string;
  /** JSON SourceFile[]. */
  files: string;
  updated_at: string;
}

export interface ApiTokensTable {
  /** sha256 of the token. */
  id: string;
  public_id: string;
  user_id: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
}

/** One learning event as an xAPI statement (analytics/xapi.ts); rows are only ever inserted or deleted with their learner. */
export interface XapiStatementsTable {
  id: string;
  user_id: string;
  verb: string;
  /** The statement's object IRI (lesson, lab, solution). */
  object_id: string;
  stored: string;
  /** JSON of the whole statement. */
  statement: string;
}
