/**
 * Retention analytics in a real browser: a class seeded with
 * `gopherlab analytics seed` into the running server's database; its
 * instructor signs in, opens the class from the dashboard and sees a stuck
 * learner with the hidden test they keep failing (and its failure line);
 * a learner of the same class cannot open the instructor's page (403 from
 * the API, a clear message on the page).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, e2eUnavailableReason, launchChromium, REPO_ROOT, startServer, type RunningServer } from './support/index.js';

const unavailable = e2eUnavailableReason(chromiumAvailable());

/** Seeds the server's SQLite database; returns the demo password and the class's name. */
function seed(dataDir: string): { password: string; className: string } {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'packages/cli/bin/gopherlab.js'), 'analytics', 'seed', '--learners', '80', '--events', '2000', '--data-dir', dataDir], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`analytics seed failed: ${r.stderr}`);
  const password = /password: (\S+)/.exec(r.stdout)?.[1];
  const className = /^(Go internals, section 1)\s/m.exec(r.stdout)?.[1];
  if (!password || !className) throw new Error(`unexpected seed output:\n${r.stdout}`);
  return { password, className };
}

/** The seeded class's id, as its instructor's API lists it (each test can then stand alone). */
async function classIdOf(url: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/signin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'instructor1@seed.gopherlab.test', password }) });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const classes = (await (await fetch(`${url}/api/v1/classes`, { headers: { cookie } })).json()) as { teaching: { id: string }[] };
  return classes.teaching[0]!.id;
}

async function signIn(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(`${url}/signin`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByText(/^Signed in as /).waitFor();
}

describe.skipIf(unavailable !== null)('class dashboard in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let seeded: ReturnType<typeof seed> & { classId: string };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchChromium()]);
    const s = seed(server.dataDir);
    seeded = { ...s, classId: await classIdOf(server.url, s.password) };
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the instructor a seeded stuck learner with the test name and its failure line', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(page, server.url, 'instructor1@seed.gopherlab.test', seeded.password);
    await page.goto(`${server.url}/dashboard`);
    await page.getByRole('link', { name: seeded.className }).click();
    await page.getByRole('heading', { name: seeded.className, level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/classes/${seeded.classId}`);
    const stuck = page.locator('.stuck-list > li');
    await stuck.first().waitFor();
    expect(await stuck.count()).toBeGreaterThan(0);
    const first = stuck.first();
    expect(await first.getAttribute('data-test')).toMatch(/^Test\w+/);
    expect(await first.locator('code').innerText()).toBe(await first.getAttribute('data-test'));
    expect(await first.innerText()).toMatch(/failed \d+ times in a row/);
    expect(await first.locator('pre').innerText()).toMatch(/_test\.go:\d+/);
    // The charts are drawn: weekly bars and retention lines.
    expect(await page.locator('svg.chart rect.chart-bar').count()).toBe(12);
    expect(await page.locator('svg.chart polyline.chart-line').count()).toBeGreaterThan(0);
    expect(await page.locator('.risk-table tbody tr').count()).toBeGreaterThan(0);
  }, 120_000);

  it('refuses the instructor page to a learner of the class (403)', async () => {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, server.url, 'learner1@seed.gopherlab.test', seeded.password);
    const status = await page.evaluate(async (id) => (await fetch(`/api/v1/classes/${id}/dashboard`)).status, seeded.classId);
    expect(status).toBe(403);
    await page.goto(`${server.url}/classes/${seeded.classId}`);
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').innerText()).toBe('Class dashboards are for the class\'s instructor.');
    // The learner sees their class on the dashboard, without its invite code.
    await page.goto(`${server.url}/dashboard`);
    await page.getByText(seeded.className).waitFor();
    expect(await page.locator('.invite-code').count()).toBe(0);
  }, 120_000);
});
