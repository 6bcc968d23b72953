import { describe, expect, it } from 'vitest';
import { sandboxAvailable } from './available.js';

describe('sandboxAvailable', () => {
  it('names every missing asset when the assets directory is empty', async () => {
    const a = await sandboxAvailable({ assetsDir: '/nonexistent/gopherlab-assets' });
    expect(a.ok).toBe(false);
    expect(a.reason).toContain('seccomp filter /nonexistent/gopherlab-assets/seccomp.bpf not generated');
    expect(a.reason).toContain('module cache');
    expect(a.reason).toContain('trusted build cache');
  });

  it('names a missing toolchain', async () => {
    const a = await sandboxAvailable({ goroot: '/nonexistent/go' });
    expect(a.ok).toBe(false);
    expect(a.reason).toContain('no Go toolchain at /nonexistent/go');
  });

  it('reports invalid configuration instead of throwing', async () => {
    const a = await sandboxAvailable({ slots: 0 });
    expect(a).toEqual({ ok: false, reason: expect.stringContaining('GOPHERLAB_SANDBOX_SLOTS') });
  });
});
