/**
 * Canvas drawing of a FlameGraph. Only frames inside the visible weight range
 * and wider than a fraction of a pixel are drawn (found by binary search per
 * depth row), so a zoomed-in or hovered redraw of a 100,000-frame graph stays
 * well inside one animation frame (bench/web-flame-fps.ts measures it).
 */
import type { FlameGraph } from './model.js';

export interface FlameViewport {
  /** Visible weight range [x0, x1). */
  x0: number;
  x1: number;
  /** Icicle: root at the top; otherwise a flame graph with the root at the bottom. */
  icicle: boolean;
  /** Nodes highlighted by the search box (1 = match); null when not searching. */
  matches: Uint8Array | null;
  /** Focused (zoomed) node: its ancestors are drawn full-width and dimmed. */
  focus: number;
  dark: boolean;
}

export const ROW_HEIGHT = 18;
const MIN_PX = 0.35;
const TEXT_MIN_PX = 28;

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Warm palette keyed by function name, so one function has one colour everywhere. */
export function nameColors(g: FlameGraph): string[] {
  return g.names.map((name) => {
    const h = hash(name);
    const hue = 10 + (h % 45);
    const sat = 70 + ((h >> 8) % 20);
    const light = 52 + ((h >> 16) % 12);
    return `hsl(${hue} ${sat}% ${light}%)`;
  });
}

/** Diff colour: red where the new profile grew, blue where it shrank, grey when unchanged. */
export function diffColor(total: number, base: number): string {
  const max = Math.max(total, base);
  if (max <= 0) return 'hsl(0 0% 70%)';
  const rel = (total - base) / max; // -1 .. 1
  const strength = Math.min(1, Math.abs(rel) * 1.5);
  const light = Math.round(88 - strength * 38);
  return rel >= 0 ? `hsl(0 80% ${light}%)` : `hsl(215 80% ${light}%)`;
}

export function rowY(depth: number, maxDepth: number, height: number, icicle: boolean): number {
  return icicle ? depth * ROW_HEIGHT : height - (depth + 1) * ROW_HEIGHT;
}

export function drawFlame(ctx: CanvasRenderingContext2D, g: FlameGraph, colors: readonly string[], v: FlameViewport, width: number, height: number): number {
  ctx.clearRect(0, 0, width, height);
  ctx.font = '12px ui-monospace, SFMono-Regular, Menlo, monospace';
  ctx.textBaseline = 'middle';
  const scale = width / Math.max(v.x1 - v.x0, 1e-12);
  const ancestors = new Set<number>();
  for (let p = v.focus; p >= 0; p = g.parent[p]!) ancestors.add(p);
  const focusDepth = v.focus >= 0 ? g.depth[v.focus]! : 0;
  let drawn = 0;
  const textColor = '#1b1b1b';
  let lastFill = '';
  for (let d = 0; d <= g.maxDepth; d++) {
    const row = g.byDepth[d]!;
    const y = rowY(d, g.maxDepth, height, v.icicle);
    if (y + ROW_HEIGHT < 0 || y > height) continue;
    // First node whose right edge is past x0.
    let lo = 0;
    let hi = row.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const id = row[mid]!;
      if (g.start[id]! + g.width[id]! <= v.x0) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < row.length; i++) {
      const id = row[i]!;
      const start = g.start[id]!;
      if (start >= v.x1) break;
      const w = g.width[id]! * scale;
      if (w < MIN_PX) continue;
      const x = (start - v.x0) * scale;
      const dimmed = d < focusDepth && ancestors.has(id);
      let fill = g.baseTotal ? diffColor(g.total[id]!, g.baseTotal[id]!) : colors[g.nameId[id]!]!;
      if (v.matches && !v.matches[id]) fill = v.dark ? '#3a3a3a' : '#d9d9d9';
      else if (v.matches) fill = '#e040fb';
      const alpha = dimmed ? 0.55 : 1;
      if (ctx.globalAlpha !== alpha) ctx.globalAlpha = alpha;
      // Assigning fillStyle parses the colour string: skip it when unchanged.
      if (fill !== lastFill) {
        ctx.fillStyle = fill;
        lastFill = fill;
      }
      ctx.fillRect(x, y, Math.max(w - 0.5, 0.35), ROW_HEIGHT - 1);
      if (w >= TEXT_MIN_PX) {
        const label = g.names[g.nameId[id]!]!;
        const maxChars = Math.floor((w - 6) / 7.2);
        const text = label.length > maxChars ? label.slice(0, Math.max(0, maxChars - 1)) + '…' : label;
        ctx.fillStyle = textColor;
        lastFill = textColor;
        ctx.fillText(text, Math.max(x, 0) + 3, y + ROW_HEIGHT / 2);
      }
      drawn++;
    }
  }
  ctx.globalAlpha = 1;
  return drawn;
}

/**
 * The hover outline lives on an overlay canvas: moving the pointer redraws
 * one rectangle instead of the whole graph, which is what makes hover instant
 * on large profiles.
 */
export function drawHover(ctx: CanvasRenderingContext2D, g: FlameGraph, v: FlameViewport, width: number, height: number, id: number): void {
  ctx.clearRect(0, 0, width, height);
  if (id < 0) return;
  const scale = width / Math.max(v.x1 - v.x0, 1e-12);
  const x = Math.max((g.start[id]! - v.x0) * scale, 0);
  const right = Math.min((g.start[id]! + g.width[id]! - v.x0) * scale, width);
  const y = rowY(g.depth[id]!, g.maxDepth, height, v.icicle);
  ctx.strokeStyle = v.dark ? '#fff' : '#000';
  ctx.lineWidth = 1.5;
  ctx.strokeRect(x + 0.75, y + 0.75, Math.max(right - x - 2, 1), ROW_HEIGHT - 2.5);
}

/** Pixel position -> node id, inverting drawFlame's layout. */
export function hitTest(g: FlameGraph, v: FlameViewport, width: number, height: number, px: number, py: number, nodeAt: (g: FlameGraph, d: number, x: number) => number): number {
  const depth = v.icicle ? Math.floor(py / ROW_HEIGHT) : Math.floor((height - py) / ROW_HEIGHT);
  if (depth < 0 || depth > g.maxDepth) return -1;
  const x = v.x0 + (px / width) * (v.x1 - v.x0);
  const id = nodeAt(g, depth, x);
  if (id < 0) return -1;
  return g.width[id]! * (width / (v.x1 - v.x0)) >= MIN_PX ? id : -1;
}
