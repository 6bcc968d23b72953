/**
 * The sandwich view of one function (speedscope's name): who calls it, and
 * what it calls, each as a flame graph rooted at the function. Every sample
 * whose stack contains the function counts once in both, cut at the
 * function's outermost frame (so recursion does not count twice):
 *
 *   callees: the stack from the function down to the leaf;
 *   callers: the stack from the function up to the root, turned over.
 *
 * Both graphs' totals therefore equal the function's cumulative value in the
 * top table (with the same focus/ignore).
 */
import { filterSamples } from '../pprof/filter.js';
import { sampleTypeIndex } from '../pprof/decode.js';
import type { Profile, Sample } from '../pprof/model.js';
import { buildTreeFromStacks, type TreeOptions } from '../pprof/tree.js';
import { flameFromTree, type FlameModel } from './model.js';

export interface Sandwich {
  callers: FlameModel;
  callees: FlameModel;
  /** Samples whose stack holds the function (0: nothing to draw). */
  samples: number;
}

export function buildSandwich(profile: Profile, fn: string, options: TreeOptions = {}): Sandwich {
  const valueIndex = sampleTypeIndex(profile, options.sampleType);
  const isFn = Uint8Array.from(profile.frames, (f) => (f.name === fn ? 1 : 0));
  const callers: Sample[] = [];
  const callees: Sample[] = [];
  for (const s of filterSamples(profile, options)) {
    // Leaf first: the outermost frame of fn has the largest index.
    let k = -1;
    for (let i = s.stack.length - 1; i >= 0; i--) {
      if (isFn[s.stack[i]!]) {
        k = i;
        break;
      }
    }
    if (k < 0) continue;
    callees.push({ ...s, stack: s.stack.subarray(0, k + 1) });
    callers.push({ ...s, stack: s.stack.slice(k).reverse() });
  }
  const sampleType = profile.sampleTypes[valueIndex]!;
  const graph = (samples: Sample[]) => flameFromTree(buildTreeFromStacks([{ profile, samples, valueIndex }]), profile, sampleType);
  return { callers: graph(callers), callees: graph(callees), samples: callees.length };
}
