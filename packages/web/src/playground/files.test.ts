import { describe, expect, it } from 'vitest';
import { addFile, applyFormatted, deleteFile, renameFile, validFileName } from './files.js';

const base = [{ name: 'main.go', content: 'package main\n' }];

describe('file set', () => {
  it('accepts relative paths and refuses escapes', () => {
    expect(validFileName('internal/x/x.go')).toBe(true);
    for (const bad of ['', '/etc/passwd', '../x.go', 'a/../b.go', 'a\\b.go', 'a//b.go', 'dir/', 'a\u0000.go', './a.go']) {
      expect(validFileName(bad), bad).toBe(false);
    }
  });

  it('adds a Go file with the package of its directory', () => {
    const r = addFile(base, 'util.go');
    expect(r).toEqual({ ok: true, files: [...base, { name: 'util.go', content: 'package main\n' }] });
    const r2 = addFile(base, 'internal/calc/add.go');
    expect(r2.ok && r2.files[1]!.content).toBe('package calc\n');
    const tests = [{ name: 'x.go', content: 'package x_test\n' }];
    const r3 = addFile(tests, 'y.go');
    expect(r3.ok && r3.files[1]!.content).toBe('package x\n');
  });

  it('refuses duplicates, bad names and deleting the last file', () => {
    expect(addFile(base, 'main.go')).toEqual({ ok: false, error: 'duplicate' });
    expect(renameFile([...base, { name: 'a.go', content: '' }], 'a.go', 'main.go')).toEqual({ ok: false, error: 'duplicate' });
    expect(renameFile(base, 'main.go', '../main.go')).toEqual({ ok: false, error: 'invalid_name' });
    expect(deleteFile(base, 'main.go')).toEqual({ ok: false, error: 'last_file' });
  });

  it('renames in place and deletes', () => {
    const two = [...base, { name: 'a.go', content: 'package main\n' }];
    expect(renameFile(two, 'a.go', 'b.go')).toEqual({ ok: true, files: [base[0], { name: 'b.go', content: 'package main\n' }] });
    expect(deleteFile(two, 'main.go')).toEqual({ ok: true, files: [two[1]] });
  });

  it('applies only the files gofmt changed', () => {
    const two = [...base, { name: 'a.go', content: 'package  main\n' }];
    expect(applyFormatted(two, [{ name: 'a.go', content: 'package main\n' }])[1]!.content).toBe('package main\n');
    expect(applyFormatted(two, undefined)).toBe(two);
  });
});
