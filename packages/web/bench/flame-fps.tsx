/**
 * Harness page for bench/web-flame-fps.ts: the real FlameGraphView on a
 * synthetic graph. The benchmark drives it with real mouse events through
 * the browser and measures requestAnimationFrame intervals.
 */
import { createRoot } from 'react-dom/client';
import { I18nProvider } from '../src/i18n/index.js';
import { FlameGraphView } from '../src/profiles/flame/FlameGraphView.js';
import { buildFlameGraph } from '../src/profiles/flame/model.js';
import { drawFlame, nameColors, ROW_HEIGHT } from '../src/profiles/flame/render.js';
import { syntheticStacks } from './synthetic.js';

const frames = Number(new URLSearchParams(location.search).get('frames') ?? '100000');
const t0 = performance.now();
const graph = buildFlameGraph(syntheticStacks(frames));
const buildMs = performance.now() - t0;

/** Mean cost of one full redraw (ms) on a 1200 px canvas: the whole graph, and zoomed into the widest depth-2 frame. */
function drawMs(): { full: number; zoomed: number } {
  const canvas = document.createElement('canvas');
  const height = (graph.maxDepth + 1) * ROW_HEIGHT;
  canvas.width = 1200;
  canvas.height = height;
  const ctx = canvas.getContext('2d')!;
  const colors = nameColors(graph);
  const row = graph.byDepth[2] ?? graph.byDepth[0]!;
  let widest = row[0]!;
  for (const id of row) if (graph.width[id]! > graph.width[widest]!) widest = id;
  const time = (x0: number, x1: number, focus: number) => {
    const t = performance.now();
    for (let i = 0; i < 20; i++) drawFlame(ctx, graph, colors, { x0, x1, icicle: false, matches: null, focus, dark: false }, 1200, height);
    return (performance.now() - t) / 20;
  };
  return { full: time(0, graph.width[0]!, 0), zoomed: time(graph.start[widest]!, graph.start[widest]! + graph.width[widest]!, widest) };
}

(window as unknown as { __flame: unknown }).__flame = { frames: graph.size, maxDepth: graph.maxDepth, buildMs, drawMs };

createRoot(document.getElementById('root')!).render(
  <I18nProvider>
    <FlameGraphView graph={graph} formatValue={(v) => `${v}`} label="bench flame graph" dark={false} />
  </I18nProvider>,
);
