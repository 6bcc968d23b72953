import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfined, readConfinedDir } from './collect.js';

describe('readConfined', () => {
  const root = mkdtempSync(join(tmpdir(), 'collect-'));
  const outside = mkdtempSync(join(tmpdir(), 'secret-'));
  writeFileSync(join(outside, 'secret'), 'host secret');
  mkdirSync(join(root, 'prof'));
  writeFileSync(join(root, 'prof', 'cpu.out'), 'profile');
  symlinkSync(join(outside, 'secret'), join(root, 'link.out'));
  symlinkSync(outside, join(root, 'dirlink'));
  afterAll(() => {
    rmSync(root, { recursive: true });
    rmSync(outside, { recursive: true });
  });

  it('reads regular files under the root', () => {
    expect(Buffer.from(readConfined(root, 'prof/cpu.out', 1024)!).toString()).toBe('profile');
  });

  it('refuses symlinks at any component, .., missing files and oversize files', () => {
    expect(readConfined(root, 'link.out', 1024)).toBeUndefined();
    expect(readConfined(root, 'dirlink/secret', 1024)).toBeUndefined();
    expect(readConfined(root, '../secret', 1024)).toBeUndefined();
    expect(readConfined(root, 'nope', 1024)).toBeUndefined();
    expect(readConfined(root, 'prof', 1024)).toBeUndefined();
    expect(readConfined(root, 'prof/cpu.out', 3)).toBeUndefined();
  });

  it('collects the regular files of a directory (a fuzzer\'s corpus), never through a symlink', () => {
    mkdirSync(join(root, 'corpus', 'FuzzX'), { recursive: true });
    writeFileSync(join(root, 'corpus', 'FuzzX', 'a1'), 'go test fuzz v1\n');
    symlinkSync(join(outside, 'secret'), join(root, 'corpus', 'FuzzX', 'evil'));
    mkdirSync(join(root, 'corpus', 'FuzzX', 'sub'));
    symlinkSync(outside, join(root, 'corpus', 'FuzzL'));
    expect(Object.keys(readConfinedDir(root, 'corpus/FuzzX/', 1024))).toEqual(['corpus/FuzzX/a1']);
    expect(readConfinedDir(root, 'corpus/FuzzL/', 1024)).toEqual({});
    expect(readConfinedDir(root, 'dirlink/', 1024)).toEqual({});
    expect(readConfinedDir(root, '../', 1024)).toEqual({});
    expect(readConfinedDir(root, 'missing/', 1024)).toEqual({});
  });
});
