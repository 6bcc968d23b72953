/**
 * Serves the built web app (packages/web/dist): hashed `/assets/*` with
 * year-long immutable caching, and index.html for every other non-API GET so
 * client-side routes (/learn/x, /s/id, ...) load the app.
 */
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { isProbe } from './probes.js';

export async function registerWeb(app: FastifyInstance, webDir: string): Promise<boolean> {
  const index = path.join(webDir, 'index.html');
  if (!fs.existsSync(index)) return false;
  await app.register(fastifyStatic, {
    root: webDir,
    prefix: '/',
    wildcard: false,
    index: false,
    cacheControl: false,
    setHeaders(res, filePath) {
      const rel = path.relative(webDir, filePath);
      res.setHeader('cache-control', rel.startsWith('assets' + path.sep) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  return true;
}

export function isSpaPath(url: string): boolean {
  const pathname = url.split('?')[0] ?? '/';
  return !pathname.startsWith('/api/') && !pathname.startsWith('/assets/') && !isProbe(pathname);
}
