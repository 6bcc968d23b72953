/**
 * Schema migrations, shared verbatim by SQLite and PostgreSQL. Only types both
 * dialects understand are used (text, integer); migrations are append-only:
 * never edit one that has shipped, add the next.
 */
import type { Kysely, Migration, MigrationProvider } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not as it is typed now
type AnyDb = Kysely<any>;

const migrations: Record<string, Migration> = {
  '0001_initial': {
    async up(db: AnyDb) {
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
      await db.schema
        .createTable('runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('request', 'text', (c) => c.notNull())
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('result_status', 'text')
        .addColumn('report', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text')
        .addColumn('finished_at', 'text')
        .execute();
      await db.schema.createIndex('runs_status').on('runs').column('status').execute();
      await db.schema.createIndex('runs_request_hash').on('runs').columns(['request_hash', 'status']).execute();
      await db.schema
        .createTable('lab_checks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('lab_id', 'text', (c) => c.notNull())
        .addColumn('files', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('grade', 'text')
        .addColumn('passed', 'integer')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .execute();
      await db.schema.createIndex('lab_checks_status').on('lab_checks').column('status').execute();
      await db.schema
        .createTable('shares')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('files', 'text', (c) => c.notNull())
        .addColumn('action', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('progress')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('lesson_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('progress_pk', ['user_id', 'lesson_id'])
        .execute();
    },
    async down(db: AnyDb) {
      for (const t of ['progress', 'shares', 'lab_checks', 'runs', 'sessions', 'users']) {
        await db.schema.dropTable(t).execute();
      }
    },
  },
  '0002_run_profiles': {
    // Profiles and traces are files on the runner node that produced them; copying them into the
    // database lets any API node serve them (runner fleets) and keeps them after scratch cleanup.
    async up(db: AnyDb) {
      await db.schema
        .createTable('run_profiles')
        .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('idx', 'integer', (c) => c.notNull())
        // base64: one portable text type instead of SQLite blob vs PostgreSQL bytea.
        .addColumn('data', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('run_profiles_pk', ['run_id', 'idx'])
        .execute();
    },
    async down(db: AnyDb) {
      await db.schema.dropTable('run_profiles').execute();
    },
  },
  '0003_api_tokens': {
    // Tokens for the learner CLI: the row id is the token's sha256 (as for sessions), `public_id`
    // names it on the account page and in `DELETE /auth/tokens/:id` without revealing it.
    async up(db: AnyDb) {
      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('public_id', 'text', (c) => c.notNull().unique())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_used_at', 'text')
        .execute();
      await db.schema.createIndex('api_tokens_user').on('api_tokens').column('user_id').execute();
    },
    async down(db: AnyDb) {
      await db.schema.dropTable('api_tokens').execute();
    },
  },
  '0004_share_options': {
    // A share link reopens with the run options it was shared with (Go release, GODEBUG, -count ...).
    async up(db: AnyDb) {
      await db.schema.alterTable('shares').addColumn('options', 'text').execute();
    },
    async down(db: AnyDb) {
      await db.schema.alterTable('shares').dropColumn('options').execute();
    },
  },
  '0005_lab_drafts': {
    // The code a signed-in learner is working on, per lab: another device (or the CLI) continues it.
    async up(db: AnyDb) {
      await db.schema
        .createTable('lab_drafts')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('lab_id', 'text', (c) => c.notNull())
        .addColumn('files', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('lab_drafts_pk', ['user_id', 'lab_id'])
        .execute();
    },
    async down(db: AnyDb) {
      await db.schema.dropTable('lab_drafts').execute();
    },
  },
  '0006_check_hints': {
    // How many hints the learner had revealed when asking for a check: part of the grade.
    async up(db: AnyDb) {
      await db.schema.alterTable('lab_checks').addColumn('hints_used', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    },
    async down(db: AnyDb) {
      await db.schema.alterTable('lab_checks').dropColumn('hints_used').execute();
    },
  },
  '0007_xapi_statements': {
    // Learning events as xAPI statements, append-only; a learner's go with their account.
    async up(db: AnyDb) {
      await db.schema
        .createTable('xapi_statements')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('verb', 'text', (c) => c.notNull())
        .addColumn('object_id', 'text', (c) => c.notNull())
        .addColumn('stored', 'text', (c) => c.notNull())
        .addColumn('statement', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('xapi_statements_user_stored').on('xapi_statements').columns(['user_id', 'stored']).execute();
      await db.schema.createIndex('xapi_statements_verb_stored').on('xapi_statements').columns(['verb', 'stored']).execute();
    },
    async down(db: AnyDb) {
      await db.schema.dropTable('xapi_statements').execute();
    },
  },
  '0008_classes': {
    // Classes with invite codes and rolling enrolment (each member's joined_at is their own start),
    // and the weekly goal each learner chooses.
    async up(db: AnyDb) {
      await db.schema
        .createTable('classes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('instructor_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('invite_code', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('classes_instructor').on('classes').column('instructor_id').execute();
      await db.schema
        .createTable('class_members')
        .addColumn('class_id', 'text', (c) => c.notNull().references('classes.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('joined_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('class_members_pk', ['class_id', 'user_id'])
        .execute();
      await db.schema.createIndex('class_members_user').on('class_members').column('user_id').execute();
      await db.schema
        .createTable('learner_goals')
        .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
        .addColumn('days_per_week', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: AnyDb) {
      await db.schema.dropTable('learner_goals').execute();
      await db.schema.dropTable('class_members').execute();
      await db.schema.dropTable('classes').execute();
    },
  },
  '0009_analytics_indexes': {
    // Measured with bench/analytics.ts on a seeded cohort (bench/README.md says which query each serves):
    // (stored, id) gives the statements export its first page and cursor without sorting the table;
    // (user_id, verb, stored, object_id) lets the dashboard read a class's lab attempts by verb and
    // count its lesson funnel from the index alone; (user_id, lab_id) is the learner page's lab query.
    async up(db: AnyDb) {
      await db.schema.createIndex('xapi_statements_stored_id').on('xapi_statements').columns(['stored', 'id']).execute();
      await db.schema.createIndex('xapi_statements_user_verb_stored_object').on('xapi_statements').columns(['user_id', 'verb', 'stored', 'object_id']).execute();
      await db.schema.createIndex('lab_checks_user_lab').on('lab_checks').columns(['user_id', 'lab_id']).execute();
    },
    async down(db: AnyDb) {
      for (const name of ['lab_checks_user_lab', 'xapi_statements_user_verb_stored_object', 'xapi_statements_stored_id']) await db.schema.dropIndex(name).execute();
    },
  },
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
