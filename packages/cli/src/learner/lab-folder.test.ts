import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readLabFiles, readMarker, writeLabFolder } from './lab-folder.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'gl-lab-folder-'));
  dirs.push(d);
  return d;
};
const marker = { server: 'http://localhost:8080', lab: 'sum', lang: 'en' as const };

describe('lab folders', () => {
  it('writes the files and the marker, and reads back only the sources', () => {
    const dir = join(tmp(), 'sum');
    writeLabFolder(dir, [{ name: 'go.mod', content: 'module m\n' }, { name: 'pkg/sum.go', content: 'package pkg\n' }], marker);
    expect(readMarker(dir)).toEqual(marker);
    expect(readLabFiles(dir).map((f) => f.name)).toEqual(['go.mod', 'pkg/sum.go']);
  });

  it('refuses a file name from the server that would leave the folder, writing nothing', () => {
    const parent = tmp();
    const dir = join(parent, 'lab');
    for (const name of ['../escape.go', '/etc/passwd', 'a//b.go', 'a\\b.go']) {
      expect(() => writeLabFolder(dir, [{ name: 'ok.go', content: 'package p\n' }, { name, content: 'x' }], marker)).toThrow(/would leave the lab folder/);
    }
    expect(readdirSync(parent)).toEqual([]);
  });

  it('says what to do in a folder that is not a lab', () => {
    expect(() => readMarker(tmp())).toThrow(/not a lab folder.*gopherlab lab start/);
  });
});
