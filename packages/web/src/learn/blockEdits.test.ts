import { describe, expect, it } from 'vitest';
import { hashCode, loadEdit, saveEdit } from './blockEdits.js';

function memory() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k), m };
}

describe('block edits', () => {
  const original = 'package main\n\nfunc main() {}\n';

  it('keeps an edit per lesson and block until the code is the lesson\u2019s again', () => {
    const s = memory();
    saveEdit('gc-tuning', 3, original, original + '// mine\n', s);
    expect(loadEdit('gc-tuning', 3, original, s)).toBe(original + '// mine\n');
    expect(loadEdit('gc-tuning', 5, original, s)).toBeNull();
    expect(loadEdit('sync-pool', 3, original, s)).toBeNull();
    saveEdit('gc-tuning', 3, original, original, s);
    expect(s.m.size).toBe(0);
  });

  it('drops an edit made to code the lesson no longer has', () => {
    const s = memory();
    saveEdit('gc-tuning', 1, original, 'mine', s);
    expect(loadEdit('gc-tuning', 1, original.replace('main()', 'main() { println() }'), s)).toBeNull();
    expect(s.m.size).toBe(0);
  });

  it('survives broken or missing storage', () => {
    const s = memory();
    s.setItem('gopherlab.block.x.1', '{not json');
    expect(loadEdit('x', 1, original, s)).toBeNull();
    expect(loadEdit('x', 1, original, null)).toBeNull();
    expect(() => saveEdit('x', 1, original, 'y', { setItem: () => { throw new Error('quota'); }, removeItem: () => undefined })).not.toThrow();
    expect(hashCode('a')).not.toBe(hashCode('b'));
  });
});
