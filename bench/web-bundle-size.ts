/**
 * Initial JavaScript of the web app's pages, gzipped (issue 5 target: a
 * lesson page at most 300 KB).
 *
 * Builds packages/web with a Vite manifest into a temporary directory and
 * counts, per page:
 *   - eager: what index.html loads (its module scripts and modulepreloads);
 *   - route: the page's chunk and its static imports, which the router
 *     requests immediately on that URL.
 * The editor (CodeMirror) and the profile views are dynamic imports inside
 * the pages and are reported separately as "lazy", next to the target, so the
 * saving from lazy loading is visible in the same run.
 *
 * Run: npx tsx bench/web-bundle-size.ts
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const webRoot = resolve(import.meta.dirname, '../packages/web');
const out = mkdtempSync(join(tmpdir(), 'gl-bundle-'));
const LIMIT_KB = 300;

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

try {
  await build({ root: webRoot, configFile: join(webRoot, 'vite.config.ts'), logLevel: 'warn', build: { outDir: out, emptyOutDir: true, manifest: true } });
  const manifest = JSON.parse(readFileSync(join(out, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const html = readFileSync(join(out, 'index.html'), 'utf8');
  const gz = new Map<string, number>();
  const size = (file: string) => {
    let s = gz.get(file);
    if (s === undefined) gz.set(file, (s = gzipSync(readFileSync(join(out, file)), { level: 9 }).length));
    return s;
  };
  const eager = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\/([^"]+\.js)"/g)].map((m) => m[1]!);
  const closure = (key: string, seen = new Set<string>()): Set<string> => {
    const c = manifest[key];
    if (!c || seen.has(c.file)) return seen;
    seen.add(c.file);
    for (const imp of c.imports ?? []) closure(imp, seen);
    return seen;
  };
  const kb = (n: number) => (n / 1024).toFixed(1).padStart(7) + ' KB';
  const lazyKeys = ['src/editor/CodeEditor.tsx', 'src/profiles/ProfilesPanel.tsx'];
  // The lazy modules' own chunks must never be part of a page's initial set.
  const lazyOwn = new Set(lazyKeys.map((k) => manifest[k]!.file));

  console.log('initial JavaScript per page, gzip -9 (eager = index.html scripts + modulepreloads; route = page chunk + static imports)');
  const pages: [string, string][] = [
    ['/learn/{id}', 'src/learn/LessonPage.tsx'],
    ['/', 'src/playground/Playground.tsx'],
  ];
  for (const [url, key] of pages) {
    const files = new Set([...eager, ...closure(key)]);
    const eagerBytes = eager.reduce((a, f) => a + size(f), 0);
    const total = [...files].reduce((a, f) => a + size(f), 0);
    const leaked = [...files].filter((f) => lazyOwn.has(f));
    console.log(
      `${url.padEnd(12)} eager ${kb(eagerBytes)}  + route ${kb(total - eagerBytes)}  = ${kb(total)}  (${((100 * total) / (LIMIT_KB * 1024)).toFixed(0)}% of ${LIMIT_KB} KB; ${total <= LIMIT_KB * 1024 ? 'within' : 'OVER'} target)${leaked.length ? '  lazy chunks leaked: ' + leaked.join(', ') : ''}`,
    );
  }
  const initial = new Set([...eager, ...pages.flatMap(([, key]) => [...closure(key)])]);
  for (const key of lazyKeys) {
    const files = [...closure(key)].filter((f) => !initial.has(f));
    console.log(`lazy ${key.padEnd(32)} ${kb(files.reduce((a, f) => a + size(f), 0))} (loaded on first use)`);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
