/**
 * Opens the database: SQLite (better-sqlite3, WAL) in the data directory by
 * default, PostgreSQL when DATABASE_URL is set. Migrations run on open, so a
 * fresh data directory or an empty Postgres database just works.
 */
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import { AppError } from '@gopherlab/errors';
import type { Database } from './schema.js';
import { migrationProvider } from './migrations.js';

export type DbKind = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  kind: DbKind;
  close(): Promise<void>;
}

export interface OpenDbOptions {
  /** postgres:// URL; when absent SQLite is used. */
  databaseUrl?: string;
  /** Directory holding gopherlab.db (SQLite). */
  dataDir: string;
  /** PostgreSQL schema to use (tests isolate themselves with a fresh schema per file). */
  pgSchema?: string;
}

export async function openDb(options: OpenDbOptions): Promise<Db> {
  let kysely: Kysely<Database>;
  let kind: DbKind;
  let migrationTableSchema: string | undefined;
  if (options.databaseUrl) {
    kind = 'postgres';
    const schema = options.pgSchema;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new AppError('invalid_config', `invalid PostgreSQL schema name ${schema}`);
    if (schema) {
      // Kysely looks for its migration tables by name across schemas unless told which one.
      migrationTableSchema = schema;
      const setup = new pg.Client({ connectionString: options.databaseUrl });
      await setup.connect();
      try {
        await setup.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      } finally {
        await setup.end();
      }
    }
    // The schema is a connection option so every pooled connection uses it from its first query.
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
    // An idle pooled connection that PostgreSQL closes (restart, failover) emits 'error' on the
    // pool; pg-pool has already dropped it and the next query connects again. Without a listener
    // Node treats the event as an uncaught exception and the whole process exits.
    pool.on('error', () => {});
    kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  } else {
    kind = 'sqlite';
    fs.mkdirSync(options.dataDir, { recursive: true });
    const sqlite = new SQLite(path.join(options.dataDir, 'gopherlab.db'));
    // WAL lets status polls read while a worker writes; NORMAL sync is durable
    // across process crashes (the guarantee we give for accepted runs).
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  }
  const migrator = new Migrator({ db: kysely, provider: migrationProvider, ...(migrationTableSchema ? { migrationTableSchema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    await kysely.destroy();
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new AppError('internal_error', `database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { kysely, kind, close: () => kysely.destroy() };
}
