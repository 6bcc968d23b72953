/**
 * What the analytics routes answer, as types only (no imports, nothing to
 * run): the server computes these shapes and the web app imports them from
 * `@gopherlab/server/analytics`, so the two can never drift apart.
 */

/** Thresholds of the stuck and at-risk rules (GOPHERLAB_STUCK_* in docs/CONFIGURATION.md). */
export interface DashboardRules {
  /** K: consecutive failed checks of one lab, each failing the same hidden test... */
  stuckFailures: number;
  /** ...within T hours, with no pass since. */
  stuckHours: number;
  /** Inactive when the days since the last event exceed this many times the learner's usual gap... */
  inactiveFactor: number;
  /** ...and at least this many days. */
  inactiveMinDays: number;
  /** Failed checks of one lab without a pass that count as repeated failures. */
  failuresAtRisk: number;
}

export type RiskReason =
  | { code: 'inactive'; days: number; usualGapDays: number }
  | { code: 'repeated_failures'; labId: string; failures: number }
  | { code: 'hints_exhausted'; labId: string; hints: number }
  | { code: 'behind_goal'; goalDays: number; activeDays: number };

export interface ClassDashboard {
  generatedAt: string;
  rules: DashboardRules;
  members: number;
  weeklyActive: { week: string; learners: number }[];
  /** Per enrolment week: how many joined, and the share active in their week 0, 1, 2, ... */
  retention: { cohort: string; size: number; active: number[] }[];
  funnel: { lessonId: string; title: string; launched: number; completed: number }[];
  labs: { labId: string; title: string; learners: number; passed: number; attemptsToPass: { median: number; p90: number } | null; tests: { test: string; failedAttempts: number; learners: number; attemptsToPass: { median: number; p90: number } | null }[] }[];
  stuck: { userId: string; name: string; labId: string; test: string; failures: number; since: string; lastAt: string; output: string }[];
  atRisk: { userId: string; name: string; lastActive: string | null; reasons: RiskReason[] }[];
}

/** GET /classes/:id/dashboard. */
export type ClassDashboardView = ClassDashboard & { class: { id: string; name: string; inviteCode: string } };

export interface ClassSummary {
  id: string;
  name: string;
  /** Only for the class's instructor and admins. */
  inviteCode?: string;
  instructor: string;
  members: number;
  createdAt: string;
  /** For a learner: when they joined. */
  joinedAt?: string;
}

/** GET /me/learning. */
export interface LearnerSummary {
  goalDays: number | null;
  /** Days with activity in the current week (Monday to Sunday, UTC). */
  activeDaysThisWeek: number;
  /** Active days in the current streak; one missed day in between is forgiven, two end it. */
  streakDays: number;
  /** Yesterday was missed and today has no activity yet: today keeps the streak alive. */
  freezeUsed: boolean;
  /** The last lesson opened and not completed. */
  continueLesson: string | null;
  /** The next lesson to take: a failed lab first, else the first lesson (in course order) whose prerequisites are done. */
  next: { lessonId: string; reason: 'failed_lab' | 'prerequisites_done' } | null;
  /** Spaced review: a lab passed long ago, to check again from memory. */
  review: { lessonId: string; daysSince: number } | null;
}
