import { describe, expect, it } from 'vitest';
import { resolveSandboxConfig, sandboxConfigFromEnv } from './config.js';

describe('sandbox config', () => {
  it('reads GOPHERLAB_ variables with units', () => {
    const cfg = sandboxConfigFromEnv({ GOPHERLAB_SANDBOX_SLOTS: '3', GOPHERLAB_LIMIT_MEMORY_MB: '256', GOPHERLAB_DATA_DIR: '/srv/gl' });
    expect(cfg.slots).toBe(3);
    expect(cfg.limits?.memoryBytes).toBe(256 * 1024 * 1024);
    expect(cfg.assetsDir).toBe('/srv/gl/sandbox');
  });

  it('names the variable in the error for a malformed value', () => {
    expect(() => sandboxConfigFromEnv({ GOPHERLAB_SANDBOX_SLOTS: 'many' })).toThrow(/GOPHERLAB_SANDBOX_SLOTS/);
    expect(() => sandboxConfigFromEnv({ GOPHERLAB_LIMIT_PROCESSES: '1.5' })).toThrow(/GOPHERLAB_LIMIT_PROCESSES/);
  });

  it('fills defaults and validates ranges', () => {
    const cfg = resolveSandboxConfig({ slots: 2 });
    expect(cfg.slots).toBe(2);
    expect(cfg.uidBase).toBeGreaterThanOrEqual(1000);
    expect(() => resolveSandboxConfig({ slots: 0 })).toThrow(expect.objectContaining({ code: 'invalid_config' }));
    expect(() => resolveSandboxConfig({ cgroupName: '../escape' })).toThrow(expect.objectContaining({ code: 'invalid_config' }));
    expect(() => resolveSandboxConfig({ limits: { timeoutMs: 1, memoryBytes: 1, processes: 1, outputBytes: 1, diskBytes: 1, cpus: 1 } })).toThrow(/timeoutMs/);
  });
});
