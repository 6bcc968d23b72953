/** Progress per user per lesson (a lab's id is its lesson's id). */
import type { Db, ProgressTable } from '../db/index.js';

export type ProgressStatus = ProgressTable['status'];

export interface ProgressEntry {
  lessonId: string;
  status: ProgressStatus;
  updatedAt: string;
}

export class ProgressService {
  constructor(private readonly db: Db) {}

  async list(userId: string): Promise<ProgressEntry[]> {
    const rows = await this.db.kysely.selectFrom('progress').selectAll().where('user_id', '=', userId).orderBy('lesson_id').execute();
    return rows.map((r) => ({ lessonId: r.lesson_id, status: r.status, updatedAt: r.updated_at }));
  }

  /** `completed` is sticky: reopening a finished lesson must not mark it started again. */
  async set(userId: string, lessonId: string, status: ProgressStatus): Promise<ProgressEntry> {
    const updatedAt = new Date().toISOString();
    await this.db.kysely
      .insertInto('progress')
      .values({ user_id: userId, lesson_id: lessonId, status, updated_at: updatedAt })
      .onConflict((oc) =>
        oc.columns(['user_id', 'lesson_id']).doUpdateSet((eb) => ({
          status: status === 'completed' ? 'completed' : eb.ref('progress.status'),
          updated_at: updatedAt,
        })),
      )
      .execute();
    const row = await this.db.kysely
      .selectFrom('progress')
      .selectAll()
      .where('user_id', '=', userId)
      .where('lesson_id', '=', lessonId)
      .executeTakeFirstOrThrow();
    return { lessonId: row.lesson_id, status: row.status, updatedAt: row.updated_at };
  }
}
