/**
 * A deterministic synthetic call tree of a given node count, for the flame
 * graph benchmark: realistic shape (wide near the root, long thin towers,
 * Go-like function names), reproducible with a seed.
 */
import type { WeightedStack } from '../src/profiles/flame/model.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticStacks(targetNodes: number, seed = 1): WeightedStack[] {
  const rand = rng(seed);
  const pkgs = ['runtime', 'main', 'sync', 'encoding/json', 'net/http', 'strings', 'bytes', 'sort', 'fmt', 'example.com/app/internal/store'];
  const stacks: WeightedStack[] = [];
  let nodes = 0;
  const path: string[] = [];
  const grow = (depth: number) => {
    const children = depth === 0 ? 40 : depth < 3 ? 2 + Math.floor(rand() * 6) : rand() < 0.55 ? 1 + Math.floor(rand() * 3) : 0;
    if (children === 0 || depth > 40 || nodes >= targetNodes) {
      stacks.push({ stack: [...path], value: 1 + Math.floor(rand() * 1000) });
      return;
    }
    for (let i = 0; i < children && nodes < targetNodes; i++) {
      nodes++;
      const pkg = pkgs[Math.floor(rand() * pkgs.length)]!;
      path.push(`${pkg}.fn${depth}_${i}_${Math.floor(rand() * 50)}`);
      grow(depth + 1);
      path.pop();
    }
  };
  while (nodes < targetNodes) grow(0);
  return stacks;
}
