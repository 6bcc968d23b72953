/**
 * Flame graph interaction frame rate in headless Chromium (issue 5 target:
 * >= 30 fps at 100,000 frames).
 *
 * Builds the harness page (packages/web/bench/flame-fps.html: the real
 * FlameGraphView on a synthetic call tree), then drives it with real mouse
 * events: a sweep of hovers across the graph, then click-to-zoom into frames
 * and back out. requestAnimationFrame intervals are recorded in the page
 * during each phase; fps = frames painted / elapsed time. The same sequence on
 * a 1,000-frame graph runs first as the baseline, so the ratio shows what the
 * graph's size costs.
 *
 * Run: npx tsx bench/web-flame-fps.ts [frames=100000]
 */
import { launchChromium } from '../packages/web/e2e/support/browser.ts';
import { serveHarness } from '../packages/web/e2e/support/harness.ts';

const FRAMES = Number(process.argv[2] ?? 100_000);
const server = await serveHarness('flame-fps');
const browser = await launchChromium();

interface Phase {
  fps: number;
  p95FrameMs: number;
  frames: number;
  ms: number;
}

async function measure(frames: number): Promise<{ hover: Phase; zoom: Phase; size: number; buildMs: number; draw: { full: number; zoomed: number } }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}?frames=${frames}`);
  await page.waitForFunction('window.__flame !== undefined');
  await page.waitForSelector('canvas[role="img"]');
  const info = (await page.evaluate('({ frames: window.__flame.frames, buildMs: window.__flame.buildMs, draw: window.__flame.drawMs() })')) as {
    frames: number;
    buildMs: number;
    draw: { full: number; zoomed: number };
  };
  const box = (await page.locator('canvas[role="img"]').boundingBox())!;

  // Page scripts are strings: tsx's transform would otherwise inject helpers
  // (__name) that do not exist in the page.
  const startRecording = () =>
    page.evaluate(`(() => {
      window.__ts = [];
      window.__rec = true;
      // A generation number ends the previous phase's rAF chain for good.
      const gen = (window.__gen = (window.__gen || 0) + 1);
      const tick = (t) => { if (!window.__rec || window.__gen !== gen) return; window.__ts.push(t); requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    })()`);
  const stopRecording = async (): Promise<Phase> => {
    const ts = (await page.evaluate(`(() => { window.__rec = false; return window.__ts; })()`)) as number[];
    const deltas = ts.slice(1).map((t, i) => t - ts[i]!).sort((a, b) => a - b);
    const ms = ts[ts.length - 1]! - ts[0]!;
    return { fps: ((ts.length - 1) * 1000) / ms, p95FrameMs: deltas[Math.floor(deltas.length * 0.95)] ?? 0, frames: ts.length - 1, ms };
  };

  // Hover sweep: 300 pointer moves over the lower (wide) rows and across the towers.
  await startRecording();
  for (let i = 0; i < 300; i++) {
    const x = box.x + ((i * 37) % Math.floor(box.width));
    const y = box.y + box.height - 5 - ((i * 11) % Math.min(300, Math.floor(box.height)));
    await page.mouse.move(x, y);
  }
  const hover = await stopRecording();

  // Zoom: click into a frame two rows up, then Escape back to the whole
  // graph, 40 times back to back: every step is a full redraw.
  await startRecording();
  for (let i = 0; i < 40; i++) {
    const x = box.x + 20 + ((i * 173) % Math.floor(box.width - 40));
    await page.mouse.click(x, box.y + box.height - 2 * 18 - 9);
    await page.keyboard.press('Escape');
  }
  const zoom = await stopRecording();
  await page.close();
  return { hover, zoom, size: info.frames, buildMs: info.buildMs, draw: info.draw };
}

try {
  const base = await measure(1_000);
  const big = await measure(FRAMES);
  const row = (label: string, r: typeof base) =>
    `${label.padEnd(22)} hover ${r.hover.fps.toFixed(1).padStart(5)} fps (p95 ${r.hover.p95FrameMs.toFixed(1)} ms)   zoom ${r.zoom.fps.toFixed(1).padStart(5)} fps (p95 ${r.zoom.p95FrameMs.toFixed(1)} ms)   redraw ${r.draw.full.toFixed(2)} ms full / ${r.draw.zoomed.toFixed(2)} ms zoomed   build ${r.buildMs.toFixed(0)} ms`;
  console.log('flame graph interaction in headless Chromium (rAF-measured)');
  console.log(row(`${base.size} frames`, base));
  console.log(row(`${big.size} frames`, big));
  console.log(
    `ratio ${big.size}/${base.size} frames: hover fps ${(big.hover.fps / base.hover.fps).toFixed(2)}, zoom fps ${(big.zoom.fps / base.zoom.fps).toFixed(2)}; target >= 30 fps: ${big.hover.fps >= 30 && big.zoom.fps >= 30 ? 'met' : 'NOT met'}`,
  );
} finally {
  await browser.close();
  await server.close();
}
