/**
 * Content-addressed shares: the id is derived from the files and action, so
 * sharing the same code twice gives the same link and storing it is idempotent.
 */
import { createHash } from 'node:crypto';
import { AppError } from '@gopherlab/errors';
import type { SourceFile } from '@gopherlab/runner';
import type { Db } from '../db/index.js';

export interface Share {
  id: string;
  files: SourceFile[];
  action: string | null;
  createdAt: string;
}

/** 16 base64url characters = 96 bits of sha256: collisions are not a practical concern and links stay short. */
export function shareId(files: readonly SourceFile[], action: string | null): string {
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((f) => [f.name, f.content]);
  return createHash('sha256').update(JSON.stringify({ files: sorted, action })).digest('base64url').slice(0, 16);
}

export class ShareService {
  constructor(private readonly db: Db) {}

  async create(files: SourceFile[], action: string | null): Promise<{ id: string }> {
    const id = shareId(files, action);
    await this.db.kysely
      .insertInto('shares')
      .values({ id, files: JSON.stringify(files), action, created_at: new Date().toISOString() })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    return { id };
  }

  async get(id: string): Promise<Share> {
    const row = await this.db.kysely.selectFrom('shares').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('share_not_found');
    return { id: row.id, files: JSON.parse(row.files) as SourceFile[], action: row.action, createdAt: row.created_at };
  }
}
