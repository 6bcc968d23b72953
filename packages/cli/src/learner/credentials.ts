/**
 * Where the learner CLI keeps its sign-in: an API token (never the password)
 * in $XDG_CONFIG_HOME/gopherlab/credentials.json (default ~/.config), mode
 * 0600, with the server it belongs to.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '@gopherlab/errors';

export interface Credentials {
  server: string;
  token: string;
  /** Public id of the token (for logout) and who it signs in. */
  tokenId: string;
  email: string;
}

export function credentialsFile(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'gopherlab', 'credentials.json');
}

export function readCredentials(env: NodeJS.ProcessEnv = process.env): Credentials | null {
  const file = credentialsFile(env);
  if (!existsSync(file)) return null;
  try {
    const c = JSON.parse(readFileSync(file, 'utf8')) as Partial<Credentials>;
    if (typeof c.server === 'string' && typeof c.token === 'string') return { server: c.server, token: c.token, tokenId: c.tokenId ?? '', email: c.email ?? '' };
  } catch {
    // fall through
  }
  throw new AppError('invalid_config', `${file} is not a gopherlab credentials file. Delete it and run gopherlab login again.`);
}

export function writeCredentials(c: Credentials, env: NodeJS.ProcessEnv = process.env): string {
  const file = credentialsFile(env);
  mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${JSON.stringify(c, null, 2)}\n`, { mode: 0o600 });
  // An existing file keeps its mode on write: make sure it is private.
  chmodSync(file, 0o600);
  return file;
}

export function deleteCredentials(env: NodeJS.ProcessEnv = process.env): void {
  rmSync(credentialsFile(env), { force: true });
}

/** The signed-in credentials, or the one-line error that says what to do. */
export function requireCredentials(env: NodeJS.ProcessEnv = process.env): Credentials {
  const c = readCredentials(env);
  if (!c) throw new AppError('unauthenticated', 'You are not signed in. Run: gopherlab login --server <URL>');
  return c;
}
