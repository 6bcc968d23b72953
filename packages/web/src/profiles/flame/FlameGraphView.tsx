/**
 * Interactive flame graph over the profiling package's flame model
 * (buildFlameGraph / buildDiffFlameGraph) and its canvas renderer: click
 * zooms to a frame, the search box highlights matching functions, the icicle
 * toggle puts the root on top, and the tooltip follows the pointer with no
 * delay. The graph is redrawn only when the view changes (zoom, search,
 * icicle, size); hover draws one outline on an overlay canvas, which is what
 * keeps hover instant on 100,000-frame graphs (bench/web-flame-fps.ts).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { diffColor, diffHoverText, draw, frameLocation, frameRect, hitTest, hoverText, nameColor, searchFlame, zoomTo, type DiffFlameModel, type FlameModel, type Viewport } from '@gopherlab/profiling';
import { useI18n } from '../../i18n/index.js';

export const ROW_HEIGHT = 18;

export type FlameGraphModel = FlameModel | DiffFlameModel;

/**
 * Colour per frame, computed once per model: the renderer would otherwise
 * build and parse a new colour string for every frame on every redraw, which
 * is most of a redraw's cost on large graphs.
 */
export function frameColors(model: FlameGraphModel): (frame: number) => string {
  if (model.kind === 'diff') {
    const byFrame = new Array<string>(model.count);
    for (let f = 0; f < model.count; f++) byFrame[f] = diffColor(model.change[f]!);
    return (f) => byFrame[f]!;
  }
  const byName = model.names.map((_, id) => nameColor(id));
  const root = nameColor(-1);
  return (f) => (f === 0 ? root : byName[model.nameId[f]!]!);
}

export interface FlameGraphViewProps {
  model: FlameGraphModel;
  label: string;
  dark: boolean;
  /** Double-clicking a frame at file:line hands them over (the editor opens the learner's own files). */
  onFrameLine?: (file: string, line: number) => void;
}

type Search = { ok: true; matches: Uint8Array; fraction: number } | { ok: false; message: string } | null;

function runSearch(model: FlameGraphModel, query: string): Search {
  if (!query) return null;
  try {
    const r = searchFlame(model, query);
    return { ok: true, matches: r.matches, fraction: r.matchedFraction };
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
}

export function FlameGraphView({ model, label, dark, onFrameLine }: FlameGraphViewProps) {
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
  const search = useMemo(() => runSearch(model, query), [model, query]);
  const colorOf = useMemo(() => frameColors(model), [model]);
  const height = (model.maxDepth + 1) * ROW_HEIGHT;

  useEffect(() => setFocus(0), [model]);

  const viewport = useMemo<Viewport>(() => {
    const z = zoomTo(model, focus);
    return { width: widthPx, height, x0: z.x0, x1: z.x1, rowHeight: ROW_HEIGHT };
  }, [model, focus, widthPx, height]);

  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const ro = new ResizeObserver((entries) => setWidthPx(Math.max(200, Math.floor(entries[0]!.contentRect.width))));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

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

  const frame = useRef(0);
  useEffect(() => {
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => {
      const ctx = prepare(canvas.current);
      if (ctx) draw(ctx, model, viewport, { icicle, colorOf, highlight: search?.ok ? search.matches : null, font: '12px ui-monospace, SFMono-Regular, Menlo, monospace' });
    });
    return () => cancelAnimationFrame(frame.current);
    // prepare only reads values listed here.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [model, viewport, icicle, search, colorOf]);

  const hoverFrame = useRef(0);
  useEffect(() => {
    cancelAnimationFrame(hoverFrame.current);
    hoverFrame.current = requestAnimationFrame(() => {
      const ctx = prepare(overlay.current);
      if (!ctx) return;
      ctx.clearRect(0, 0, widthPx, height);
      if (hover < 0) return;
      const r = frameRect(model, viewport, hover, icicle);
      const x = Math.max(r.x, 0);
      const w = Math.min(r.x + r.w, widthPx) - x;
      ctx.strokeStyle = dark ? '#ffffff' : '#000000';
      ctx.lineWidth = 1.5;
      ctx.strokeRect(x + 0.75, r.y + 0.75, Math.max(w - 2, 1), r.h - 2.5);
    });
    return () => cancelAnimationFrame(hoverFrame.current);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [model, viewport, icicle, hover, dark]);

  const pick = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return hitTest(model, viewport, e.clientX - r.left, e.clientY - r.top, icicle);
  };

  const tipText = hover >= 0 ? (model.kind === 'diff' ? diffHoverText(model, hover) : hoverText(model, hover)) : '';
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
        {onFrameLine && <span className="muted">{t('profiles.dblclick')}</span>}
        {search?.ok && <span className="muted">{t('profiles.matched', { pct: (100 * search.fraction).toFixed(1) })}</span>}
        {search && !search.ok && (
          <span role="alert" className="form-error">
            {search.message}
          </span>
        )}
      </div>
      <div className="flame-canvas-wrap" ref={wrap}>
        <canvas
          ref={canvas}
          role="img"
          aria-label={label}
          tabIndex={0}
          style={{ width: widthPx, height }}
          data-frames={model.count}
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
          onDoubleClick={(e) => {
            const at = /^(.*):(\d+)$/.exec(frameLocation(model, Math.max(0, pick(e))));
            if (at && onFrameLine) onFrameLine(at[1]!, Number(at[2]));
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setFocus(0);
          }}
        />
        <canvas ref={overlay} className="flame-overlay" aria-hidden="true" style={{ width: widthPx, height }} />
        {tip && hover >= 0 && (
          <div className="flame-tip" role="tooltip" style={{ left: Math.max(0, Math.min(tip.x + 12, widthPx - 320)), top: tip.y + 14 }}>
            {tipText}
          </div>
        )}
      </div>
    </div>
  );
}
