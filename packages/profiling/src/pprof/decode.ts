/**
 * Decodes a pprof protobuf (gzipped, as every Go tool writes it, or raw) into
 * the Profile model.
 *
 * Gunzip uses `fflate` (browser-safe; the web app decodes profiles
 * client-side). The protobuf itself is read by our own small wire reader
 * (wire.ts, which says why no library): on a 21 MB CPU profile it decodes
 * several times faster than pprof-format, the library we started with
 * (bench/profiling-pprof-decode.ts).
 *
 * Every reference inside the file (string, function, location and mapping
 * ids) is checked: a corrupt or hostile file yields AppError("invalid_profile")
 * with the reason, never a crash or an undefined deep inside a view.
 */
import { AppError } from '@gopherlab/errors';
import { gunzipSync } from 'fflate';
import type { Frame, Mapping, NumLabel, Profile, Sample, ValueType } from './model.js';
import { decodeString, WireError, WireReader } from './wire.js';

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
  try {
    return decodeRaw(raw);
  } catch (e) {
    if (e instanceof WireError) throw invalid(`protobuf decoding failed (${e.message})`);
    throw e;
  }
}

interface RawValueType {
  type: number;
  unit: number;
}
interface RawLocation {
  id: number;
  mappingId: number;
  address: number;
  lines: number[]; // functionId, line, column triples
}
interface RawFunction {
  id: number;
  name: number;
  systemName: number;
  filename: number;
}

function valueType(r: WireReader): RawValueType {
  const vt = { type: 0, unit: 0 };
  const m = r.message();
  while (!m.done()) {
    const tag = m.tag();
    if (tag === 8) vt.type = m.varint();
    else if (tag === 16) vt.unit = m.varint();
    else m.skip(tag & 7);
  }
  return vt;
}

function decodeRaw(buf: Uint8Array): Profile {
  // Pass 1: everything but the samples, whose byte ranges are remembered
  // (Go writes samples before the locations they refer to).
  const strings: string[] = [];
  const sampleTypesRaw: RawValueType[] = [];
  const sampleRanges: number[] = [];
  const mappingsRaw: { id: number; file: number; buildId: number }[] = [];
  const locationsRaw: RawLocation[] = [];
  const functionsRaw: RawFunction[] = [];
  const commentsRaw: number[] = [];
  let periodTypeRaw: RawValueType | null = null;
  let dropFrames = 0;
  let keepFrames = 0;
  let timeNanos = 0;
  let durationNanos = 0;
  let period = 0;
  let defaultSampleTypeRaw = 0;
  const r = new WireReader(buf);
  while (!r.done()) {
    const tag = r.tag();
    const field = Math.floor(tag / 8);
    const wt = tag & 7;
    switch (field) {
      case 1:
        sampleTypesRaw.push(valueType(r));
        break;
      case 2: {
        const n = r.length();
        sampleRanges.push(r.pos, r.pos + n);
        r.pos += n;
        break;
      }
      case 3: {
        const m = r.message();
        const mp = { id: 0, file: 0, buildId: 0 };
        while (!m.done()) {
          const t = m.tag();
          if (t === 8) mp.id = m.varint();
          else if (t === 40) mp.file = m.varint();
          else if (t === 48) mp.buildId = m.varint();
          else m.skip(t & 7);
        }
        mappingsRaw.push(mp);
        break;
      }
      case 4: {
        const m = r.message();
        const loc: RawLocation = { id: 0, mappingId: 0, address: 0, lines: [] };
        while (!m.done()) {
          const t = m.tag();
          if (t === 8) loc.id = m.varint();
          else if (t === 16) loc.mappingId = m.varint();
          else if (t === 24) loc.address = m.varint();
          else if (t === 34) {
            const l = m.message();
            let fn = 0;
            let line = 0;
            let column = 0;
            while (!l.done()) {
              const lt = l.tag();
              if (lt === 8) fn = l.varint();
              else if (lt === 16) line = l.varint();
              else if (lt === 24) column = l.varint();
              else l.skip(lt & 7);
            }
            loc.lines.push(fn, line, column);
          } else m.skip(t & 7);
        }
        locationsRaw.push(loc);
        break;
      }
      case 5: {
        const m = r.message();
        const fn: RawFunction = { id: 0, name: 0, systemName: 0, filename: 0 };
        while (!m.done()) {
          const t = m.tag();
          if (t === 8) fn.id = m.varint();
          else if (t === 16) fn.name = m.varint();
          else if (t === 24) fn.systemName = m.varint();
          else if (t === 32) fn.filename = m.varint();
          else m.skip(t & 7);
        }
        functionsRaw.push(fn);
        break;
      }
      case 6: {
        if (wt !== 2) throw new WireError('string_table entry is not a string');
        const n = r.length();
        strings.push(decodeString(buf, r.pos, r.pos + n));
        r.pos += n;
        break;
      }
      case 7:
        dropFrames = r.varint();
        break;
      case 8:
        keepFrames = r.varint();
        break;
      case 9:
        timeNanos = r.varint();
        break;
      case 10:
        durationNanos = r.varint();
        break;
      case 11:
        periodTypeRaw = valueType(r);
        break;
      case 12:
        period = r.varint();
        break;
      case 13:
        r.repeated(wt, commentsRaw);
        break;
      case 14:
        defaultSampleTypeRaw = r.varint();
        break;
      default:
        if (field === 0) throw new WireError('field number 0');
        r.skip(wt);
    }
  }

  const str = (i: number, what: string): string => {
    const s = strings[i];
    if (s === undefined) throw invalid(`${what} refers to string ${i}, but the string table has ${strings.length}`);
    return s;
  };
  if (strings.length === 0 || strings[0] !== '') throw invalid('its string table does not start with the empty string');
  if (sampleTypesRaw.length === 0) throw invalid('it declares no sample types');
  const sampleTypes: ValueType[] = sampleTypesRaw.map((vt) => ({ type: str(vt.type, 'a sample type'), unit: str(vt.unit, 'a sample unit') }));
  const declaredDefault = str(defaultSampleTypeRaw, 'default_sample_type');
  const defaultSampleType = declaredDefault !== '' && sampleTypes.some((t) => t.type === declaredDefault) ? declaredDefault : sampleTypes[sampleTypes.length - 1]!.type;

  const mappings: Mapping[] = [];
  const mappingFile = new Map<number, string>();
  for (const m of mappingsRaw) {
    const mapping = { id: m.id, file: str(m.file, 'a mapping'), buildId: str(m.buildId, 'a mapping') };
    mappings.push(mapping);
    mappingFile.set(mapping.id, mapping.file);
  }

  const functions = new Map<number, { name: string; systemName: string; file: string }>();
  for (const f of functionsRaw) {
    functions.set(f.id, { name: str(f.name, 'a function name'), systemName: str(f.systemName, 'a function'), file: str(f.filename, 'a function file') });
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
  // Location ids are small consecutive integers in practice (Go numbers them
  // from 1): index a dense array, fall back to a Map for sparse ids.
  const maxLocationId = locationsRaw.reduce((m, l) => Math.max(m, l.id), 0);
  const dense = maxLocationId <= 4 * locationsRaw.length + 1024;
  const locationArray: (Uint32Array | undefined)[] = dense ? new Array<Uint32Array | undefined>(maxLocationId + 1) : [];
  const locationMap = new Map<number, Uint32Array>();
  for (const loc of locationsRaw) {
    const { id: locationId, address, mappingId } = loc;
    const mFile = mappingId === 0 ? '' : mappingFile.get(mappingId);
    if (mFile === undefined) throw invalid(`location ${locationId} refers to mapping ${mappingId}, which does not exist`);
    const ids: number[] = [];
    const nLines = loc.lines.length / 3;
    if (nLines === 0) {
      // Unsymbolised location: name it by address, as pprof does.
      const name = `0x${address.toString(16)}`;
      ids.push(frames.length);
      frames.push({ id: frames.length, nameId: internName(name), name, systemName: '', file: '', line: 0, column: 0, inlined: false, address, locationId, mappingFile: mFile });
    }
    for (let i = 0; i < nLines; i++) {
      const functionId = loc.lines[3 * i]!;
      const fn = functions.get(functionId);
      if (fn === undefined) throw invalid(`location ${locationId} refers to function ${functionId}, which does not exist`);
      ids.push(frames.length);
      frames.push({
        id: frames.length,
        nameId: internName(fn.name),
        name: fn.name,
        systemName: fn.systemName,
        file: fn.file,
        line: loc.lines[3 * i + 1]!,
        column: loc.lines[3 * i + 2]!,
        // pprof lists the innermost call first; all but the last line were inlined into the next.
        inlined: i < nLines - 1,
        address,
        locationId,
        mappingFile: mFile,
      });
    }
    if (dense) locationArray[locationId] = Uint32Array.from(ids);
    else locationMap.set(locationId, Uint32Array.from(ids));
  }

  // Pass 2: samples, straight into stacks of frame ids.
  const nTypes = sampleTypes.length;
  const nSamples = sampleRanges.length / 2;
  const samples: Sample[] = new Array(nSamples);
  const lids: number[] = [];
  const frs: Uint32Array[] = [];
  const m = new WireReader(buf);
  for (let s = 0; s < nSamples; s++) {
    m.pos = sampleRanges[2 * s]!;
    m.end = sampleRanges[2 * s + 1]!;
    lids.length = 0;
    const values: number[] = [];
    let labels: Record<string, string[]> | null = null;
    let numLabels: NumLabel[] | null = null;
    while (!m.done()) {
      const t = m.tag();
      const field = Math.floor(t / 8);
      if (field === 1) m.repeated(t & 7, lids);
      else if (field === 2) m.repeated(t & 7, values);
      else if (t === 26) {
        const outer = m.enter();
        let key = 0;
        let sv = 0;
        let nv = 0;
        let unit = 0;
        while (!m.done()) {
          const lt = m.tag();
          if (lt === 8) key = m.varint();
          else if (lt === 16) sv = m.varint();
          else if (lt === 24) nv = m.varint();
          else if (lt === 32) unit = m.varint();
          else m.skip(lt & 7);
        }
        m.leave(outer);
        const k = str(key, 'a label key');
        if (sv !== 0) {
          labels ??= {};
          (labels[k] ??= []).push(str(sv, 'a label value'));
        } else {
          (numLabels ??= []).push({ key: k, value: nv, unit: str(unit, 'a label unit') });
        }
      } else m.skip(t & 7);
    }
    if (values.length !== nTypes) throw invalid(`sample ${s} has ${values.length} values for ${nTypes} sample types`);
    let len = 0;
    frs.length = lids.length;
    for (let j = 0; j < lids.length; j++) {
      const lid = lids[j]!;
      const fr = dense ? locationArray[lid] : locationMap.get(lid);
      if (fr === undefined) throw invalid(`sample ${s} refers to location ${lid}, which does not exist`);
      frs[j] = fr;
      len += fr.length;
    }
    const stack = new Uint32Array(len);
    let at = 0;
    for (let j = 0; j < lids.length; j++) {
      const fr = frs[j]!;
      if (fr.length === 1) stack[at++] = fr[0]!;
      else {
        stack.set(fr, at);
        at += fr.length;
      }
    }
    samples[s] = { stack, values, labels, numLabels };
  }

  return {
    sampleTypes,
    defaultSampleType,
    periodType: periodTypeRaw ? { type: str(periodTypeRaw.type, 'period_type'), unit: str(periodTypeRaw.unit, 'period_type') } : null,
    period,
    timeNanos,
    durationNanos,
    comments: commentsRaw.map((c) => str(c, 'a comment')),
    dropFrames: str(dropFrames, 'drop_frames'),
    keepFrames: str(keepFrames, 'keep_frames'),
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
