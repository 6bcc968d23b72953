/**
 * Interactive flame graph: click zooms to a frame, the search box highlights
 * matching functions, the icicle toggle flips the root to the top, and the
 * tooltip follows the pointer with no delay. Redraws are coalesced into one
 * requestAnimationFrame.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { nodeAt, searchNodes, type FlameGraph } from './model.js';
import { drawFlame, drawHover, hitTest, nameColors, ROW_HEIGHT, type FlameViewport } from './render.js';

export interface FlameGraphViewProps {
  graph: FlameGraph;
  /** Formats a weight for the tooltip, e.g. "1.2 s" or "3.4 MiB". */
  formatValue(v: number): string;
  label: string;
  dark: boolean;
}

export function FlameGraphView({ graph, formatValue, label, dark }: FlameGraphViewProps) {
  const { t } = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  const overlay = useRef<HTMLCanvasElement>(null);
  const wrap = useRef<HTMLDivElement>(null);
  const [focus, setFocus] = useState(0);
  const [icicle, setIcicle] = useState(false);
  const [query, setQuery] = useState('');
  const [hover, setHover] = useState(-1);
  const [tip, setTip] = useState<{ x: number; y: number } | null>(null);
  const [widthPx, setWidthPx] = useState(800);
  const colors = useMemo(() => nameColors(graph), [graph]);
  const search = useMemo(() => (query ? searchNodes(graph, query) : null), [graph, query]);
  const height = (graph.maxDepth + 1) * ROW_HEIGHT;

  useEffect(() => setFocus(0), [graph]);

  const viewport = useMemo<FlameViewport>(() => {
    const x0 = graph.start[focus] ?? 0;
    const w = graph.width[focus] ?? 0;
    return { x0, x1: x0 + Math.max(w, 1e-9), icicle, matches: search?.matches ?? null, focus, dark };
  }, [graph, focus, icicle, search, dark]);

  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const ro = new ResizeObserver((entries) => setWidthPx(Math.max(200, Math.floor(entries[0]!.contentRect.width))));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const frame = useRef(0);
  const prepare = (c: HTMLCanvasElement | null) => {
    if (!c) return null;
    const dpr = window.devicePixelRatio || 1;
    if (c.width !== widthPx * dpr || c.height !== height * dpr) {
      c.width = widthPx * dpr;
      c.height = height * dpr;
    }
    const ctx = c.getContext('2d');
    ctx?.setTransform(dpr, 0, 0, dpr, 0, 0);
    return ctx;
  };
  useEffect(() => {
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => {
      const ctx = prepare(canvas.current);
      if (ctx) drawFlame(ctx, graph, colors, viewport, widthPx, height);
    });
    return () => cancelAnimationFrame(frame.current);
    // prepare only reads the values listed here.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [graph, colors, viewport, widthPx, height]);

  const hoverFrame = useRef(0);
  useEffect(() => {
    cancelAnimationFrame(hoverFrame.current);
    hoverFrame.current = requestAnimationFrame(() => {
      const ctx = prepare(overlay.current);
      if (ctx) drawHover(ctx, graph, viewport, widthPx, height, hover);
    });
    return () => cancelAnimationFrame(hoverFrame.current);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [graph, viewport, widthPx, height, hover]);

  const pick = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return hitTest(graph, viewport, widthPx, height, e.clientX - r.left, e.clientY - r.top, nodeAt);
  };

  const hoverName = hover >= 0 ? graph.names[graph.nameId[hover]!]! : '';
  const rootTotal = graph.width[0] || 1;
  return (
    <div className="flame">
      <div className="flame-controls">
        <input type="search" aria-label={t('profiles.search')} placeholder={t('profiles.search')} value={query} onChange={(e) => setQuery(e.target.value)} />
        <label>
          <input type="checkbox" checked={icicle} onChange={(e) => setIcicle(e.target.checked)} /> {t('profiles.icicle')}
        </label>
        <button type="button" onClick={() => setFocus(0)} disabled={focus === 0}>
          {t('profiles.reset')}
        </button>
        {search && <span className="muted">{t('profiles.matched', { pct: ((100 * search.matchedWeight) / rootTotal).toFixed(1) })}</span>}
      </div>
      <div className="flame-canvas-wrap" ref={wrap}>
        <canvas
          ref={canvas}
          role="img"
          aria-label={label}
          tabIndex={0}
          style={{ width: widthPx, height }}
          data-frames={graph.size}
          onMouseMove={(e) => {
            const id = pick(e);
            setHover(id);
            const r = e.currentTarget.getBoundingClientRect();
            setTip(id >= 0 ? { x: e.clientX - r.left, y: e.clientY - r.top } : null);
          }}
          onMouseLeave={() => {
            setHover(-1);
            setTip(null);
          }}
          onClick={(e) => {
            const id = pick(e);
            setFocus(id >= 0 ? id : 0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setFocus(0);
          }}
        />
        <canvas ref={overlay} className="flame-overlay" aria-hidden="true" style={{ width: widthPx, height }} />
        {tip && hover >= 0 && (
          <div className="flame-tip" role="tooltip" style={{ left: Math.min(tip.x + 12, widthPx - 260), top: tip.y + 14 }}>
            <div className="flame-tip-name">{hoverName}</div>
            <div>
              {formatValue(graph.total[hover]!)} ({((100 * graph.total[hover]!) / rootTotal).toFixed(2)}%)
              {graph.baseTotal && (
                <>
                  {' '}
                  ← {formatValue(graph.baseTotal[hover]!)} ({signed(graph.total[hover]! - graph.baseTotal[hover]!, formatValue)})
                </>
              )}
            </div>
            <div className="muted">
              {t('profiles.flat')}: {formatValue(graph.self[hover]!)}
            </div>
          </div>
        )}
      </div>
    </div>
  );
}

function signed(v: number, fmt: (v: number) => string): string {
  return v >= 0 ? `+${fmt(v)}` : `-${fmt(-v)}`;
}
