/**
 * The one model of a profile. Every pprof file (cpu, heap, allocs, block,
 * mutex, goroutine; from `go test`, runtime/pprof or net/http/pprof) decodes
 * into this shape, and every view (top, tree, flame graph, diff) reads only
 * this shape.
 *
 * Stacks are stored as frame ids rather than location ids: a pprof Location
 * with inlined calls holds several (function, line) pairs, and each of them
 * becomes its own Frame. Views then never have to know about inlining except
 * through `Frame.inlined`.
 */

export interface ValueType {
  /** e.g. "cpu", "alloc_space", "contentions", "delay", "goroutine". */
  type: string;
  /** e.g. "nanoseconds", "bytes", "count". */
  unit: string;
}

export interface Mapping {
  id: number;
  file: string;
  buildId: string;
}

export interface Frame {
  /** Index into `Profile.frames`. */
  id: number;
  /** Index into `Profile.names`: frames of one function share it, so views aggregate by integer. */
  nameId: number;
  /** Function name; for a frame without symbol information, the address in hex. */
  name: string;
  systemName: string;
  file: string;
  line: number;
  column: number;
  /**
   * True when the compiler inlined this call into its caller: the frame is not
   * the last (outermost) line of its pprof Location. `go tool pprof` prints
   * "(inline)" for such functions.
   */
  inlined: boolean;
  address: number;
  /** Id of the pprof Location this frame came from. */
  locationId: number;
  mappingFile: string;
}

export interface NumLabel {
  key: string;
  value: number;
  unit: string;
}

export interface Sample {
  /** Frame ids, leaf first (the pprof order). */
  stack: Uint32Array;
  /** One value per sample type. */
  values: number[];
  /** String labels (pprof.Do / pprof.Labels); null when the sample has none. */
  labels: Record<string, string[]> | null;
  /** Numeric labels, e.g. "bytes" on heap samples; null when none. */
  numLabels: NumLabel[] | null;
}

export interface Profile {
  sampleTypes: ValueType[];
  /** The sample type views use unless told otherwise (pprof's rule: the declared default, else the last). */
  defaultSampleType: string;
  periodType: ValueType | null;
  period: number;
  timeNanos: number;
  durationNanos: number;
  comments: string[];
  dropFrames: string;
  keepFrames: string;
  mappings: Mapping[];
  frames: Frame[];
  /** Distinct function names; `Frame.nameId` indexes it. */
  names: string[];
  samples: Sample[];
}
