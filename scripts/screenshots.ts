/**
 * Screenshots of pages in headless Chromium, in both languages and both
 * themes, against a real `gopherlab serve` (the e2e harness's): what we look
 * at before a page change lands.
 *   npx tsx scripts/screenshots.ts [out dir, default /tmp/gopherlab-shots] [path ...]
 * Paths default to the playground (after one run) and the course page. A path
 * may end in `#run` to press Run and wait for the result first, or in
 * `#complete` to wait for gopls and type `fmt.Pr` at the end of main (the
 * completion list open), or in `#asmdiff` to list a loop's assembly, change
 * one operation and list it again (the diff pane). `--as instructor|learner`
 * seeds a class and signs in as its first instructor or learner; then
 * `/dashboard#class` opens the first class's dashboard.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '../packages/web/e2e/support/browser.js';
import { setEditorText } from '../packages/web/e2e/support/index.js';
import { startServer } from '../packages/web/e2e/support/server.js';

const SUM = 'package main\n\nimport "fmt"\n\nfunc Sum(xs []int) int {\n\tt := 0\n\tfor _, x := range xs {\n\t\tt += x\n\t}\n\treturn t\n}\n\nfunc main() { fmt.Println(Sum([]int{1, 2, 3})) }\n';
const JOIN = 'package main\n\nimport (\n\t"strings"\n\t"testing"\n)\n\nfunc Join(parts []string) string {\n\ts := ""\n\tfor _, p := range parts {\n\t\ts += p\n\t}\n\treturn s\n}\n\nfunc BenchmarkJoin(b *testing.B) {\n\tparts := strings.Fields(strings.Repeat("go ", 200))\n\tfor b.Loop() {\n\t\tJoin(parts)\n\t}\n}\n\nfunc main() {}\n';
const [outDir = '/tmp/gopherlab-shots', ...args] = process.argv.slice(2);
// `--as instructor|learner`: seed a class (gopherlab analytics seed) and sign in as one of its accounts first.
const asAt = args.indexOf('--as');
const signInAs = asAt >= 0 ? args[asAt + 1] : undefined;
const paths = asAt >= 0 ? args.filter((_, i) => i !== asAt && i !== asAt + 1) : args;
const targets = paths.length ? paths : ['/#run', '/course'];
mkdirSync(outDir, { recursive: true });

const server = await startServer();
const browser = await launchChromium();
let password = '';
if (signInAs) {
  const r = spawnSync(process.execPath, ['packages/cli/bin/gopherlab.js', 'analytics', 'seed', '--learners', '120', '--events', '4000', '--data-dir', server.dataDir], { encoding: 'utf8' });
  password = /password: (\S+)/.exec(r.stdout)?.[1] ?? '';
  if (!password) throw new Error(`analytics seed failed: ${r.stderr}`);
}
try {
  for (const lang of ['en', 'zh-CN']) {
    for (const theme of ['light', 'dark']) {
      const context = await browser.newContext({ viewport: { width: 1360, height: 860 }, colorScheme: theme as 'light' | 'dark' });
      await context.addInitScript(
        ([l, t]) => {
          localStorage.setItem('gopherlab.lang', l!);
          localStorage.setItem('gopherlab.theme', t!);
        },
        [lang, theme],
      );
      const page = await context.newPage();
      if (signInAs) {
        await page.goto(`${server.url}/signin`);
        await page.locator('input[type="email"]').fill(`${signInAs}1@seed.gopherlab.test`);
        await page.locator('input[type="password"]').fill(password);
        await page.locator('form button[type="submit"]').click();
        await page.waitForURL(/\/dashboard$/);
      }
      for (const target of targets) {
        const [path, action] = target.split('#');
        await page.goto(server.url + path);
        await page.waitForLoadState('networkidle');
        if (action === 'class') {
          // The first class on the dashboard, opened from its link (its id is the server's).
          await page.locator('.class-list a').first().click();
          await page.locator('.class-dashboard').waitFor();
          await page.waitForLoadState('networkidle');
        }
        // The code editor loads lazily: shoot it, not its plain-text stand-in.
        if ((await page.locator('.editor-pane').count()) > 0) await page.locator('.cm-editor').first().waitFor({ timeout: 30_000 });
        if (action === 'complete') {
          await page.locator('.assist-status[data-state="ready"]').waitFor({ timeout: 60_000 });
          await page.locator('.cm-content').click();
          await page.keyboard.press('Control+End');
          await page.keyboard.press('ArrowUp');
          await page.keyboard.press('Home');
          await page.keyboard.press('Enter');
          await page.keyboard.press('ArrowUp');
          await page.keyboard.type('\tfmt.Pr');
          await page.locator('.cm-tooltip-autocomplete').waitFor({ timeout: 30_000 });
          await page.waitForTimeout(300); // the documentation beside the selected option
        }
        if (action === 'ssa') {
          // SSA of main (the cursor starts there); the label is "SSA" in both languages.
          await page.getByRole('button', { name: 'SSA', exact: true }).click();
          await page.locator('.ssa-view iframe').waitFor({ timeout: 120_000 });
          await page.waitForTimeout(1500);
          await page.locator('.ssa-view').scrollIntoViewIfNeeded();
        }
        if (action === 'asmdiff') {
          // List the assembly, change one operation, list it again: the diff pane opens above the listing.
          const asm = page.getByRole('button', { name: /^(Assembly|汇编)$/ });
          await setEditorText(page, SUM);
          await asm.click();
          await page.locator('.asm-block').first().waitFor({ timeout: 120_000 });
          await setEditorText(page, SUM.replace('t += x', 't *= x'));
          await asm.click();
          await page.locator('.asm-diff').waitFor({ timeout: 120_000 });
          await page.locator('.asm-diff').scrollIntoViewIfNeeded();
        }
        if (action === 'insight') {
          // Profile a benchmark, then ask for escape analysis: both land in the editor's gutter.
          await setEditorText(page, JOIN);
          await page.locator('.toolbar button', { hasText: /^(Profile|性能分析)$/ }).first().click();
          await page.locator('.cm-insight.hot').first().waitFor({ timeout: 120_000 });
          await page.locator('.toolbar button', { hasText: /^(Escape analysis|逃逸分析)$/ }).first().click();
          await page.locator('.cm-insight[title*="inline"], .cm-insight[title*="内联"]').first().waitFor({ timeout: 120_000 });
        }
        if (action === 'sandwich') {
          // Profile a benchmark, then open the sandwich of the top function from the Top table.
          await setEditorText(page, JOIN);
          await page.locator('.toolbar button', { hasText: /^(Profile|性能分析)$/ }).first().click();
          await page.locator('.profiles [role="tab"]').nth(1).click({ timeout: 120_000 });
          await page.locator('.sandwich-open').first().click();
          await page.locator('.sandwich canvas').nth(1).waitFor();
          await page.waitForTimeout(500);
          await page.locator('.sandwich').scrollIntoViewIfNeeded();
        }
        if (action === 'run') {
          await page.locator('.toolbar button.primary').click();
          await page.locator('[data-run-status]').waitFor({ timeout: 120_000 });
        }
        const name = `${(path === '/' ? 'home' : path!.replace(/^\//, '').replace(/\W+/g, '-')) || 'home'}${action === 'complete' || action === 'ssa' || action === 'asmdiff' || action === 'insight' || action === 'class' || action === 'sandwich' ? `-${action}` : ''}.${lang}.${theme}.png`;
        // Dashboards are read top to bottom: shoot the whole page.
        await page.screenshot({ path: join(outDir, name), fullPage: path!.startsWith('/dashboard') });
        console.log(join(outDir, name));
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
