/**
 * Learning events as xAPI 1.0.3 statements: who (an account on this
 * platform), did what (an ADL verb IRI), to what (a lesson, a lab, a check),
 * with what result, when. One shape for storage, the export API and the CSV,
 * and one validator that every statement we emit passes (tests run it).
 */
import { randomUUID } from 'node:crypto';

/** IRIs under which gopherlab names its activities and result extensions. */
export const XAPI_BASE = 'https://gopherlab.dev/xapi';

/** ADL's registered verbs (https://adlnet.gov/expapi/verbs/...). */
export const VERBS = {
  launched: 'http://adlnet.gov/expapi/verbs/launched',
  attempted: 'http://adlnet.gov/expapi/verbs/attempted',
  passed: 'http://adlnet.gov/expapi/verbs/passed',
  failed: 'http://adlnet.gov/expapi/verbs/failed',
  completed: 'http://adlnet.gov/expapi/verbs/completed',
  progressed: 'http://adlnet.gov/expapi/verbs/progressed',
  experienced: 'http://adlnet.gov/expapi/verbs/experienced',
  /** A hint revealed (ADL's "asked": the learner asked for help). */
  asked: 'http://adlnet.gov/expapi/verbs/asked',
  /** A study session ended (page hidden or idle); result.duration is the active time (as cmi5 uses it). */
  terminated: 'http://adlnet.gov/expapi/verbs/terminated',
} as const;
export type Verb = keyof typeof VERBS;

export const ACTIVITY_TYPES = {
  lesson: 'http://adlnet.gov/expapi/activities/lesson',
  lab: 'http://adlnet.gov/expapi/activities/assessment',
  solution: 'http://adlnet.gov/expapi/activities/media',
  /** The platform itself: what a study session is spent in. */
  platform: 'http://adlnet.gov/expapi/activities/course',
  /** A runnable code block of a lesson (`<lesson>/<block>`). */
  block: 'http://adlnet.gov/expapi/activities/interaction',
  /** A lab's hint (`<lab>/<n>`, 1-based). */
  hint: `${XAPI_BASE}/activity-types/hint`,
} as const;
export type ActivityKind = keyof typeof ACTIVITY_TYPES;

/** Result extensions (IRIs, as xAPI requires): what a lab check found. */
export const EXT = {
  checks: `${XAPI_BASE}/ext/checks`,
  failedTests: `${XAPI_BASE}/ext/failed-tests`,
  hintsUsed: `${XAPI_BASE}/ext/hints-used`,
  /** Failed test name -> its failure line (trimmed), what an instructor reads next to a stuck learner. */
  failureMessages: `${XAPI_BASE}/ext/failure-messages`,
} as const;

export interface Statement {
  id: string;
  actor: { objectType: 'Agent'; account: { homePage: string; name: string } };
  verb: { id: string; display: { 'en-US': string } };
  object: { objectType: 'Activity'; id: string; definition: { type: string; name?: { 'en-US': string } } };
  result?: { success?: boolean; completion?: boolean; duration?: string; extensions?: Record<string, unknown> };
  context?: { platform: string; extensions?: Record<string, unknown> };
  timestamp: string;
  stored: string;
  version: '1.0.3';
}

export interface StatementInput {
  userId: string;
  verb: Verb;
  kind: ActivityKind;
  /** Lesson or lab id. */
  activity: string;
  name?: string;
  result?: Statement['result'];
}

/** Milliseconds as an ISO 8601 duration (xAPI's `result.duration`): 1234 -> "PT1.23S". */
export function isoDuration(ms: number): string {
  return `PT${Math.max(0, Math.round(ms) / 1000)}S`;
}

export function statement(input: StatementInput, now = new Date()): Statement {
  const at = now.toISOString();
  const s: Statement = {
    id: randomUUID(),
    actor: { objectType: 'Agent', account: { homePage: XAPI_BASE, name: input.userId } },
    verb: { id: VERBS[input.verb], display: { 'en-US': input.verb } },
    object: { objectType: 'Activity', id: `${XAPI_BASE}/activities/${input.kind}/${encodeURIComponent(input.activity)}`, definition: { type: ACTIVITY_TYPES[input.kind], ...(input.name ? { name: { 'en-US': input.name } } : {}) } },
    context: { platform: 'gopherlab' },
    timestamp: at,
    stored: at,
    version: '1.0.3',
  };
  if (input.result) s.result = input.result;
  return s;
}

const IRI = /^[a-z][a-z0-9+.-]*:\/\/[^\s]+$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_DURATION = /^P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

/**
 * The xAPI 1.0.3 rules our statements must keep (a subset of the spec's
 * "Statement Requirements"): the problems found, empty when valid.
 */
export function validateStatement(v: unknown): string[] {
  const p: string[] = [];
  const s = v as Partial<Statement>;
  if (!s || typeof s !== 'object') return ['not an object'];
  if (typeof s.id !== 'string' || !UUID.test(s.id)) p.push('id must be a UUID');
  const account = s.actor?.account;
  if (s.actor?.objectType !== 'Agent' || !account || !IRI.test(account.homePage) || typeof account.name !== 'string' || account.name === '') p.push('actor must be an Agent with an account (homePage IRL, name)');
  if (!s.verb || !IRI.test(s.verb.id) || typeof s.verb.display?.['en-US'] !== 'string') p.push('verb must have an IRI id and a display');
  if (s.object?.objectType !== 'Activity' || !IRI.test(s.object.id) || !IRI.test(s.object.definition?.type ?? '')) p.push('object must be an Activity with IRI id and type');
  if (s.result) {
    if (s.result.duration !== undefined && !ISO_DURATION.test(s.result.duration)) p.push('result.duration must be an ISO 8601 duration');
    for (const k of Object.keys(s.result.extensions ?? {})) if (!IRI.test(k)) p.push(`result extension key ${k} must be an IRI`);
    if (s.result.success !== undefined && typeof s.result.success !== 'boolean') p.push('result.success must be a boolean');
  }
  if (typeof s.timestamp !== 'string' || !ISO_TIME.test(s.timestamp)) p.push('timestamp must be ISO 8601 with a time zone');
  if (typeof s.stored !== 'string' || !ISO_TIME.test(s.stored)) p.push('stored must be ISO 8601 with a time zone');
  if (s.version !== '1.0.3') p.push('version must be 1.0.3');
  return p;
}
