/**
 * Profile (the profiling package's one model) -> weighted stacks for the
 * flame graph. pprof stacks are leaf first; flame graphs want root first.
 */
import type { Profile } from '@gopherlab/profiling';
import type { WeightedStack } from './flame/model.js';

export function profileStacks(profile: Profile, sampleIndex: number): WeightedStack[] {
  const out: WeightedStack[] = [];
  for (const s of profile.samples) {
    const value = s.values[sampleIndex] ?? 0;
    if (!(value > 0)) continue;
    const stack: string[] = new Array(s.stack.length);
    for (let i = 0; i < s.stack.length; i++) stack[s.stack.length - 1 - i] = profile.frames[s.stack[i]!]!.name;
    out.push({ stack, value });
  }
  return out;
}
