/**
 * A lab folder on the learner's machine: the files they edit plus a marker
 * (`.gopherlab-lab.json`) naming the server and the lab, written by
 * `gopherlab lab start` and read by `lab check|hint|solution`.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppError } from '@gopherlab/errors';
import { walkSourceDir } from '../source-dir.js';

export const MARKER = '.gopherlab-lab.json';

export interface LabMarker {
  server: string;
  lab: string;
  lang: 'en' | 'zh-CN';
  /** The most hints revealed with `gopherlab lab hint` (sent with each check, recorded in its grade). */
  hints?: number;
}

export function readMarker(dir: string): LabMarker {
  const file = join(dir, MARKER);
  if (!existsSync(file)) throw new AppError('not_a_lab_folder', `${dir} is not a lab folder (no ${MARKER}). Start one with: gopherlab lab start <lab-id>`);
  try {
    const m = JSON.parse(readFileSync(file, 'utf8')) as Partial<LabMarker>;
    if (typeof m.server === 'string' && typeof m.lab === 'string') {
      return { server: m.server, lab: m.lab, lang: m.lang === 'zh-CN' ? 'zh-CN' : 'en', ...(Number.isInteger(m.hints) && m.hints! > 0 ? { hints: m.hints! } : {}) };
    }
  } catch {
    // fall through
  }
  throw new AppError('not_a_lab_folder', `${file} is damaged. Start the lab again in a new folder: gopherlab lab start <lab-id>`);
}

/** Rewrites the marker of an existing lab folder (after a hint was revealed). */
export function writeMarker(dir: string, marker: LabMarker): void {
  writeFileSync(join(dir, MARKER), `${JSON.stringify(marker, null, 2)}\n`);
}

/** Writes the starter files and the marker; refuses to overwrite a file that is already there. */
export function writeLabFolder(dir: string, files: { name: string; content: string }[], marker: LabMarker): void {
  // Names come from the server: never let one write outside the lab folder.
  const unsafe = files.find((f) => f.name.startsWith('/') || f.name.includes('\\') || f.name.split('/').some((s) => s === '..' || s === ''));
  if (unsafe) throw new AppError('invalid_file_name', `The server sent a file name that would leave the lab folder (${JSON.stringify(unsafe.name)}); nothing was written.`);
  const clash = files.find((f) => existsSync(join(dir, f.name)));
  if (clash) throw new AppError('invalid_option', `${join(dir, clash.name)} already exists. Choose another folder with --dir, or continue there with gopherlab lab check.`);
  for (const f of files) {
    const path = join(dir, f.name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, f.content);
  }
  writeFileSync(join(dir, MARKER), `${JSON.stringify(marker, null, 2)}\n`);
}

/** The files a check uploads: the folder's Go sources, module files and test data, as every command walks a folder. */
export function readLabFiles(dir: string): { name: string; content: string }[] {
  const out: { name: string; content: string }[] = [];
  walkSourceDir(dir, (name, full) => {
    const base = name.slice(name.lastIndexOf('/') + 1);
    if (/\.(go|mod|sum|work|txt|json|golden)$|^go\.(mod|sum)$/.test(base) && statSync(full).size <= 1 << 20) out.push({ name, content: readFileSync(full, 'utf8') });
  });
  return out;
}
