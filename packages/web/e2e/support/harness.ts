/**
 * Builds the component harness pages under packages/web/bench/ (the real
 * components on synthetic data, no server) into a temporary directory and
 * serves them. Used by the flame graph benchmark and its browser test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { build } from 'vite';
import { serveDir } from './static.js';

const WEB_ROOT = resolve(import.meta.dirname, '../..');

export async function serveHarness(page: 'flame-fps'): Promise<{ url: string; close(): Promise<void> }> {
  const out = mkdtempSync(join(tmpdir(), 'gl-harness-'));
  await build({
    root: WEB_ROOT,
    configFile: false,
    logLevel: 'warn',
    plugins: [react()],
    build: { outDir: out, emptyOutDir: true, rollupOptions: { input: join(WEB_ROOT, `bench/${page}.html`) } },
  });
  const server = await serveDir(out);
  return {
    url: `${server.url}/bench/${page}.html`,
    close: async () => {
      await server.close();
      rmSync(out, { recursive: true, force: true });
    },
  };
}
