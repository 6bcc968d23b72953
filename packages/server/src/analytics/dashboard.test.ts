/**
 * The dashboard's rules on hand-made class histories: stuck needs K failures
 * of the same test within T hours and no pass since; at-risk reasons fire
 * relative to each learner's own pace and join date (rolling enrolment);
 * retention counts weeks from each learner's own start; the streak forgives
 * one missed day, not two.
 */
import { describe, expect, it } from 'vitest';
import { computeDashboard, DEFAULT_RULES, weekOf, type ClassActivity, type CourseFacts, type LabAttempt } from './dashboard.js';
import { streak } from './learner.js';

const NOW = new Date('2026-12-09T12:00:00Z'); // a Wednesday
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();
const daysAgo = (d: number) => hoursAgo(d * 24).slice(0, 10);
const course: CourseFacts = { lessons: [{ id: 'intro', title: 'Intro', hasLab: false, hints: 0 }, { id: 'lab1', title: 'Lab one', hasLab: true, hints: 2 }] };
const fail = (userId: string, h: number, tests: string[], hintsUsed = 0): LabAttempt => ({ userId, labId: 'lab1', passed: false, at: hoursAgo(h), failedTests: tests, messages: Object.fromEntries(tests.map((t) => [t, `${t}: got 1, want 2`])), hintsUsed });
const pass = (userId: string, h: number): LabAttempt => ({ userId, labId: 'lab1', passed: true, at: hoursAgo(h), failedTests: [], messages: {}, hintsUsed: 0 });

function activity(partial: Partial<ClassActivity>): ClassActivity {
  return { members: [], days: [], lessons: [], attempts: [], ...partial };
}
const member = (userId: string, joinedDaysAgo: number, goalDays: number | null = null) => ({ userId, name: userId, joinedAt: hoursAgo(joinedDaysAgo * 24), goalDays });

describe('stuck learners', () => {
  it('K failures of one test within T hours, no pass since', () => {
    const a = activity({
      members: [member('ada', 30), member('bob', 30), member('cy', 30), member('dee', 30)],
      attempts: [
        // Ada: three in a row on TestEdge, the last one recent.
        fail('ada', 30, ['TestEdge']), fail('ada', 20, ['TestEdge', 'TestOther']), fail('ada', 2, ['TestEdge']),
        // Bob: three failures but on different tests.
        fail('bob', 10, ['TestA']), fail('bob', 5, ['TestB']), fail('bob', 1, ['TestA']),
        // Cy: three on one test, then passed.
        fail('cy', 10, ['TestEdge']), fail('cy', 8, ['TestEdge']), fail('cy', 6, ['TestEdge']), pass('cy', 4),
        // Dee: three on one test but spread over more than T hours.
        fail('dee', 100, ['TestEdge']), fail('dee', 50, ['TestEdge']), fail('dee', 1, ['TestEdge']),
      ],
    });
    const d = computeDashboard(a, course, NOW);
    expect(d.stuck).toEqual([{ userId: 'ada', name: 'ada', labId: 'lab1', test: 'TestEdge', failures: 3, since: hoursAgo(30), lastAt: hoursAgo(2), output: 'TestEdge: got 1, want 2' }]);
    // K and T are the operator's: two failures within 30 h makes Bob's TestA... still not consecutive.
    expect(computeDashboard(a, course, NOW, { ...DEFAULT_RULES, stuckFailures: 2 }).stuck.map((s) => s.userId).sort()).toEqual(['ada']);
    expect(computeDashboard(a, course, NOW, { ...DEFAULT_RULES, stuckHours: 200 }).stuck.map((s) => s.userId).sort()).toEqual(['ada', 'dee']);
  });

  it('attempts to pass per lab, and the tests that fail most', () => {
    const d = computeDashboard(activity({ members: [member('ada', 9), member('cy', 9)], attempts: [fail('ada', 9, ['TestX']), pass('ada', 8), fail('cy', 9, ['TestX', 'TestY']), fail('cy', 8, ['TestX']), pass('cy', 7)] }), course, NOW);
    expect(d.labs).toEqual([
      {
        labId: 'lab1',
        title: 'Lab one',
        learners: 2,
        passed: 2,
        attemptsToPass: { median: 2, p90: 3 },
        tests: [
          // Ada fixed TestX on her 2nd check, Cy on his 3rd; Cy fixed TestY on his 2nd.
          { test: 'TestX', failedAttempts: 3, learners: 2, attemptsToPass: { median: 2, p90: 3 } },
          { test: 'TestY', failedAttempts: 1, learners: 1, attemptsToPass: { median: 2, p90: 2 } },
        ],
      },
    ]);
  });
});

describe('checks-to-fix and quiet streaks', () => {
  it('a compile error in between is not a fix, and a test failed in both test and race counts once', () => {
    const compileError: LabAttempt = { userId: 'ada', labId: 'lab1', passed: false, at: hoursAgo(7), failedTests: [], messages: {}, hintsUsed: 0 };
    const d = computeDashboard(activity({ members: [member('ada', 9)], attempts: [fail('ada', 9, ['TestX']), compileError, fail('ada', 5, ['TestX']), pass('ada', 4)] }), course, NOW);
    expect(d.labs[0]!.tests).toEqual([{ test: 'TestX', failedAttempts: 2, learners: 1, attemptsToPass: { median: 4, p90: 4 } }]);
  });

  it('a stuck streak that went quiet leaves "stuck right now" for the at-risk list', () => {
    const attempts = [fail('bob', 100, ['TestZ']), fail('bob', 99, ['TestZ']), fail('bob', 98, ['TestZ'])];
    const d = computeDashboard(activity({ members: [member('bob', 10)], days: [{ userId: 'bob', day: daysAgo(4), events: 3 }, { userId: 'bob', day: daysAgo(3), events: 3 }], attempts }), course, NOW);
    expect(d.stuck).toEqual([]);
    expect(d.atRisk).toEqual([expect.objectContaining({ userId: 'bob', reasons: [{ code: 'repeated_failures', labId: 'lab1', failures: 3 }] })]);
  });
});

describe('at-risk learners', () => {
  it('inactivity is judged against the learner\'s own pace', () => {
    const days = [
      // Ada comes every day, then stopped 8 days ago: at risk.
      ...[20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8].map((n) => ({ userId: 'ada', day: daysAgo(n), events: 3 })),
      // Bob comes weekly; 8 days is his usual rhythm: not at risk.
      ...[36, 29, 22, 15, 8].map((n) => ({ userId: 'bob', day: daysAgo(n), events: 5 })),
    ];
    const d = computeDashboard(activity({ members: [member('ada', 21), member('bob', 40)], days }), course, NOW);
    expect(d.atRisk).toEqual([{ userId: 'ada', name: 'ada', lastActive: daysAgo(8), reasons: [{ code: 'inactive', days: 8, usualGapDays: 1 }] }]);
  });

  it('repeated failures, hints exhausted, and a missed weekly goal name their reason', () => {
    const attempts = [1, 2, 3, 4, 5].map((h) => fail('ada', 60 - h, ['TestZ'], h >= 4 ? 2 : 0));
    const days = [{ userId: 'ada', day: daysAgo(2), events: 5 }, { userId: 'cy', day: daysAgo(8), events: 1 }, { userId: 'cy', day: daysAgo(1), events: 1 }];
    // Cy joined 10 days ago with a 3-day goal and was active on one day last week; Dee joined yesterday (no full week yet).
    const d = computeDashboard(activity({ members: [member('ada', 10), member('cy', 10, 3), member('dee', 1, 5)], days, attempts }), course, NOW);
    const reasons = Object.fromEntries(d.atRisk.map((r) => [r.userId, r.reasons]));
    expect(reasons.ada).toEqual([{ code: 'repeated_failures', labId: 'lab1', failures: 5 }, { code: 'hints_exhausted', labId: 'lab1', hints: 2 }]);
    expect(reasons.cy).toEqual([{ code: 'behind_goal', goalDays: 3, activeDays: 1 }]);
    expect(reasons.dee).toBeUndefined();
  });
});

describe('retention and weekly activity', () => {
  it('counts weeks from each learner\'s own enrolment week (rolling enrolment)', () => {
    // Two joined three weeks ago (one active in weeks 0 and 2), one joined this week and was active.
    const joinedEarly = new Date(NOW.getTime() - 21 * 86_400_000);
    const days = [
      { userId: 'ada', day: joinedEarly.toISOString().slice(0, 10), events: 1 },
      { userId: 'ada', day: daysAgo(7), events: 1 },
      { userId: 'new', day: daysAgo(0), events: 1 },
    ];
    const d = computeDashboard(activity({ members: [member('ada', 21), member('bob', 21), member('new', 0)], days }), course, NOW);
    expect(d.retention).toEqual([
      { cohort: weekOf(joinedEarly.getTime()), size: 2, active: [0.5, 0, 0.5, 0] },
      { cohort: weekOf(NOW.getTime()), size: 1, active: [1] },
    ]);
    expect(d.weeklyActive).toHaveLength(12);
    expect(d.weeklyActive.at(-1)).toEqual({ week: '2026-12-07', learners: 1 });
    expect(d.weeklyActive.at(-2)).toEqual({ week: '2026-11-30', learners: 1 });
  });

  it('the funnel follows course order', () => {
    const d = computeDashboard(activity({ lessons: [{ lessonId: 'lab1', verb: 'launched', learners: 3 }, { lessonId: 'intro', verb: 'launched', learners: 5 }, { lessonId: 'intro', verb: 'completed', learners: 4 }] }), course, NOW);
    expect(d.funnel).toEqual([{ lessonId: 'intro', title: 'Intro', launched: 5, completed: 4 }, { lessonId: 'lab1', title: 'Lab one', launched: 3, completed: 0 }]);
  });
});

describe('the streak', () => {
  const today = 1000;
  it('counts consecutive active days and forgives one missed day', () => {
    expect(streak([998, 999, 1000], today)).toEqual({ streakDays: 3, freezeUsed: false });
    expect(streak([997, 998, 1000], today)).toEqual({ streakDays: 3, freezeUsed: false }); // 999 missed, forgiven
    expect(streak([996, 997], today)).toEqual({ streakDays: 0, freezeUsed: false }); // 998 and 999 missed
    expect(streak([997, 998], today)).toEqual({ streakDays: 2, freezeUsed: true }); // yesterday missed: today keeps it
    expect(streak([998, 999], today)).toEqual({ streakDays: 2, freezeUsed: false }); // today is not over
    expect(streak([990, 992, 994, 996, 998], today)).toEqual({ streakDays: 5, freezeUsed: true });
    expect(streak([], today)).toEqual({ streakDays: 0, freezeUsed: false });
  });
});
