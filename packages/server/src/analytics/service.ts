/**
 * The learning-event store: xAPI statements, appended once and never
 * updated, in the same database as everything else. Recording never fails
 * the learner's request: a statement that cannot be stored is logged.
 */
import { AppError } from '@gopherlab/errors';
import type { Db } from '../db/index.js';
import { taughtBy } from './classes.js';
import { statement, VERBS, type Statement, type StatementInput, type Verb } from './xapi.js';

export interface StatementQuery {
  userId?: string;
  /** Only learners in the classes this instructor runs. */
  instructorId?: string;
  /** Only members of this class. */
  classId?: string;
  verb?: Verb;
  since?: string;
  until?: string;
  limit: number;
  /** The `more` cursor of the previous page: stored time and id of its last statement. */
  cursor?: string;
}

export class AnalyticsService {
  constructor(
    private readonly db: Db,
    private readonly log: { warn(obj: object, msg: string): void },
  ) {}

  /** Last stamp given out: events recorded in one millisecond (a pass and the completion it causes) keep their order. */
  private lastStored = 0;

  async record(input: StatementInput): Promise<void> {
    this.lastStored = Math.max(Date.now(), this.lastStored + 1);
    const s = statement(input, new Date(this.lastStored));
    try {
      await this.db.kysely
        .insertInto('xapi_statements')
        .values({ id: s.id, user_id: input.userId, verb: input.verb, object_id: s.object.id, stored: s.stored, statement: JSON.stringify(s) })
        .execute();
    } catch (e) {
      this.log.warn({ err: e, verb: input.verb }, 'learning event not recorded');
    }
  }

  /** A page of statements, oldest first, and the cursor of the next page (xAPI's StatementResult). */
  async list(q: StatementQuery): Promise<{ statements: Statement[]; more: string | null }> {
    let query = this.db.kysely.selectFrom('xapi_statements').select(['id', 'stored', 'statement']);
    if (q.userId) query = query.where('user_id', '=', q.userId);
    if (q.classId) query = query.where('user_id', 'in', this.db.kysely.selectFrom('class_members').select('user_id').where('class_id', '=', q.classId));
    if (q.instructorId) query = query.where('user_id', 'in', taughtBy(this.db, q.instructorId));
    if (q.verb) query = query.where('verb', '=', q.verb);
    if (q.since) query = query.where('stored', '>=', q.since);
    if (q.until) query = query.where('stored', '<', q.until);
    if (q.cursor) {
      const [stored, id] = decodeCursor(q.cursor);
      query = query.where((eb) => eb.or([eb('stored', '>', stored), eb.and([eb('stored', '=', stored), eb('id', '>', id)])]));
    }
    const rows = await query.orderBy('stored').orderBy('id').limit(q.limit + 1).execute();
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return { statements: page.map((r) => JSON.parse(r.statement) as Statement), more: rows.length > q.limit && last ? encodeCursor(last.stored, last.id) : null };
  }

  /** Every statement of one learner as CSV (the learner's own download). */
  async csv(userId: string): Promise<string> {
    const rows = await this.db.kysely.selectFrom('xapi_statements').select(['statement']).where('user_id', '=', userId).orderBy('stored').orderBy('id').execute();
    const lines = ['id,timestamp,verb,object,success,duration'];
    for (const { statement: json } of rows) {
      const s = JSON.parse(json) as Statement;
      lines.push([s.id, s.timestamp, s.verb.display['en-US'], s.object.id, s.result?.success ?? '', s.result?.duration ?? ''].map(csvCell).join(','));
    }
    return `${lines.join('\n')}\n`;
  }

  async deleteFor(userId: string): Promise<number> {
    const r = await this.db.kysely.deleteFrom('xapi_statements').where('user_id', '=', userId).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}

export const VERB_NAMES = Object.keys(VERBS) as Verb[];

function csvCell(v: unknown): string {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function encodeCursor(stored: string, id: string): string {
  return Buffer.from(`${stored}|${id}`).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  const [stored, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!stored || !id) throw new AppError('invalid_request', 'The cursor is not one this server gave out.');
  return [stored, id];
}
