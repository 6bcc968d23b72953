/**
 * Harness page for bench/web-flame-fps.ts: the real FlameGraphView on a
 * synthetic graph. The benchmark drives it with real mouse events through
 * the browser and measures requestAnimationFrame intervals.
 */
import { createRoot } from 'react-dom/client';
import { I18nProvider } from '../src/i18n/index.js';
import { FlameGraphView } from '../src/profiles/flame/FlameGraphView.js';
import { buildFlameGraph } from '../src/profiles/flame/model.js';
import { syntheticStacks } from './synthetic.js';

const frames = Number(new URLSearchParams(location.search).get('frames') ?? '100000');
const t0 = performance.now();
const graph = buildFlameGraph(syntheticStacks(frames));
const buildMs = performance.now() - t0;
(window as unknown as { __flame: unknown }).__flame = { frames: graph.size, maxDepth: graph.maxDepth, buildMs };

createRoot(document.getElementById('root')!).render(
  <I18nProvider>
    <FlameGraphView graph={graph} formatValue={(v) => `${v}`} label="bench flame graph" dark={false} />
  </I18nProvider>,
);
