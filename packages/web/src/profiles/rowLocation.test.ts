import { describe, expect, it } from 'vitest';
import { rowLocation } from './ProfilesPanel.js';

describe('rowLocation', () => {
  it('reads the file and line of a Lines row, and nothing from a function row', () => {
    expect(rowLocation('main.Join /home/gopher/src/main.go:12')).toEqual({ file: '/home/gopher/src/main.go', line: 12 });
    expect(rowLocation('runtime.mallocgc /opt/go/go1.27.3/src/runtime/malloc.go:1040')).toEqual({ file: '/opt/go/go1.27.3/src/runtime/malloc.go', line: 1040 });
    expect(rowLocation('main.Join')).toBeNull();
  });
});
