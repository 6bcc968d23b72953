/**
 * Decodes a pprof protobuf (gzipped, as every Go tool writes it, or raw) into
 * the Profile model.
 *
 * Library choice: protobuf decoding uses `pprof-format` (Datadog's maintained
 * pure-TypeScript pprof codec, no Node built-ins), and gunzip uses `fflate`;
 * both run unchanged in the browser, where the web app decodes profiles
 * client-side. We measured pprof-format on a 21 MB gzipped CPU profile
 * (700,000 samples, 44 MB raw): about 2.6 s to decode plus 0.55 s to gunzip,
 * against 16 s for `go tool pprof -top` on the same file, so a hand-written
 * wire reader was not worth its maintenance (see bench/profiling-pprof-decode.ts).
 *
 * Every reference inside the file (string, function, location and mapping
 * ids) is checked: a corrupt or hostile file yields AppError("invalid_profile")
 * with the reason, never a crash or an undefined deep inside a view.
 */
import { AppError } from '@gopherlab/errors';
import { gunzipSync } from 'fflate';
import { Profile as PprofProfile } from 'pprof-format';
import type { Frame, Mapping, NumLabel, Profile, Sample, ValueType } from './model.js';

type Numeric = number | bigint;

function num(v: Numeric): number {
  return typeof v === 'bigint' ? Number(v) : v;
}

function invalid(reason: string): AppError {
  return new AppError('invalid_profile', `The file is not a valid pprof profile: ${reason}.`);
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Gunzips if needed (Go always gzips; some tools and our fixtures do not). */
export function unzipProfileBytes(bytes: Uint8Array): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (e) {
    throw invalid(`gzip data is corrupt (${(e as Error).message})`);
  }
}

export function decodeProfile(bytes: Uint8Array): Profile {
  if (bytes.length === 0) throw invalid('the file is empty');
  const raw = unzipProfileBytes(bytes);
  let p: PprofProfile;
  try {
    p = PprofProfile.decode(raw);
  } catch (e) {
    throw invalid(`protobuf decoding failed (${(e as Error).message})`);
  }
  return fromPprof(p);
}

function fromPprof(p: PprofProfile): Profile {
  const strings = p.stringTable.strings;
  const str = (idx: Numeric, what: string): string => {
    const i = num(idx);
    const s = strings[i];
    if (s === undefined) throw invalid(`${what} refers to string ${i}, but the string table has ${strings.length}`);
    return s;
  };

  if (p.sampleType.length === 0) throw invalid('it declares no sample types');
  const sampleTypes: ValueType[] = p.sampleType.map((vt) => ({ type: str(vt.type, 'a sample type'), unit: str(vt.unit, 'a sample unit') }));
  const declaredDefault = str(p.defaultSampleType, 'default_sample_type');
  const defaultSampleType = declaredDefault !== '' && sampleTypes.some((t) => t.type === declaredDefault) ? declaredDefault : sampleTypes[sampleTypes.length - 1]!.type;

  const mappings: Mapping[] = [];
  const mappingFile = new Map<number, string>();
  for (const m of p.mapping) {
    const mapping = { id: num(m.id), file: str(m.filename, 'a mapping'), buildId: str(m.buildId, 'a mapping') };
    mappings.push(mapping);
    mappingFile.set(mapping.id, mapping.file);
  }

  const functions = new Map<number, { name: string; systemName: string; file: string }>();
  for (const f of p.function) {
    functions.set(num(f.id), { name: str(f.name, 'a function name'), systemName: str(f.systemName, 'a function'), file: str(f.filename, 'a function file') });
  }

  // Frames: one per (location, line); names interned so views aggregate by int.
  const frames: Frame[] = [];
  const names: string[] = [];
  const nameIds = new Map<string, number>();
  const internName = (name: string): number => {
    let id = nameIds.get(name);
    if (id === undefined) {
      id = names.length;
      names.push(name);
      nameIds.set(name, id);
    }
    return id;
  };
  const locationFrames = new Map<number, Uint32Array>();
  for (const loc of p.location) {
    const locationId = num(loc.id);
    const address = num(loc.address);
    const mappingId = num(loc.mappingId);
    const mFile = mappingId === 0 ? '' : mappingFile.get(mappingId);
    if (mFile === undefined) throw invalid(`location ${locationId} refers to mapping ${mappingId}, which does not exist`);
    const ids: number[] = [];
    if (loc.line.length === 0) {
      // Unsymbolised location: name it by address, as pprof does.
      const name = `0x${address.toString(16)}`;
      ids.push(frames.length);
      frames.push({ id: frames.length, nameId: internName(name), name, systemName: '', file: '', line: 0, column: 0, inlined: false, address, locationId, mappingFile: mFile });
    }
    loc.line.forEach((ln, i) => {
      const functionId = num(ln.functionId);
      const fn = functions.get(functionId);
      if (fn === undefined) throw invalid(`location ${locationId} refers to function ${functionId}, which does not exist`);
      ids.push(frames.length);
      frames.push({
        id: frames.length,
        nameId: internName(fn.name),
        name: fn.name,
        systemName: fn.systemName,
        file: fn.file,
        line: num(ln.line),
        column: num(ln.column),
        // pprof lists the innermost call first; all but the last line were inlined into the next.
        inlined: i < loc.line.length - 1,
        address,
        locationId,
        mappingFile: mFile,
      });
    });
    locationFrames.set(locationId, Uint32Array.from(ids));
  }

  const nTypes = sampleTypes.length;
  const samples: Sample[] = new Array(p.sample.length);
  const scratch: number[] = [];
  for (let s = 0; s < p.sample.length; s++) {
    const ps = p.sample[s]!;
    if (ps.value.length !== nTypes) throw invalid(`sample ${s} has ${ps.value.length} values for ${nTypes} sample types`);
    scratch.length = 0;
    for (const lid of ps.locationId) {
      const fr = locationFrames.get(num(lid));
      if (fr === undefined) throw invalid(`sample ${s} refers to location ${num(lid)}, which does not exist`);
      for (let k = 0; k < fr.length; k++) scratch.push(fr[k]!);
    }
    const values = new Array<number>(nTypes);
    for (let i = 0; i < nTypes; i++) values[i] = num(ps.value[i]!);
    let labels: Record<string, string[]> | null = null;
    let numLabels: NumLabel[] | null = null;
    for (const l of ps.label) {
      const key = str(l.key, 'a label key');
      if (num(l.str) !== 0) {
        labels ??= {};
        (labels[key] ??= []).push(str(l.str, 'a label value'));
      } else {
        (numLabels ??= []).push({ key, value: num(l.num), unit: str(l.numUnit, 'a label unit') });
      }
    }
    samples[s] = { stack: Uint32Array.from(scratch), values, labels, numLabels };
  }

  const periodType = p.periodType ? { type: str(p.periodType.type, 'period_type'), unit: str(p.periodType.unit, 'period_type') } : null;
  return {
    sampleTypes,
    defaultSampleType,
    periodType,
    period: num(p.period),
    timeNanos: num(p.timeNanos),
    durationNanos: num(p.durationNanos),
    comments: p.comment.map((c) => str(c, 'a comment')),
    dropFrames: str(p.dropFrames, 'drop_frames'),
    keepFrames: str(p.keepFrames, 'keep_frames'),
    mappings,
    frames,
    names,
    samples,
  };
}

/** Index of a sample type by name (default: the profile's default), or AppError("unknown_sample_type"). */
export function sampleTypeIndex(profile: Profile, type?: string): number {
  const wanted = type ?? profile.defaultSampleType;
  const i = profile.sampleTypes.findIndex((t) => t.type === wanted);
  if (i < 0) {
    const known = profile.sampleTypes.map((t) => t.type).join(', ');
    throw new AppError('unknown_sample_type', `The profile has no sample type "${wanted}". It has: ${known}.`, { known: profile.sampleTypes.map((t) => t.type) });
  }
  return i;
}
