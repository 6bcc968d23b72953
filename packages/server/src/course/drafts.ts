/**
 * Lab drafts: the files a signed-in learner is working on, one per lab, so
 * another browser or the CLI (`gopherlab lab start`) continues the same work.
 * Last write wins; the web app saves a few seconds after typing stops.
 */
import type { SourceFile } from '@gopherlab/runner';
import type { Db } from '../db/index.js';

export interface Draft {
  files: SourceFile[];
  updatedAt: string;
}

export class DraftService {
  constructor(private readonly db: Db) {}

  async get(userId: string, labId: string): Promise<Draft | null> {
    const row = await this.db.kysely.selectFrom('lab_drafts').select(['files', 'updated_at']).where('user_id', '=', userId).where('lab_id', '=', labId).executeTakeFirst();
    return row ? { files: JSON.parse(row.files) as SourceFile[], updatedAt: row.updated_at } : null;
  }

  async save(userId: string, labId: string, files: SourceFile[]): Promise<Draft> {
    const updatedAt = new Date().toISOString();
    await this.db.kysely
      .insertInto('lab_drafts')
      .values({ user_id: userId, lab_id: labId, files: JSON.stringify(files), updated_at: updatedAt })
      .onConflict((oc) => oc.columns(['user_id', 'lab_id']).doUpdateSet({ files: JSON.stringify(files), updated_at: updatedAt }))
      .execute();
    return { files, updatedAt };
  }
}
