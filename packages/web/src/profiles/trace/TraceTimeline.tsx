/**
 * A small execution-trace viewer: one lane per goroutine, processor and GC,
 * spans on a shared time axis. The wheel zooms around the pointer, dragging
 * pans, hovering names the span. Our own canvas code: the Perfetto/Chrome
 * viewers are far too large to embed for a learner's few-second trace.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../../api/index.js';
import { useI18n } from '../../i18n/index.js';
import { nameColor } from './colors.js';
import { parseChromeTrace, visibleLanes, type Span, type TraceModel } from './model.js';

const LANE_H = 16;
const LABEL_W = 150;
const MAX_LANES = 60;

export function TraceTimeline({ runId }: { runId: string }) {
  const { t } = useI18n();
  const [model, setModel] = useState<TraceModel | null | 'error'>(null);
  useEffect(() => {
    let live = true;
    fetch(api.traceUrl(runId), { credentials: 'same-origin' })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))))
      .then((j: unknown) => live && setModel(parseChromeTrace(j)))
      .catch(() => live && setModel('error'));
    return () => {
      live = false;
    };
  }, [runId]);
  return (
    <section className="trace" aria-labelledby="trace-title">
      <h4 id="trace-title">{t('trace.title')}</h4>
      {model === null ? (
        <p className="muted">{t('trace.loading')}</p>
      ) : model === 'error' || model.spanCount === 0 ? (
        <p className="muted">{t('trace.none')}</p>
      ) : (
        <TimelineCanvas model={model} label={t('trace.canvas')} />
      )}
    </section>
  );
}

export function TimelineCanvas({ model: full, label }: { model: TraceModel; label: string }) {
  const { t } = useI18n();
  const { lanes, hidden } = useMemo(() => visibleLanes(full, MAX_LANES), [full]);
  const model = useMemo(() => ({ ...full, lanes }), [full, lanes]);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(800);
  const [range, setRange] = useState<[number, number]>([model.start, Math.max(model.end, model.start + 1)]);
  const [hover, setHover] = useState<{ lane: number; span: Span; x: number; y: number } | null>(null);
  const drag = useRef<{ x: number; range: [number, number] } | null>(null);
  const height = model.lanes.length * LANE_H + 20;
  const wrap = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const ro = new ResizeObserver((e) => setWidth(Math.max(300, Math.floor(e[0]!.contentRect.width))));
    if (wrap.current) ro.observe(wrap.current);
    return () => ro.disconnect();
  }, []);

  const plotW = width - LABEL_W;
  const toX = useMemo(() => (ts: number) => LABEL_W + ((ts - range[0]) / (range[1] - range[0])) * plotW, [range, plotW]);

  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = width * dpr;
    c.height = height * dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.font = '11px ui-monospace, monospace';
    ctx.textBaseline = 'middle';
    const dark = document.documentElement.dataset.theme === 'dark';
    model.lanes.forEach((lane, i) => {
      const y = i * LANE_H;
      ctx.fillStyle = i % 2 ? (dark ? '#222' : '#f6f6f6') : dark ? '#1a1a1a' : '#fff';
      ctx.fillRect(0, y, width, LANE_H);
      ctx.save();
      ctx.beginPath();
      ctx.rect(LABEL_W, y, plotW, LANE_H);
      ctx.clip();
      for (const s of lane.spans) {
        if (s.start + s.dur < range[0] || s.start > range[1]) continue;
        const x0 = toX(s.start);
        const w = Math.max(1, toX(s.start + s.dur) - x0);
        ctx.fillStyle = nameColor(s.name);
        ctx.fillRect(x0, y + 2, w, LANE_H - 4);
      }
      ctx.restore();
      ctx.fillStyle = dark ? '#ddd' : '#222';
      ctx.fillText(lane.label.slice(0, 22), 4, y + LANE_H / 2);
    });
    // Time axis.
    const axisY = model.lanes.length * LANE_H + 10;
    ctx.fillStyle = dark ? '#aaa' : '#555';
    for (let k = 0; k <= 4; k++) {
      const ts = range[0] + ((range[1] - range[0]) * k) / 4;
      const x = LABEL_W + (plotW * k) / 4;
      ctx.fillText(`${((ts - model.start) / 1000).toFixed(2)} ms`, Math.min(x, width - 60), axisY);
    }
  }, [model, range, width, height, plotW, toX]);

  const laneAt = (y: number) => Math.floor(y / LANE_H);
  const timeAt = (x: number) => range[0] + ((x - LABEL_W) / plotW) * (range[1] - range[0]);

  return (
    <div className="timeline" ref={wrap}>
      {hidden > 0 && <p className="muted">{t('trace.hidden', { n: hidden })}</p>}
      <canvas
        ref={canvas}
        role="img"
        aria-label={label}
        style={{ width, height }}
        onWheel={(e) => {
          const r = e.currentTarget.getBoundingClientRect();
          const at = timeAt(e.clientX - r.left);
          const f = e.deltaY > 0 ? 1.25 : 0.8;
          const lo = Math.max(model.start, at - (at - range[0]) * f);
          const hi = Math.min(Math.max(model.end, model.start + 1), at + (range[1] - at) * f);
          if (hi - lo > 0.01) setRange([lo, hi]);
        }}
        onMouseDown={(e) => (drag.current = { x: e.clientX, range })}
        onMouseUp={() => (drag.current = null)}
        onMouseMove={(e) => {
          const r = e.currentTarget.getBoundingClientRect();
          if (drag.current) {
            const dt = ((e.clientX - drag.current.x) / plotW) * (drag.current.range[1] - drag.current.range[0]);
            setRange([drag.current.range[0] - dt, drag.current.range[1] - dt]);
            return;
          }
          const lane = laneAt(e.clientY - r.top);
          const ts = timeAt(e.clientX - r.left);
          const spans = model.lanes[lane]?.spans;
          const slack = (range[1] - range[0]) / plotW * 2;
          const span = spans?.find((s) => s.start - slack <= ts && s.start + s.dur + slack >= ts);
          setHover(span ? { lane, span, x: e.clientX - r.left, y: e.clientY - r.top } : null);
        }}
        onMouseLeave={() => {
          drag.current = null;
          setHover(null);
        }}
        onDoubleClick={() => setRange([model.start, Math.max(model.end, model.start + 1)])}
      />
      {hover && (
        <div className="flame-tip" role="tooltip" style={{ left: Math.min(hover.x + 10, width - 240), top: hover.y + 12 }}>
          <div className="flame-tip-name">{hover.span.name}</div>
          <div>
            {model.lanes[hover.lane]!.label} · {((hover.span.start - model.start) / 1000).toFixed(3)} ms · {(hover.span.dur / 1000).toFixed(3)} ms
          </div>
        </div>
      )}
    </div>
  );
}
