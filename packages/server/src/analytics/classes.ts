/**
 * Classes: an instructor creates one and shares its invite code; learners
 * join whenever they like (rolling enrolment). Who may see what is decided
 * here, once: an instructor sees the classes they run, an admin every class,
 * a learner only the classes they belong to and never another learner.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { AppError } from '@gopherlab/errors';
import type { User } from '../auth/service.js';
import type { Db } from '../db/index.js';
import type { ClassSummary } from './contract.js';

/** No 0/O, 1/I/L: codes are read aloud and typed from slides. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export function newInviteCode(): string {
  const pick = () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${Array.from({ length: 4 }, pick).join('')}-${Array.from({ length: 4 }, pick).join('')}`;
}

/** Invite codes as typed: case and separators do not matter. */
export function normalizeInviteCode(raw: string): string {
  const plain = raw.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return plain.length === 8 ? `${plain.slice(0, 4)}-${plain.slice(4)}` : plain;
}

export const isStaff = (u: Pick<User, 'role'>) => u.role === 'instructor' || u.role === 'admin';

/** The learners in the classes `instructorId` runs, as a subquery (the one membership rule for instructors). */
export function taughtBy(db: Db, instructorId: string) {
  return db.kysely.selectFrom('class_members as m').innerJoin('classes as c', 'c.id', 'm.class_id').select('m.user_id').where('c.instructor_id', '=', instructorId);
}

export class ClassService {
  constructor(private readonly db: Db) {}

  async create(instructor: User, name: string, now = new Date()): Promise<ClassSummary> {
    if (!isStaff(instructor)) throw new AppError('forbidden', 'Only instructors create classes.');
    const row = { id: randomUUID(), name, instructor_id: instructor.id, invite_code: newInviteCode(), created_at: now.toISOString() };
    await this.db.kysely.insertInto('classes').values(row).execute();
    return { id: row.id, name, inviteCode: row.invite_code, instructor: instructor.displayName || instructor.email, members: 0, createdAt: row.created_at };
  }

  /** The classes a user runs (staff) or has joined (everyone). */
  async listFor(user: User): Promise<{ teaching: ClassSummary[]; joined: ClassSummary[] }> {
    const k = this.db.kysely;
    const base = k
      .selectFrom('classes as c')
      .innerJoin('users as i', 'i.id', 'c.instructor_id')
      .select(['c.id', 'c.name', 'c.invite_code', 'c.created_at', 'i.display_name', 'i.email'])
      .select((eb) => eb.selectFrom('class_members as m').select((e) => e.fn.countAll<number>().as('n')).whereRef('m.class_id', '=', 'c.id').as('members'));
    const teachingRows = isStaff(user) ? await (user.role === 'admin' ? base : base.where('c.instructor_id', '=', user.id)).orderBy('c.created_at').execute() : [];
    const joinedRows = await base.innerJoin('class_members as me', 'me.class_id', 'c.id').select('me.joined_at').where('me.user_id', '=', user.id).orderBy('me.joined_at').execute();
    const summary = (r: (typeof teachingRows)[number], staff: boolean): ClassSummary => ({
      id: r.id,
      name: r.name,
      ...(staff ? { inviteCode: r.invite_code } : {}),
      instructor: r.display_name || r.email,
      members: Number(r.members ?? 0),
      createdAt: r.created_at,
    });
    return { teaching: teachingRows.map((r) => summary(r, true)), joined: joinedRows.map((r) => ({ ...summary(r, false), joinedAt: r.joined_at })) };
  }

  async join(user: User, code: string, now = new Date()): Promise<ClassSummary> {
    const k = this.db.kysely;
    const c = await k.selectFrom('classes').selectAll().where('invite_code', '=', normalizeInviteCode(code)).executeTakeFirst();
    if (!c) throw new AppError('invite_code_unknown');
    // Joining twice (or from two tabs at once) keeps the first join date: a learner's start does not move.
    await k
      .insertInto('class_members')
      .values({ class_id: c.id, user_id: user.id, joined_at: now.toISOString() })
      .onConflict((oc) => oc.columns(['class_id', 'user_id']).doNothing())
      .execute();
    const mine = (await this.listFor(user)).joined.find((x) => x.id === c.id);
    return mine!;
  }

  async leave(user: User, classId: string): Promise<void> {
    await this.db.kysely.deleteFrom('class_members').where('class_id', '=', classId).where('user_id', '=', user.id).execute();
  }

  /** The class if `user` may see its dashboard (its instructor, or an admin); class_not_found otherwise, so ids do not leak. */
  async forStaff(user: User, classId: string): Promise<{ id: string; name: string; inviteCode: string }> {
    if (!isStaff(user)) throw new AppError('forbidden', 'Class dashboards are for instructors.');
    const c = await this.db.kysely.selectFrom('classes').select(['id', 'name', 'invite_code', 'instructor_id']).where('id', '=', classId).executeTakeFirst();
    if (!c || (user.role !== 'admin' && c.instructor_id !== user.id)) throw new AppError('class_not_found');
    return { id: c.id, name: c.name, inviteCode: c.invite_code };
  }

  /** May `staff` read `learnerId`'s learning events? Admins always; instructors for learners in their classes. */
  async canSeeLearner(staff: User, learnerId: string): Promise<boolean> {
    if (staff.role === 'admin') return true;
    if (staff.role !== 'instructor') return false;
    return (await taughtBy(this.db, staff.id).where('m.user_id', '=', learnerId).executeTakeFirst()) !== undefined;
  }

  async setGoal(user: User, daysPerWeek: number, now = new Date()): Promise<void> {
    const row = { user_id: user.id, days_per_week: daysPerWeek, updated_at: now.toISOString() };
    await this.db.kysely
      .insertInto('learner_goals')
      .values(row)
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ days_per_week: daysPerWeek, updated_at: row.updated_at }))
      .execute();
  }

  async goal(userId: string): Promise<number | null> {
    const row = await this.db.kysely.selectFrom('learner_goals').select('days_per_week').where('user_id', '=', userId).executeTakeFirst();
    return row?.days_per_week ?? null;
  }
}
