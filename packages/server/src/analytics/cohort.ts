/**
 * A synthetic cohort of learners, simulated without a database: who joins
 * when, which days each one is active, and the learning events of each day
 * in course order (lessons launched and completed, lab checks failed and
 * passed with the hidden tests that failed, solutions viewed). seed.ts
 * writes it; tests and the benchmark read the plan to know who is who.
 *
 * Everything follows from one number through mulberry32 (a 32-bit PRNG
 * small enough to keep here; crypto randomness would make runs differ), and
 * each learner draws from a generator seeded by (seed, learner index), so a
 * learner's history does not change when another learner's does. Ids are
 * name-based UUIDs (version 5) of the seed and the row's place: a 32-bit
 * generator has too few states for a million unique 128-bit ids.
 *
 * The event count is a budget, not an outcome: learners share `events` in
 * proportion to their active days and their intensity, and each learner's
 * script is cut at exactly its budget, so the total is what was asked for.
 */
import { createHash } from 'node:crypto';
import { EXT, isoDuration, type StatementInput } from './xapi.js';
import { mulberry32 } from '@gopherlab/profiling';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** How far back the simulated history reaches: the twelve weeks the dashboard shows. */
export const HISTORY_DAYS = 84;
/** A day's session fits in this span, so sessions on consecutive days never overlap. */
const MAX_SESSION = 4 * HOUR;

export type Archetype = 'steady' | 'dropout' | 'returner' | 'stuck';

/**
 * Shares of the archetypes. Assumptions, not measurements: most learners
 * keep a pace, a large minority stop after a few weeks, some pause for two
 * weeks or more and come back, and a few are stuck on a lab right now.
 */
const ARCHETYPE_SHARES: readonly [Archetype, number][] = [
  ['steady', 0.5],
  ['dropout', 0.3],
  ['returner', 0.15],
  ['stuck', 0.05],
];

export interface SeedLesson {
  id: string;
  hasLab: boolean;
  /** How many hints the lab has (0 without a lab). */
  hints: number;
}

export interface CohortSpec {
  learners: number;
  events: number;
  classes: number;
  seed: number;
  now: number;
  lessons: readonly SeedLesson[];
}

export interface LearnerPlan {
  index: number;
  id: string;
  email: string;
  name: string;
  archetype: Archetype;
  classIndex: number;
  joinedAt: number;
  /** Active days per week the learner aims at when nothing stops them. */
  pace: number;
  /** The weekly goal they chose (about half do), set once their budget says how often they really come. */
  goalDays: number | null;
  /** 0..1: how quickly their failing hidden tests get fixed. */
  skill: number;
  /** Hints revealed per failed check. */
  hintRate: number;
  /** Where in a day the learner's sessions usually start. */
  sessionOffset: number;
  /**
   * Days with a session, as slots counted back from now (slot k is the 24
   * hours ending k days before now), oldest first.
   */
  slots: number[];
  /** Slots that keep their session when the budget is smaller than the slots: the join day, the ends of a returner's phases, a stuck learner's last day. */
  anchors: number[];
  /** How many events a day of this learner holds, relative to the others (log-normal around 1). */
  intensity: number;
  /** Failed checks of one hidden test at the end of a stuck learner's history (0 for the others). */
  stuckFailures: number;
  /** Statements this learner produces. */
  budget: number;
}

export interface Cohort {
  spec: CohortSpec;
  plans: LearnerPlan[];
  classes: { index: number; id: string; name: string; instructorId: string; instructorEmail: string; createdAt: number }[];
}

/** One simulated event: what a statement will say, and when it happened. */
export interface SimEvent {
  input: StatementInput;
  at: number;
}

// ---------------------------------------------------------------- randomness

/** Mixes numbers into one 32-bit seed (murmur3's finaliser), so nearby inputs give unrelated streams. */
function mix(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

export class Rand {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  /** Standard normal (Box-Muller). */
  normal(): number {
    return Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next());
  }
}

/** The namespace of gopherlab's seeded ids (a random UUID, fixed once). */
const SEED_NAMESPACE = Buffer.from('5c0e3f7a94d24b1e8a6f2d3c1b0e9f8a', 'hex');

/** RFC 9562 name-based UUID (version 5, SHA-1) of `name` in the seed namespace: the same name, the same id. */
export function seededUuid(name: string): string {
  const h = createHash('sha1').update(SEED_NAMESPACE).update(name).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Streams a learner draws from: its plan, its script and times, and its goal. */
const STREAM = { plan: 1, script: 2, classes: 4, goals: 5 } as const;
const learnerRand = (seed: number, stream: number, index: number) => new Rand(mix(seed, stream, index));

// -------------------------------------------------------------------- people

const FIRST = ['Ada', 'Bao', 'Chiara', 'Dmitri', 'Efua', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kemi', 'Lars', 'Mei', 'Nadia', 'Omar', 'Priya', 'Quentin', 'Rosa', 'Sanjay', 'Tomasz', 'Uma', 'Viktor', 'Wen', 'Yusuf'];
const LAST = ['Okafor', 'Nguyen', 'Rossi', 'Volkov', 'Mensah', 'Haddad', 'Hopper', 'Tanaka', 'Silva', 'Berg', 'Adeyemi', 'Lund', 'Chen', 'Karimi', 'Farouk', 'Iyer', 'Dubois', 'Lopez', 'Rao', 'Nowak', 'Patel', 'Ivanov', 'Li', 'Demir'];
const CLASS_TOPICS = ['Go internals', 'Concurrency in practice', 'Performance engineering', 'Go for backend teams', 'Systems programming in Go', 'Advanced Go'];

export const SEED_EMAIL_DOMAIN = 'seed.gopherlab.test';
export const learnerEmail = (index: number) => `learner${index + 1}@${SEED_EMAIL_DOMAIN}`;
export const instructorEmail = (index: number) => `instructor${index + 1}@${SEED_EMAIL_DOMAIN}`;

// ---------------------------------------------------------------- the plan

export function planCohort(spec: CohortSpec): Cohort {
  const classRand = new Rand(mix(spec.seed, STREAM.classes));
  const classes = Array.from({ length: spec.classes }, (_, index) => ({
    index,
    id: seededUuid(`${spec.seed}/class/${index}`),
    name: `${CLASS_TOPICS[index % CLASS_TOPICS.length]}, section ${Math.floor(index / CLASS_TOPICS.length) + 1}`,
    instructorId: seededUuid(`${spec.seed}/instructor/${index}`),
    instructorEmail: instructorEmail(index),
    createdAt: spec.now - (HISTORY_DAYS + classRand.int(1, 10)) * DAY,
  }));
  // Class sizes vary (log-normal weights): a few large lecture classes next to small seminars.
  const classWeights = classes.map(() => Math.exp(0.6 * classRand.normal()));
  const plans = Array.from({ length: spec.learners }, (_, i) => planLearner(spec, i, classWeights));
  allocateBudgets(spec, plans);
  for (const p of plans) p.goalDays = chooseGoal(spec, p);
  return { spec, plans, classes };
}

function pickWeighted(r: Rand, weights: readonly number[]): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let x = r.float() * total;
  for (let i = 0; i < weights.length; i++) {
    x -= weights[i]!;
    if (x < 0) return i;
  }
  return weights.length - 1;
}

function planLearner(spec: CohortSpec, index: number, classWeights: readonly number[]): LearnerPlan {
  const r = learnerRand(spec.seed, STREAM.plan, index);
  const archetype = ARCHETYPE_SHARES[pickWeighted(r, ARCHETYPE_SHARES.map(([, share]) => share))]![0];
  // Rolling enrolment: anyone may join on any day of the history; a returner needs room for a gap.
  const joinSlot = archetype === 'returner' ? r.int(28, HISTORY_DAYS - 1) : r.int(0, HISTORY_DAYS - 1);
  const pace = Math.max(1, Math.min(6, Math.round(2.5 + 1.3 * r.normal())));
  const sessionOffset = r.int(1 * 60, 18 * 60) * MINUTE;
  const { slots, stuckSlot } = activeSlots(r, spec.now, archetype, joinSlot, pace);
  return {
    index,
    id: seededUuid(`${spec.seed}/learner/${index}`),
    email: learnerEmail(index),
    name: `${r.pick(FIRST)} ${r.pick(LAST)}`,
    archetype,
    classIndex: pickWeighted(r, classWeights),
    // Minutes before the first session of the join day.
    joinedAt: slotStart(spec.now, joinSlot) + sessionOffset - r.int(5, 40) * MINUTE,
    pace,
    goalDays: null,
    skill: r.float(),
    hintRate: r.float() * 0.8,
    sessionOffset,
    slots: slots.map((s) => s.slot),
    anchors: slots.filter((s) => s.anchor).map((s) => s.slot),
    intensity: Math.exp(0.4 * r.normal()),
    stuckFailures: stuckSlot === null ? 0 : r.int(3, 6),
    budget: 0,
  };
}

const slotStart = (now: number, slot: number) => now - (slot + 1) * DAY;

/** Fewer sessions at weekends. */
function weekdayFactor(now: number, slot: number): number {
  const day = new Date(slotStart(now, slot) + DAY / 2).getUTCDay();
  return day === 0 || day === 6 ? 0.75 : 1.1;
}

/**
 * The slots with a session. A phase is a run of days in which the learner
 * comes with probability pace/7; anchors (the join day, the ends of a
 * returner's phases, a stuck learner's last day) always have a session.
 */
function activeSlots(r: Rand, now: number, archetype: Archetype, join: number, pace: number): { slots: { slot: number; anchor: boolean }[]; stuckSlot: number | null } {
  const phases: { from: number; to: number; decay: boolean }[] = [];
  let stuckSlot: number | null = null;
  if (archetype === 'steady') phases.push({ from: join, to: 0, decay: false });
  else if (archetype === 'dropout') phases.push({ from: join, to: Math.max(0, join - r.int(7, 35) + 1), decay: true });
  else if (archetype === 'returner') {
    const first = r.int(7, Math.min(21, join - 14));
    const gap = r.int(14, Math.min(28, join - first));
    phases.push({ from: join, to: join - first + 1, decay: false }, { from: join - first - gap, to: 0, decay: false });
  } else {
    stuckSlot = join === 0 || r.chance(0.6) ? 0 : 1;
    phases.push({ from: join, to: stuckSlot, decay: false });
  }
  const out: { slot: number; anchor: boolean }[] = [];
  for (const [n, phase] of phases.entries()) {
    const length = phase.from - phase.to + 1;
    for (let slot = phase.from; slot >= phase.to; slot--) {
      // A phase's first day, a returner's last day before the gap, a stuck learner's last day.
      const anchor = slot === phase.from || (archetype === 'returner' && n === 0 && slot === phase.to) || slot === stuckSlot;
      // Drop-outs fade: their chance of coming halves over their weeks.
      const fade = phase.decay ? 1 - (0.5 * (phase.from - slot)) / length : 1;
      if (anchor || r.chance(Math.min(0.95, (pace / 7) * weekdayFactor(now, slot) * fade))) out.push({ slot, anchor });
    }
  }
  return { slots: out, stuckSlot };
}

/** Budget that a learner's history cannot do without: one event per anchor day, and a stuck learner's failures. */
function minimumBudget(p: LearnerPlan): number {
  return p.anchors.length + (p.stuckFailures ? p.stuckFailures + 1 : 0);
}

export function minimumEvents(plans: readonly LearnerPlan[]): number {
  return plans.reduce((sum, p) => sum + minimumBudget(p), 0);
}

/** `amount` split in proportion to `weights`, rounded on the running total so the parts add up to exactly `amount`. */
function shareOut(amount: number, weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  let running = 0;
  let given = 0;
  return weights.map((w, i) => {
    running += w;
    const upTo = i === weights.length - 1 ? amount : Math.floor((amount * running) / total);
    const part = upTo - given;
    given = upTo;
    return part;
  });
}

/** Shares `events` among learners: each gets its minimum, the rest goes by active days times intensity. */
function allocateBudgets(spec: CohortSpec, plans: LearnerPlan[]): void {
  const spare = spec.events - minimumEvents(plans);
  if (spare < 0) return; // seed.ts refuses such a spec with the minimum in the message
  const extra = shareOut(spare, plans.map((p) => p.slots.length * p.intensity));
  for (const [i, p] of plans.entries()) p.budget = minimumBudget(p) + extra[i]!;
}

/**
 * About half the learners set a weekly goal: near the days per week they
 * really come (a small budget leaves fewer days than their pace), a little
 * ambitious, so some meet it and some fall behind.
 */
function chooseGoal(spec: CohortSpec, p: LearnerPlan): number | null {
  const r = learnerRand(spec.seed, STREAM.goals, p.index);
  if (!r.chance(0.5)) return null;
  const days = Math.min(p.slots.length, p.budget - (p.stuckFailures ? p.stuckFailures + 1 : 0));
  const weeks = Math.max(1, (p.slots[0]! - p.slots.at(-1)! + 1) / 7);
  return Math.max(1, Math.min(7, Math.round(days / weeks + 0.2 + 0.8 * r.normal())));
}

// ------------------------------------------------------------------ the labs

const TEST_POOL = ['TestEdgeCases', 'TestEmptyInput', 'TestConcurrentUse', 'TestLargeInput', 'TestNilValues', 'TestOrdering', 'TestBoundaries', 'TestUnicode', 'TestCancellation', 'TestNoGoroutineLeak', 'TestZeroValue', 'TestErrorWrapping'];

interface LabFacts {
  id: string;
  hints: number;
  /** Hardest first: the first is what stuck learners fail. */
  tests: { name: string; difficulty: number; line: number; want: number }[];
  file: string;
}

/**
 * Hidden tests of a lab, derived from its id (not the seed): the same lab
 * fails the same tests, at the same line, in every seeded database.
 */
function labFacts(lesson: SeedLesson): LabFacts {
  const r = new Rand(hashString(lesson.id));
  const names = [...TEST_POOL];
  const tests = Array.from({ length: r.int(3, 4) }, (_, i) => {
    const name = names.splice(r.int(0, names.length - 1), 1)[0]!;
    return { name, difficulty: 0.75 / (i + 1), line: r.int(18, 140), want: r.int(2, 64) };
  });
  return { id: lesson.id, hints: lesson.hints, tests, file: `${lesson.id.split('-').at(-1) ?? 'lab'}_test.go` };
}

// ---------------------------------------------------------------- the script

/** A statement to be, before it is given its learner. */
type ScriptEvent = Omit<StatementInput, 'userId'>;

/** What the script knows while it runs: where the learner is, and the lab they are failing. */
interface ScriptState {
  position: number;
  launched: Set<string>;
  passed: Set<string>;
  openLab: { lab: LabFacts; failures: number } | null;
}

function check(lab: LabFacts, failing: LabFacts['tests'], hintsUsed: number, r: Rand): ScriptEvent {
  const passed = failing.length === 0;
  const messages = Object.fromEntries(failing.map((t) => [t.name, `${lab.file}:${t.line}: got ${Math.max(0, t.want - r.int(1, 3))}, want ${t.want}`]));
  return {
    verb: passed ? 'passed' : 'failed',
    kind: 'lab',
    activity: lab.id,
    result: {
      success: passed,
      completion: passed,
      duration: isoDuration(r.int(1500, 9000)),
      extensions: {
        [EXT.checks]: [{ kind: 'test', name: 'hidden tests', passed }, { kind: 'vet', name: 'go vet', passed: true }],
        [EXT.failedTests]: failing.map((t) => t.name),
        [EXT.failureMessages]: messages,
        [EXT.hintsUsed]: hintsUsed,
      },
    },
  };
}

const hintsAfter = (lab: LabFacts, failures: number, hintRate: number) => Math.min(lab.hints, Math.floor(failures * hintRate));

/**
 * A lab as the learner works through it: each hidden test they get wrong
 * keeps failing for a few checks (more for hard tests and weak learners),
 * then the check passes and some open the reference solution.
 */
function* labAttempts(lab: LabFacts, plan: LearnerPlan, r: Rand, state: ScriptState): Generator<ScriptEvent> {
  const fixedAfter = lab.tests.map((t) => {
    if (!r.chance(t.difficulty * (1.2 - plan.skill))) return 0;
    let n = 1;
    while (r.chance(0.55 - 0.3 * plan.skill)) n++;
    return n;
  });
  const open = { lab, failures: 0 };
  state.openLab = open;
  for (let attempt = 1; attempt <= Math.max(0, ...fixedAfter); attempt++) {
    const failing = lab.tests.filter((_, i) => fixedAfter[i]! >= attempt);
    open.failures++;
    yield check(lab, failing, hintsAfter(lab, open.failures, plan.hintRate), r);
  }
  state.openLab = null;
  state.passed.add(lab.id);
  yield check(lab, [], hintsAfter(lab, open.failures, plan.hintRate), r);
  yield { verb: 'completed', kind: 'lesson', activity: lab.id }; // as the server records a pass
  if (r.chance(0.4)) yield { verb: 'experienced', kind: 'solution', activity: lab.id };
}

/**
 * The course in order (a lab lesson is completed by passing its lab, which
 * the server records as "passed" then "completed"), then, for whoever finishes it, revisits:
 * solutions read again and labs checked again.
 */
function* courseScript(lessons: readonly SeedLesson[], labs: Map<string, LabFacts>, plan: LearnerPlan, r: Rand, state: ScriptState): Generator<ScriptEvent> {
  for (const [position, lesson] of lessons.entries()) {
    state.position = position;
    state.launched.add(lesson.id);
    yield { verb: 'launched', kind: 'lesson', activity: lesson.id };
    const lab = labs.get(lesson.id);
    if (lab) yield* labAttempts(lab, plan, r, state);
    else yield { verb: 'completed', kind: 'lesson', activity: lesson.id };
  }
  state.position = lessons.length;
  const done = [...labs.values()];
  for (;;) {
    const lab = r.pick(done);
    if (r.chance(0.5)) yield { verb: 'experienced', kind: 'solution', activity: lab.id };
    else {
      yield check(lab, [], lab.hints, r);
      yield { verb: 'completed', kind: 'lesson', activity: lab.id };
    }
  }
}

/**
 * A stuck learner's last session: `count` events of failing one lab on its
 * hardest hidden test (launching the lab first if they had not reached one).
 */
function stuckTail(lessons: readonly SeedLesson[], labs: Map<string, LabFacts>, plan: LearnerPlan, r: Rand, state: ScriptState, count: number): ScriptEvent[] {
  const out: ScriptEvent[] = [];
  let open = state.openLab;
  if (!open) {
    // The next lab in course order; one who passed them all fails a lab again (a faster variant, say).
    const next = lessons.slice(state.position).find((l) => labs.has(l.id) && !state.passed.has(l.id));
    const lab = labs.get(next?.id ?? r.pick([...labs.keys()]))!;
    if (!state.launched.has(lab.id)) out.push({ verb: 'launched', kind: 'lesson', activity: lab.id });
    open = { lab, failures: 0 };
  }
  const [hard, ...others] = open.lab.tests;
  while (out.length < count) {
    open.failures++;
    const failing = [hard!, ...others.filter(() => r.chance(0.2))];
    out.push(check(open.lab, failing, hintsAfter(open.lab, open.failures, plan.hintRate), r));
  }
  return out;
}

/** The learner's `budget` events in order, without times. */
function script(spec: CohortSpec, labs: Map<string, LabFacts>, plan: LearnerPlan, r: Rand): StatementInput[] {
  const state: ScriptState = { position: 0, launched: new Set(), passed: new Set(), openLab: null };
  const tail = plan.stuckFailures ? plan.stuckFailures + 1 : 0;
  const out: ScriptEvent[] = [];
  const steps = courseScript(spec.lessons, labs, plan, r, state);
  while (out.length < plan.budget - tail) out.push(steps.next().value as ScriptEvent);
  if (tail) out.push(...stuckTail(spec.lessons, labs, plan, r, state, tail));
  return out.map((e) => ({ ...e, userId: plan.id }));
}

// ----------------------------------------------------------------- the times

/**
 * How many events fall on each session day: one each, the rest spread with
 * random weights; a stuck learner's failures all on their last day. When
 * the budget is smaller than the days, anchors are kept and other days drawn.
 */
function eventsPerSlot(plan: LearnerPlan, r: Rand): { slot: number; events: number }[] {
  const tail = plan.stuckFailures ? plan.stuckFailures + 1 : 0;
  const normal = plan.budget - tail;
  const anchors = new Set(plan.anchors);
  let slots = plan.slots;
  if (normal < slots.length) {
    const others = slots.filter((s) => !anchors.has(s));
    for (let i = others.length - 1; i > 0; i--) {
      const j = r.int(0, i);
      [others[i], others[j]] = [others[j]!, others[i]!];
    }
    const keep = new Set([...anchors, ...others.slice(0, Math.max(0, normal - anchors.size))]);
    slots = slots.filter((s) => keep.has(s));
  }
  const extra = shareOut(normal - slots.length, slots.map(() => 0.2 + r.float()));
  const out = slots.map((slot, i) => ({ slot, events: 1 + extra[i]! }));
  if (tail) out.at(-1)!.events += tail;
  return out;
}

/** Times of one session's events: a few minutes apart, starting near the learner's usual hour, inside its day. */
function sessionTimes(now: number, plan: LearnerPlan, slot: number, events: number, r: Rand): number[] {
  const gaps = Array.from({ length: events }, () => r.int(1, 9) * MINUTE + r.int(0, 59_999));
  const span = gaps.reduce((a, b) => a + b, 0);
  const squeeze = span > MAX_SESSION ? MAX_SESSION / span : 1;
  const dayStart = slotStart(now, slot);
  const earliest = dayStart + 20 * MINUTE;
  const latest = dayStart + DAY - 20 * MINUTE - span * squeeze;
  // The join day's session starts at the learner's hour exactly, so joinedAt (just before it) precedes every event.
  const jitter = slot === plan.slots[0] ? 0 : r.int(-45, 45) * MINUTE;
  const start = Math.min(latest, Math.max(earliest, dayStart + plan.sessionOffset + jitter));
  let t = start;
  return gaps.map((g) => (t += Math.max(1000, Math.round(g * squeeze))));
}

/** Every event of one learner, oldest first, all before `now`. */
export function learnerEvents(cohort: Cohort, plan: LearnerPlan, labs: Map<string, LabFacts> = cohortLabs(cohort.spec)): SimEvent[] {
  const r = learnerRand(cohort.spec.seed, STREAM.script, plan.index);
  const inputs = script(cohort.spec, labs, plan, r);
  const times = eventsPerSlot(plan, r).flatMap(({ slot, events }) => sessionTimes(cohort.spec.now, plan, slot, events, r));
  return inputs.map((input, i) => ({ input, at: times[i]! }));
}

export function cohortLabs(spec: CohortSpec): Map<string, LabFacts> {
  return new Map(spec.lessons.filter((l) => l.hasLab).map((l) => [l.id, labFacts(l)]));
}

/** A statement id for each event of a learner, in order, repeatable from the seed. */
export function statementIds(cohort: Cohort, plan: LearnerPlan): () => string {
  let n = 0;
  return () => seededUuid(`${cohort.spec.seed}/learner/${plan.index}/statement/${n++}`);
}
