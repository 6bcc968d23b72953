/**
 * A minimal canvas renderer for flame graphs, plain functions over a
 * CanvasRenderingContext2D-like object so it runs in the browser and is
 * unit-testable in Node with a recording fake.
 *
 * Work per draw is bounded by what is visible, not by the size of the graph:
 * only visible rows are visited, each row is entered by binary search at the
 * left edge of the view, and runs of frames narrower than a pixel are
 * skipped by binary search too, so a graph with millions of frames draws in
 * roughly (rows x pixels) steps.
 */
import type { FlameLayout } from './layout.js';
import { diffColor } from './diff.js';

/** The subset of CanvasRenderingContext2D the renderer uses. */
export interface Canvas2DLike {
  fillStyle: unknown;
  font: string;
  textBaseline: string;
  fillRect(x: number, y: number, w: number, h: number): void;
  clearRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
  measureText(text: string): { width: number };
}

export interface Viewport {
  /** Canvas size in CSS pixels. */
  width: number;
  height: number;
  /** Visible x range as fractions of the whole graph (zoomTo gives these). */
  x0: number;
  x1: number;
  /** Row height in pixels (default 18). */
  rowHeight?: number;
  /** Vertical scroll in pixels (towards deeper frames). */
  scroll?: number;
}

export interface DrawOptions {
  /** Icicle: root at the top, callees below. Default: flame (root at the bottom). */
  icicle?: boolean;
  /** Search matches (searchFlame().matches): drawn in the highlight colour. */
  highlight?: Uint8Array | null;
  /** Frame under the pointer, outlined. */
  hovered?: number;
  /** Overrides the colour of a frame. */
  colorOf?: (frame: number) => string;
  font?: string;
}

type Model = FlameLayout & { change?: Float64Array };

const HIGHLIGHT = 'rgb(230,0,230)';
const TEXT = 'rgb(0,0,0)';
const MIN_TEXT_PX = 28;

function rowHeightOf(v: Viewport): number {
  return v.rowHeight ?? 18;
}

/** y of the top of a row of depth d. */
export function rowY(viewport: Viewport, depth: number, icicle: boolean): number {
  const rh = rowHeightOf(viewport);
  const scroll = viewport.scroll ?? 0;
  return icicle ? depth * rh - scroll : viewport.height - (depth + 1) * rh + scroll;
}

/** Pixel rectangle of a frame in this viewport. */
export function frameRect(model: FlameLayout, viewport: Viewport, frame: number, icicle = false): { x: number; y: number; w: number; h: number } {
  const t = model.totalValue || 1;
  const span = viewport.x1 - viewport.x0 || 1;
  const px = viewport.width / (span * t);
  return {
    x: (model.start[frame]! - viewport.x0 * t) * px,
    y: rowY(viewport, model.depth[frame]!, icicle),
    w: Math.abs(model.width[frame]!) * px,
    h: rowHeightOf(viewport),
  };
}

/** First index k in [lo, hi) of rowNodes with end (start + width) > x. */
function firstEndingAfter(model: FlameLayout, lo: number, hi: number, x: number): number {
  const { rowNodes, start, width } = model;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const f = rowNodes[mid]!;
    if (start[f]! + Math.abs(width[f]!) > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Warm flame colours, stable per function name (hash of the name id). */
export function nameColor(nameId: number): string {
  let h = (nameId + 1) * 2654435761;
  h = (h ^ (h >>> 15)) >>> 0;
  const r = 205 + (h % 50);
  const g = 80 + ((h >>> 8) % 150);
  const b = (h >>> 16) % 55;
  return `rgb(${r},${g},${b})`;
}

export interface DrawStats {
  framesDrawn: number;
  rowsVisited: number;
}

export function draw(ctx: Canvas2DLike, model: Model, viewport: Viewport, options: DrawOptions = {}): DrawStats {
  const icicle = options.icicle ?? false;
  const rh = rowHeightOf(viewport);
  const t = model.totalValue;
  ctx.clearRect(0, 0, viewport.width, viewport.height);
  const stats: DrawStats = { framesDrawn: 0, rowsVisited: 0 };
  if (t === 0 || model.count === 0) return stats;
  ctx.font = options.font ?? '12px sans-serif';
  ctx.textBaseline = 'middle';
  const charWidth = Math.max(1, ctx.measureText('m').width);
  const span = viewport.x1 - viewport.x0 || 1;
  const vx0 = viewport.x0 * t;
  const vx1 = vx0 + span * t;
  const px = viewport.width / (span * t);
  const onePixel = 1 / px;
  const { rowStart, rowNodes, start, width, nameId, names } = model;

  for (let d = 0; d <= model.maxDepth; d++) {
    const y = rowY(viewport, d, icicle);
    if (y + rh <= 0 || y >= viewport.height) continue;
    stats.rowsVisited++;
    const hi = rowStart[d + 1]!;
    let k = firstEndingAfter(model, rowStart[d]!, hi, vx0);
    while (k < hi) {
      const f = rowNodes[k]!;
      const s = start[f]!;
      if (s >= vx1) break;
      const w = Math.abs(width[f]!);
      if (w < onePixel) {
        // Sub-pixel frames: jump to the first frame ending a pixel further.
        k = Math.max(k + 1, firstEndingAfter(model, k + 1, hi, s + onePixel));
        continue;
      }
      // Clip to the view: a zoomed frame's ancestors extend far beyond it.
      const x = Math.max(0, (s - vx0) * px);
      const wpx = Math.min(viewport.width, (s + w - vx0) * px) - x;
      ctx.fillStyle = options.highlight?.[f] ? HIGHLIGHT : options.colorOf ? options.colorOf(f) : model.change ? diffColor(model.change[f]!) : nameColor(nameId[f]!);
      // A 1px gap between frames keeps neighbours distinguishable.
      ctx.fillRect(x, y, Math.max(wpx - 1, 0.5), rh - 1);
      if (f === options.hovered) {
        ctx.fillStyle = TEXT;
        ctx.fillRect(x, y + rh - 2, Math.max(wpx - 1, 0.5), 1);
      }
      if (wpx >= MIN_TEXT_PX) {
        const name = f === 0 ? 'root' : names[nameId[f]!]!;
        const fit = Math.floor((wpx - 6) / charWidth);
        const label = name.length <= fit ? name : fit > 2 ? `${name.slice(0, fit - 1)}…` : '';
        if (label) {
          ctx.fillStyle = TEXT;
          ctx.fillText(label, x + 3, y + rh / 2);
        }
      }
      stats.framesDrawn++;
      k++;
    }
  }
  return stats;
}

/** The frame under pixel (px, py), or -1: binary search in the row under py. */
export function hitTest(model: FlameLayout, viewport: Viewport, px: number, py: number, icicle = false): number {
  if (model.totalValue === 0 || px < 0 || px >= viewport.width) return -1;
  const rh = rowHeightOf(viewport);
  const scroll = viewport.scroll ?? 0;
  const d = icicle ? Math.floor((py + scroll) / rh) : Math.ceil((viewport.height + scroll - py) / rh) - 1;
  if (d < 0 || d > model.maxDepth) return -1;
  const t = model.totalValue;
  const span = viewport.x1 - viewport.x0 || 1;
  const x = viewport.x0 * t + (px / viewport.width) * span * t;
  const hi = model.rowStart[d + 1]!;
  const k = firstEndingAfter(model, model.rowStart[d]!, hi, x);
  if (k >= hi) return -1;
  const f = model.rowNodes[k]!;
  return model.start[f]! <= x ? f : -1;
}
