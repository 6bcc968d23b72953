/**
 * Sample selection shared by every view: pprof's -focus and -ignore.
 *
 * pprof semantics: a frame matches when the regexp matches its function
 * name, its file name or its binary (mapping) file; -focus keeps the samples
 * with at least one matching frame, -ignore drops the samples with any
 * matching frame, and ignore wins over focus.
 */
import { AppError } from '@gopherlab/errors';
import type { Profile, Sample } from './model.js';

export interface SampleFilter {
  focus?: string | RegExp | undefined;
  ignore?: string | RegExp | undefined;
  /** pprof's -tagfocus for one string label: keep the samples labelled key=value (pprof.Do, pprof.Labels). */
  label?: { key: string; value: string } | undefined;
}

/** Every string label key=value the profile's samples carry, sorted, each once (what a label filter can pick). */
export function labelValues(profile: Profile): { key: string; value: string }[] {
  const seen = new Map<string, { key: string; value: string }>();
  for (const s of profile.samples) {
    for (const [key, values] of Object.entries(s.labels ?? {})) {
      for (const value of values) seen.set(`${key}\u0000${value}`, { key, value });
    }
  }
  return [...seen.values()].sort((a, b) => (a.key === b.key ? a.value.localeCompare(b.value) : a.key.localeCompare(b.key)));
}

// Patterns come from learners; a bound keeps a pasted novel from becoming a
// pathological backtracking regexp.
const MAX_PATTERN_LENGTH = 1000;

/**
 * Compiles a Go (RE2) style pattern into a JS RegExp. The common RE2 syntax is
 * also JS syntax; RE2's leading `(?i)`, `(?s)` and `(?m)` flag groups, which
 * JS on Node 20 lacks, become RegExp flags.
 */
export function compilePattern(pattern: string | RegExp): RegExp {
  if (pattern instanceof RegExp) return pattern;
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new AppError('invalid_regexp', `The pattern is longer than ${MAX_PATTERN_LENGTH} characters.`);
  }
  let source = pattern;
  let flags = '';
  const m = /^\(\?([ims]+)\)/.exec(source);
  if (m) {
    flags = [...new Set(m[1]!.split(''))].join('');
    source = source.slice(m[0].length);
  }
  try {
    return new RegExp(source, flags + 'u');
  } catch (e) {
    try {
      // Without the u flag JS accepts some RE2 escapes ("\_") that u rejects.
      return new RegExp(source, flags);
    } catch {
      throw new AppError('invalid_regexp', `"${pattern}" is not a valid regular expression: ${(e as Error).message}.`, { pattern });
    }
  }
}

/** One mark per frame id: does the frame match `re` (name, file or binary)? */
export function matchFrames(profile: Profile, re: RegExp): Uint8Array {
  const marks = new Uint8Array(profile.frames.length);
  const byName = new Map<string, boolean>();
  const test = (s: string): boolean => {
    let hit = byName.get(s);
    if (hit === undefined) {
      re.lastIndex = 0;
      hit = s !== '' && re.test(s);
      byName.set(s, hit);
    }
    return hit;
  };
  // pprof matches per Location: a location matches when any of its lines
  // matches, and then the whole location (all its inlined frames) counts.
  const byLocation = new Map<number, boolean>();
  for (const f of profile.frames) {
    if (test(f.name) || test(f.file) || test(f.mappingFile)) byLocation.set(f.locationId, true);
  }
  for (const f of profile.frames) if (byLocation.get(f.locationId)) marks[f.id] = 1;
  return marks;
}

/** The samples that pass focus/ignore and the label filter (the same array when none is set). */
export function filterSamples(profile: Profile, filter: SampleFilter = {}): Sample[] {
  const focus = filter.focus !== undefined && filter.focus !== '' ? matchFrames(profile, compilePattern(filter.focus)) : null;
  const ignore = filter.ignore !== undefined && filter.ignore !== '' ? matchFrames(profile, compilePattern(filter.ignore)) : null;
  const label = filter.label;
  if (!focus && !ignore && !label) return profile.samples;
  return profile.samples.filter((s) => {
    if (label && !s.labels?.[label.key]?.includes(label.value)) return false;
    let focused = focus === null;
    for (let i = 0; i < s.stack.length; i++) {
      const id = s.stack[i]!;
      if (ignore && ignore[id]) return false;
      if (focus && focus[id]) focused = true;
    }
    return focused;
  });
}
