/**
 * TEST SUPPORT: starts a real server on a throwaway data directory (SQLite) or
 * a fresh PostgreSQL schema / Redis prefix, with a given execution backend.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig, type ServerConfig } from '../config/index.js';
import { createServer, type CreateServerOptions, type GopherlabServer } from '../server.js';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../../../..');

export async function tempDir(prefix = 'gl-server-test-'): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

export async function testConfig(env: Record<string, string> = {}): Promise<ServerConfig> {
  const dataDir = env.GOPHERLAB_DATA_DIR ?? (await tempDir());
  return loadConfig({
    GOPHERLAB_LOG_LEVEL: 'silent',
    GOPHERLAB_COURSE_DIR: path.join(REPO_ROOT, 'course'),
    GOPHERLAB_WEB_DIR: path.join(dataDir, 'no-web'),
    GOPHERLAB_PORT: '0',
    ...env,
    GOPHERLAB_DATA_DIR: dataDir,
  });
}

export async function startTestServer(env: Record<string, string> = {}, options: CreateServerOptions = {}): Promise<GopherlabServer> {
  const server = await createServer(await testConfig(env), options);
  await server.app.ready();
  return server;
}

/** Reads a server-sent-events stream into parsed {event, data} records until it ends. */
export async function readSse(url: string, init: RequestInit = {}): Promise<{ event: string; data: unknown }[]> {
  const res = await fetch(url, init);
  if (!res.ok || !res.body) throw new Error(`SSE ${url}: HTTP ${res.status}`);
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('event:'))
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))!.slice(7);
      const data = JSON.parse(lines.find((l) => l.startsWith('data: '))!.slice(6)) as unknown;
      return { event, data };
    });
}
