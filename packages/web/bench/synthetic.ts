/**
 * A deterministic synthetic CPU profile whose call tree has a given number
 * of nodes, for the flame graph benchmark and component test: realistic
 * shape (wide near the root, long thin towers, Go-like function names),
 * reproducible with a seed. It is a real `Profile` value, so the page runs
 * the same model code (@gopherlab/profiling buildFlameGraph) as a decoded
 * pprof file.
 */
import { mulberry32 as rng, type Frame, type Profile, type Sample } from '@gopherlab/profiling';


export function syntheticProfile(targetNodes: number, seed = 1): Profile {
  const rand = rng(seed);
  const pkgs = ['runtime', 'main', 'sync', 'encoding/json', 'net/http', 'strings', 'bytes', 'sort', 'fmt', 'example.com/app/internal/store'];
  const frames: Frame[] = [];
  const names: string[] = [];
  const frameByName = new Map<string, number>();
  const frameOf = (name: string) => {
    let id = frameByName.get(name);
    if (id === undefined) {
      id = frames.length;
      names.push(name);
      frames.push({ id, nameId: id, name, systemName: name, file: `/src/${name.split('.')[0]}/x.go`, line: 10 + (id % 300), column: 0, inlined: false, address: 0, locationId: id + 1, mappingFile: '' });
      frameByName.set(name, id);
    }
    return id;
  };
  const samples: Sample[] = [];
  let nodes = 0;
  const path: number[] = [];
  const grow = (depth: number) => {
    const children = depth === 0 ? 40 : depth < 3 ? 2 + Math.floor(rand() * 6) : rand() < 0.55 ? 1 + Math.floor(rand() * 3) : 0;
    if (children === 0 || depth > 40 || nodes >= targetNodes) {
      // pprof stacks are leaf first.
      samples.push({ stack: Uint32Array.from([...path].reverse()), values: [(1 + Math.floor(rand() * 1000)) * 10_000], labels: null, numLabels: null });
      return;
    }
    for (let i = 0; i < children && nodes < targetNodes; i++) {
      nodes++;
      const pkg = pkgs[Math.floor(rand() * pkgs.length)]!;
      path.push(frameOf(`${pkg}.fn${depth}_${i}_${Math.floor(rand() * 50)}`));
      grow(depth + 1);
      path.pop();
    }
  };
  while (nodes < targetNodes) grow(0);
  return {
    sampleTypes: [{ type: 'cpu', unit: 'nanoseconds' }],
    defaultSampleType: 'cpu',
    periodType: { type: 'cpu', unit: 'nanoseconds' },
    period: 10_000_000,
    timeNanos: 0,
    durationNanos: 0,
    comments: [],
    dropFrames: '',
    keepFrames: '',
    mappings: [],
    frames,
    names,
    samples,
  };
}
