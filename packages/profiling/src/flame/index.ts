export { layoutTree, type FlameLayout } from './layout.js';
export { ancestors, buildFlameGraph, flameFromTree, frameLocation, frameLocations, frameName, hoverText, searchFlame, zoomTo, type FlameModel, type FlameOptions, type FrameLocations, type SearchResult, type ZoomRange } from './model.js';
export { buildDiffFlameGraph, diffColor, diffHoverText, diffTop, type DiffFlameModel, type DiffOptions, type DiffRow } from './diff.js';
export { draw, frameRect, hitTest, nameColor, rowY, type Canvas2DLike, type DrawOptions, type DrawStats, type Viewport } from './render.js';
export { buildSandwich, type Sandwich } from './sandwich.js';
