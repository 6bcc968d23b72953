/**
 * The renderer against a recording fake of CanvasRenderingContext2D (a test
 * double of the browser canvas; the web app tests real drawing in a browser).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeProfile } from '../pprof/decode.js';
import { buildDiffFlameGraph, diffColor } from './diff.js';
import { buildFlameGraph, frameName, searchFlame, zoomTo } from './model.js';
import { draw, frameRect, hitTest, type Canvas2DLike, type Viewport } from './render.js';

interface Op {
  op: 'fillRect' | 'fillText' | 'clearRect';
  fill: string;
  args: (number | string)[];
}

class RecordingContext implements Canvas2DLike {
  fillStyle: unknown = '';
  font = '';
  textBaseline = '';
  ops: Op[] = [];
  fillRect(x: number, y: number, w: number, h: number): void {
    this.ops.push({ op: 'fillRect', fill: String(this.fillStyle), args: [x, y, w, h] });
  }
  clearRect(x: number, y: number, w: number, h: number): void {
    this.ops.push({ op: 'clearRect', fill: '', args: [x, y, w, h] });
  }
  fillText(text: string, x: number, y: number): void {
    this.ops.push({ op: 'fillText', fill: String(this.fillStyle), args: [text, x, y] });
  }
  measureText(text: string): { width: number } {
    return { width: 7 * text.length };
  }
}

const fixture = (name: string): Buffer => readFileSync(new URL(`../../testdata/pprof/${name}`, import.meta.url));
const model = buildFlameGraph(decodeProfile(fixture('test-cpu.pb.gz')));
const view: Viewport = { width: 1200, height: 800, x0: 0, x1: 1, rowHeight: 16 };

describe('draw', () => {
  it('draws the root across the full width at the bottom (flame) or top (icicle)', () => {
    const flame = new RecordingContext();
    draw(flame, model, view);
    const rootRect = flame.ops.find((o) => o.op === 'fillRect');
    expect(rootRect?.args).toEqual([0, 800 - 16, 1199, 15]);
    expect(flame.ops.some((o) => o.op === 'fillText' && o.args[0] === 'root')).toBe(true);
    const icicle = new RecordingContext();
    draw(icicle, model, view, { icicle: true });
    expect(icicle.ops.find((o) => o.op === 'fillRect')?.args).toEqual([0, 0, 1199, 15]);
  });

  it('draws every visible frame at its layout position and nothing off-screen', () => {
    const ctx = new RecordingContext();
    const stats = draw(ctx, model, view);
    const rects = ctx.ops.filter((o) => o.op === 'fillRect');
    expect(rects.length).toBe(stats.framesDrawn);
    const expected = [...Array(model.count).keys()].filter((i) => frameRect(model, view, i).w >= 1 && frameRect(model, view, i).y + 16 > 0);
    expect(stats.framesDrawn).toBe(expected.length);
    for (const r of rects) {
      const [x, y, w] = r.args as number[];
      expect(x).toBeGreaterThanOrEqual(-1e-9);
      expect(x! + w!).toBeLessThanOrEqual(1200 + 1e-6);
      expect(y).toBeLessThan(800);
    }
    // Labels are truncated to fit their frame.
    for (const t of ctx.ops.filter((o) => o.op === 'fillText')) expect(String(t.args[0]).length * 7).toBeLessThanOrEqual(1200);
  });

  it('culls frames outside a zoomed range and stretches the zoomed frame to full width', () => {
    const target = [...Array(model.count).keys()].find((i) => frameName(model, i) === 'example.com/pprofwork.CPUWork')!;
    const z = zoomTo(model, target);
    const zoomed: Viewport = { ...view, x0: z.x0, x1: z.x1 };
    const r = frameRect(model, zoomed, target);
    expect(r.x).toBeCloseTo(0, 6);
    expect(r.w).toBeCloseTo(1200, 6);
    const ctx = new RecordingContext();
    const stats = draw(ctx, model, zoomed);
    const full = draw(new RecordingContext(), model, view);
    // Only the frame's ancestors and descendants can intersect its range.
    expect(stats.framesDrawn).toBeLessThanOrEqual(model.subtreeEnd[target]! - target + model.depth[target]!);
    expect(stats.framesDrawn).not.toBe(full.framesDrawn);
    for (const o of ctx.ops.filter((op) => op.op === 'fillRect')) expect(o.args[0]).toBeGreaterThan(-1);
  });

  it('paints search matches in the highlight colour and diff frames by change', () => {
    const search = searchFlame(model, 'Fib');
    const ctx = new RecordingContext();
    draw(ctx, model, view, { highlight: search.matches });
    const magenta = ctx.ops.filter((o) => o.op === 'fillRect' && o.fill === 'rgb(230,0,230)');
    expect(magenta.length).toBeGreaterThan(0);
    expect(magenta.length).toBeLessThanOrEqual(search.matchCount);

    const diff = buildDiffFlameGraph(decodeProfile(fixture('diff-base.pb.gz')), decodeProfile(fixture('diff-new.pb.gz')));
    const dctx = new RecordingContext();
    draw(dctx, diff, view);
    const fills = new Set(dctx.ops.filter((o) => o.op === 'fillRect').map((o) => o.fill));
    expect(fills.has(diffColor(1))).toBe(true);
    expect(fills.has(diffColor(-1))).toBe(true);
  });

  it('draws a graph with millions of frames in bounded work', () => {
    // 2,000 leaves under one parent, most narrower than a pixel.
    const wide = { ...model };
    const n = 200_001;
    const start = new Float64Array(n);
    const width = new Float64Array(n);
    const depth = new Int32Array(n);
    width[0] = n - 1;
    for (let i = 1; i < n; i++) {
      start[i] = i - 1;
      width[i] = 1;
      depth[i] = 1;
    }
    Object.assign(wide, { count: n, start, width, depth, maxDepth: 1, totalValue: n - 1, rowStart: Int32Array.from([0, 1, n]), rowNodes: Int32Array.from({ length: n }, (_, i) => i), nameId: new Int32Array(n) });
    const stats = draw(new RecordingContext(), wide, view);
    expect(stats.framesDrawn).toBeLessThanOrEqual(1 + 1200);
  });
});

describe('hitTest', () => {
  it('finds the frame under the pointer in flame and icicle orientation', () => {
    let checked = 0;
    for (let i = 0; i < model.count && checked < 200; i++) {
      for (const icicle of [false, true]) {
        const r = frameRect(model, view, i, icicle);
        if (r.w < 3 || r.y < 0) continue;
        expect(hitTest(model, view, r.x + r.w / 2, r.y + r.h / 2, icicle)).toBe(i);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('returns -1 outside any frame', () => {
    expect(hitTest(model, view, 600, 5)).toBe(-1); // above the deepest stack
    expect(hitTest(model, view, -1, 795)).toBe(-1);
    expect(hitTest(model, view, 1300, 795)).toBe(-1);
  });

  it('hit-tests in a zoomed view', () => {
    const target = model.rowNodes[model.rowStart[4]!]!;
    const z = zoomTo(model, target);
    const zoomed: Viewport = { ...view, x0: z.x0, x1: z.x1 };
    expect(hitTest(model, zoomed, 600, 800 - 4 * 16 - 8)).toBe(target);
  });
});
