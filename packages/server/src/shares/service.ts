/**
 * Content-addressed shares: the id is derived from the files and action, so
 * sharing the same code twice gives the same link and storing it is idempotent.
 */
import { createHash } from 'node:crypto';
import { AppError } from '@gopherlab/errors';
import type { RunOptions, SourceFile } from '@gopherlab/runner';
import type { Db } from '../db/index.js';

export interface Share {
  id: string;
  files: SourceFile[];
  action: string | null;
  /** The run options it was shared with (absent: the defaults). */
  options?: RunOptions;
  createdAt: string;
}

/** 16 base64url characters = 96 bits of sha256: collisions are not a practical concern and links stay short. */
export function shareId(files: readonly SourceFile[], action: string | null, options?: RunOptions): string {
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((f) => [f.name, f.content]);
  // Without options the id is what it always was, so existing links keep working.
  const key = options && Object.keys(options).length ? { files: sorted, action, options: sortKeys(options) } : { files: sorted, action };
  return createHash('sha256').update(JSON.stringify(key)).digest('base64url').slice(0, 16);
}

function sortKeys(o: object): object {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

export class ShareService {
  constructor(private readonly db: Db) {}

  async create(files: SourceFile[], action: string | null, options?: RunOptions): Promise<{ id: string }> {
    const opts = options && Object.keys(options).length ? options : undefined;
    const id = shareId(files, action, opts);
    await this.db.kysely
      .insertInto('shares')
      .values({ id, files: JSON.stringify(files), action, options: opts ? JSON.stringify(opts) : null, created_at: new Date().toISOString() })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    return { id };
  }

  async get(id: string): Promise<Share> {
    const row = await this.db.kysely.selectFrom('shares').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('share_not_found');
    return { id: row.id, files: JSON.parse(row.files) as SourceFile[], action: row.action, ...(row.options ? { options: JSON.parse(row.options) as RunOptions } : {}), createdAt: row.created_at };
  }
}
