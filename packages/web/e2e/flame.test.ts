/**
 * The flame graph component in Chromium, on the harness page (real
 * FlameGraphView, synthetic 20,000-frame graph, no server): hover tooltip,
 * click to zoom, search highlighting, icicle toggle, reset.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium, serveHarness } from './support/index.js';

const CANVAS = 'canvas[aria-label="bench flame graph"]';

/** Hash of the canvas pixels, to tell whether a redraw changed anything. */
function pixelSum(page: Page, y0: number, h: number): Promise<number> {
  return page.evaluate(`(() => {
    const c = document.querySelector('${CANVAS}');
    const d = c.getContext('2d').getImageData(0, ${y0}, c.width, ${h}).data;
    let s = 0;
    for (let i = 0; i < d.length; i += 7) s = (s * 31 + d[i]) % 1000000007;
    return s;
  })()`) as Promise<number>;
}

// Skipped only where Chromium is absent (scripts/setup.sh --test installs it).
describe.skipIf(!chromiumAvailable())('flame graph component in Chromium', () => {
  let harness: Awaited<ReturnType<typeof serveHarness>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [harness, browser] = await Promise.all([serveHarness('flame-fps'), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${harness.url}?frames=20000`);
    await page.locator(CANVAS).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  it('draws the graph and shows a tooltip on hover', async () => {
    expect(Number(await page.locator(CANVAS).getAttribute('data-frames'))).toBeGreaterThan(20_000);
    const box = (await page.locator(CANVAS).boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height - 9);
    const tip = page.getByRole('tooltip');
    await tip.waitFor({ timeout: 1_000 });
    expect(await tip.innerText()).toContain('root');
    await page.mouse.move(box.x + 200, box.y + box.height - 27);
    await expect.poll(() => tip.innerText()).toMatch(/\.fn0_/);
  });

  it('zooms into a clicked frame and resets', async () => {
    const box = (await page.locator(CANVAS).boundingBox())!;
    const reset = page.getByRole('button', { name: 'Reset zoom' });
    expect(await reset.isEnabled()).toBe(false);
    const before = await pixelSum(page, 0, 200);
    await page.mouse.click(box.x + 200, box.y + box.height - 27);
    await expect.poll(() => reset.isEnabled()).toBe(true);
    await expect.poll(() => pixelSum(page, 0, 200)).not.toBe(before);
    await reset.click();
    await expect.poll(() => reset.isEnabled()).toBe(false);
  });

  it('highlights search matches and reports their share', async () => {
    await page.getByRole('searchbox', { name: 'Search functions' }).fill('^sync\\.');
    await expect.poll(() => page.getByText(/% of samples match/).innerText()).toMatch(/^\d+\.\d% of samples match$/);
    const pct = Number((await page.getByText(/% of samples match/).innerText()).split('%')[0]);
    expect(pct).toBeGreaterThan(0);
    expect(pct).toBeLessThan(100);
    await page.getByRole('searchbox', { name: 'Search functions' }).fill('');
  });

  it('flips to an icicle graph with the root on top', async () => {
    const box = (await page.locator(CANVAS).boundingBox())!;
    await page.getByRole('checkbox', { name: /Icicle/ }).check();
    // In icicle mode the top row is the root: hovering it names "root".
    await page.mouse.move(box.x + box.width / 2, box.y + 9);
    await expect.poll(() => page.getByRole('tooltip').innerText()).toContain('root');
    await page.getByRole('checkbox', { name: /Icicle/ }).uncheck();
  });
});
