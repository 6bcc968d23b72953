/**
 * Accounts and sessions, independent of HTTP. Passwords are hashed with
 * argon2id; session cookies carry a random token whose sha256 is the row id,
 * and each session has its own CSRF token that mutating requests must echo.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { AppError } from '@gopherlab/errors';
import type { Db, UsersTable } from '../db/index.js';

export type Role = UsersTable['role'];
export const ROLES: readonly Role[] = ['learner', 'instructor', 'admin'];

export interface User {
  id: string;
  email: string;
  displayName: string;
  role: Role;
}

export interface Session {
  user: User;
  csrfToken: string;
  /** sha256 of the cookie token (the sessions row id), or of the API token. */
  id: string;
  /** `token`: an API token in an Authorization header, which no browser sends by itself (so no CSRF check). */
  via: 'cookie' | 'token';
}

export interface ApiToken {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** API tokens are recognisable in logs and secret scanners by their prefix. */
const TOKEN_PREFIX = 'glpat_';

export const MIN_PASSWORD_LENGTH = 10;

/** The one way a password becomes a stored hash (argon2id, the library's defaults): sign-up and the analytics seeder both use it. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function toUser(row: Pick<UsersTable, 'id' | 'email' | 'display_name' | 'role'>): User {
  return { id: row.id, email: row.email, displayName: row.display_name, role: row.role };
}

/**
 * Sessions are read from the database on every authenticated request (one
 * primary-key lookup), never cached per process: a sign-out or a role change
 * on one server process must hold on every other one at once.
 */
export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly sessionDays: number,
  ) {}

  async signUp(input: { email: string; password: string; displayName?: string | undefined }): Promise<{ user: User; token: string; csrfToken: string }> {
    const email = input.email.trim().toLowerCase();
    if (input.password.length < MIN_PASSWORD_LENGTH) throw new AppError('weak_password');
    const existing = await this.db.kysely.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
    if (existing) throw new AppError('email_taken');
    // The first account of a fresh installation administers it.
    const anyUser = await this.db.kysely.selectFrom('users').select('id').limit(1).executeTakeFirst();
    const row = {
      id: randomUUID(),
      email,
      password_hash: await hashPassword(input.password),
      display_name: input.displayName?.trim() || email.split('@')[0]!,
      role: (anyUser ? 'learner' : 'admin') as Role,
      created_at: new Date().toISOString(),
    };
    try {
      await this.db.kysely.insertInto('users').values(row).execute();
    } catch (e) {
      // Two sign-ups with one email racing: the unique index decides.
      const again = await this.db.kysely.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
      if (again) throw new AppError('email_taken');
      throw e;
    }
    const user = toUser(row);
    return { user, ...(await this.createSession(user.id)) };
  }

  async signIn(input: { email: string; password: string }): Promise<{ user: User; token: string; csrfToken: string }> {
    const { user } = await this.checkCredentials(input);
    return { user, ...(await this.createSession(user.id)) };
  }

  private async checkCredentials(input: { email: string; password: string }): Promise<{ user: User }> {
    const email = input.email.trim().toLowerCase();
    const row = await this.db.kysely.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    // Verify against a real hash even for unknown emails so timing does not reveal which emails exist.
    const ok = row ? await verify(row.password_hash, input.password) : (await verify(DUMMY_HASH, input.password), false);
    if (!row || !ok) throw new AppError('invalid_credentials');
    return { user: toUser(row) };
  }

  private async createSession(userId: string): Promise<{ token: string; csrfToken: string }> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const created = new Date();
    await this.db.kysely
      .insertInto('sessions')
      .values({
        id: tokenHash(token),
        user_id: userId,
        csrf_token: csrfToken,
        created_at: created.toISOString(),
        expires_at: new Date(created.getTime() + this.sessionDays * 86_400_000).toISOString(),
      })
      .execute();
    return { token, csrfToken };
  }

  /** The session for a cookie token, or null when unknown or expired. */
  async session(token: string): Promise<Session | null> {
    const id = tokenHash(token);
    const row = await this.db.kysely
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select(['sessions.id as sid', 'sessions.csrf_token', 'sessions.expires_at', 'users.id', 'users.email', 'users.display_name', 'users.role'])
      .where('sessions.id', '=', id)
      .executeTakeFirst();
    if (!row) return null;
    if (Date.parse(row.expires_at) <= Date.now()) {
      await this.db.kysely.deleteFrom('sessions').where('id', '=', id).execute();
      return null;
    }
    return { id: row.sid, csrfToken: row.csrf_token, user: toUser(row), via: 'cookie' };
  }

  /** A new API token for the CLI. The token itself is returned once and never stored, only its hash. */
  async createApiToken(userId: string, name: string): Promise<{ token: string; id: string }> {
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const id = randomBytes(6).toString('hex');
    await this.db.kysely
      .insertInto('api_tokens')
      .values({ id: tokenHash(token), public_id: id, user_id: userId, name: name.slice(0, 80) || 'gopherlab CLI', created_at: new Date().toISOString(), last_used_at: null })
      .execute();
    return { token, id };
  }

  /** Signs in with email and password for a token (the CLI's login): the password is checked, never kept. */
  async tokenForCredentials(input: { email: string; password: string; name: string }): Promise<{ token: string; id: string; user: User }> {
    const { user } = await this.checkCredentials(input);
    return { ...(await this.createApiToken(user.id, input.name)), user };
  }

  /** The session an API token stands for; throws invalid_token for an unknown or revoked one. */
  async tokenSession(token: string): Promise<Session> {
    const id = tokenHash(token);
    const row = await this.db.kysely
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .select(['api_tokens.id as tid', 'api_tokens.last_used_at', 'users.id', 'users.email', 'users.display_name', 'users.role'])
      .where('api_tokens.id', '=', id)
      .executeTakeFirst();
    if (!row) throw new AppError('invalid_token');
    // Coarse (hourly) so a busy CLI does not write on every request.
    const now = new Date();
    if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > 3_600_000) {
      await this.db.kysely.updateTable('api_tokens').set({ last_used_at: now.toISOString() }).where('id', '=', id).execute();
    }
    return { id: row.tid, csrfToken: '', user: toUser(row), via: 'token' };
  }

  async listApiTokens(userId: string): Promise<ApiToken[]> {
    const rows = await this.db.kysely.selectFrom('api_tokens').select(['public_id', 'name', 'created_at', 'last_used_at']).where('user_id', '=', userId).orderBy('created_at').execute();
    return rows.map((r) => ({ id: r.public_id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at }));
  }

  /** Revokes one of the user's tokens by its public id (a token can revoke itself: `gopherlab logout`). */
  async revokeApiToken(userId: string, publicId: string): Promise<void> {
    const res = await this.db.kysely.deleteFrom('api_tokens').where('user_id', '=', userId).where('public_id', '=', publicId).executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) throw new AppError('not_found', 'You have no token with that id.');
  }

  /** The public id of the token a request came with (for logout). */
  async tokenPublicId(tokenRowId: string): Promise<string | null> {
    const row = await this.db.kysely.selectFrom('api_tokens').select('public_id').where('id', '=', tokenRowId).executeTakeFirst();
    return row?.public_id ?? null;
  }

  /** Deletes every expired session; the server calls it at start-up and then hourly. Returns how many went. */
  async purgeExpiredSessions(now = new Date()): Promise<number> {
    const res = await this.db.kysely.deleteFrom('sessions').where('expires_at', '<=', now.toISOString()).executeTakeFirst();
    return Number(res.numDeletedRows);
  }

  async signOut(sessionId: string): Promise<void> {
    await this.db.kysely.deleteFrom('sessions').where('id', '=', sessionId).execute();
  }

  async listUsers(): Promise<(User & { createdAt: string })[]> {
    const rows = await this.db.kysely.selectFrom('users').select(['id', 'email', 'display_name', 'role', 'created_at']).orderBy('created_at').execute();
    return rows.map((r) => ({ ...toUser(r), createdAt: r.created_at }));
  }

  async setRole(userId: string, role: Role): Promise<User> {
    const res = await this.db.kysely.updateTable('users').set({ role }).where('id', '=', userId).executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw new AppError('not_found', 'There is no user with that id.');
    const row = await this.db.kysely.selectFrom('users').select(['id', 'email', 'display_name', 'role']).where('id', '=', userId).executeTakeFirstOrThrow();
    return toUser(row);
  }
}

// argon2id hash of a random string, used only to spend equal time on unknown emails.
const DUMMY_HASH = await hashPassword(randomBytes(16).toString('hex'));
