/**
 * Harness page for bench/web-flame-fps.ts: the real FlameGraphView on a
 * synthetic graph. The benchmark drives it with real mouse events through
 * the browser and measures requestAnimationFrame intervals.
 */
import { createRoot } from 'react-dom/client';
import { I18nProvider } from '../src/i18n/index.js';
import { buildFlameGraph, draw, zoomTo } from '@gopherlab/profiling';
import { FlameGraphView, frameColors, ROW_HEIGHT } from '../src/profiles/flame/FlameGraphView.js';
import { syntheticProfile } from './synthetic.js';

const frames = Number(new URLSearchParams(location.search).get('frames') ?? '100000');
const t0 = performance.now();
const graph = buildFlameGraph(syntheticProfile(frames));
const buildMs = performance.now() - t0;

/** Mean cost of one redraw (ms) on a 1200 px canvas, as the view draws it: the whole graph, and zoomed into the widest depth-2 frame. */
function drawMs(): { full: number; zoomed: number } {
  const canvas = document.createElement('canvas');
  const height = (graph.maxDepth + 1) * ROW_HEIGHT;
  canvas.width = 1200;
  canvas.height = height;
  const ctx = canvas.getContext('2d')!;
  let widest = -1;
  for (let k = graph.rowStart[2]!; k < graph.rowStart[3]!; k++) {
    const f = graph.rowNodes[k]!;
    if (widest < 0 || graph.width[f]! > graph.width[widest]!) widest = f;
  }
  const colorOf = frameColors(graph);
  const time = (frame: number) => {
    const z = zoomTo(graph, frame);
    const t = performance.now();
    for (let i = 0; i < 20; i++) draw(ctx, graph, { width: 1200, height, x0: z.x0, x1: z.x1, rowHeight: ROW_HEIGHT }, { colorOf });
    return (performance.now() - t) / 20;
  };
  return { full: time(0), zoomed: time(Math.max(widest, 0)) };
}

(window as unknown as { __flame: unknown }).__flame = { frames: graph.count, maxDepth: graph.maxDepth, buildMs, drawMs };

createRoot(document.getElementById('root')!).render(
  <I18nProvider>
    <FlameGraphView model={graph} label="bench flame graph" dark={false} />
  </I18nProvider>,
);
