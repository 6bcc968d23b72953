/** Migrations and constraints on both dialects (PostgreSQL when scripts/test.sh provides DATABASE_URL_TEST). */
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDb } from './database.js';
import { tempDir, uniqueName } from '../testing/harness.js';

const pgUrl = process.env.DATABASE_URL_TEST;
const targets: { name: string; open: () => Promise<Parameters<typeof openDb>[0]> }[] = [
  { name: 'sqlite', open: async () => ({ dataDir: await tempDir() }) },
];
if (pgUrl) {
  const schema = uniqueName('dbtest');
  targets.push({ name: 'postgres', open: async () => ({ dataDir: await tempDir(), databaseUrl: pgUrl, pgSchema: schema }) });
}

describe.each(targets)('database on $name', ({ name, open }) => {
  it('migrates a fresh database, and re-opening is a no-op that keeps the data', async () => {
    const options = await open();
    const db = await openDb(options);
    expect(db.kind).toBe(name);
    await db.kysely.insertInto('users').values({ id: 'u1', email: 'a@example.com', password_hash: 'h', display_name: 'A', role: 'learner', created_at: new Date().toISOString() }).execute();
    await db.close();
    const again = await openDb(options);
    try {
      const users = await again.kysely.selectFrom('users').select('email').execute();
      expect(users).toEqual([{ email: 'a@example.com' }]);
      const migrations = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(again.kysely);
      expect(migrations.rows.map((r) => r.name)).toEqual(['0001_initial', '0002_run_profiles', '0003_api_tokens', '0004_share_options', '0005_lab_drafts', '0006_check_hints', '0007_xapi_statements', '0008_classes', '0009_analytics_indexes']);
      for (const table of ['users', 'sessions', 'runs', 'lab_checks', 'shares', 'progress', 'run_profiles'] as const) {
        await expect(again.kysely.selectFrom(table).selectAll().limit(1).execute()).resolves.toBeDefined();
      }
    } finally {
      await again.close();
    }
  });

  it('enforces unique emails, cascading sessions and the progress key', async () => {
    const db = await openDb(await open());
    try {
      const now = new Date().toISOString();
      await db.kysely.insertInto('users').values({ id: 'u2', email: 'b@example.com', password_hash: 'h', display_name: 'B', role: 'learner', created_at: now }).execute();
      await expect(
        db.kysely.insertInto('users').values({ id: 'u3', email: 'b@example.com', password_hash: 'h', display_name: 'B', role: 'learner', created_at: now }).execute(),
      ).rejects.toThrow();
      await db.kysely.insertInto('sessions').values({ id: 's', user_id: 'u2', csrf_token: 't', created_at: now, expires_at: now }).execute();
      await db.kysely.insertInto('progress').values({ user_id: 'u2', lesson_id: 'l', status: 'started', updated_at: now }).execute();
      await expect(db.kysely.insertInto('progress').values({ user_id: 'u2', lesson_id: 'l', status: 'completed', updated_at: now }).execute()).rejects.toThrow();
      await db.kysely.deleteFrom('users').where('id', '=', 'u2').execute();
      expect(await db.kysely.selectFrom('sessions').selectAll().execute()).toEqual([]);
      expect(await db.kysely.selectFrom('progress').selectAll().execute()).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
