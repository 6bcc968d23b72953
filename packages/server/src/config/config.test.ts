import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseServices } from './config.js';

describe('loadConfig', () => {
  it('has documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 8080, host: '127.0.0.1', services: ['web', 'runner'], dataDir: path.resolve('data'), queueLimit: 200, rateLimit: { perMinute: 1200, runsPerMinute: 60, authPerMinute: 20 } });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.redisUrl).toBeUndefined();
  });

  it('names every bad variable in one message', () => {
    expect(() => loadConfig({ GOPHERLAB_PORT: '70000', DATABASE_URL: 'mysql://x', GOPHERLAB_SERVICES: 'web,gpu' })).toThrow(
      expect.objectContaining({ code: 'invalid_config', message: expect.stringMatching(/GOPHERLAB_PORT[\s\S]*GOPHERLAB_SERVICES|GOPHERLAB_SERVICES[\s\S]*GOPHERLAB_PORT/) }),
    );
    try {
      loadConfig({ GOPHERLAB_PORT: '70000', DATABASE_URL: 'mysql://x' });
    } catch (e) {
      expect((e as Error).message).toContain('DATABASE_URL: must be a postgres:// URL');
    }
  });

  it('lets flags override the environment', () => {
    const c = loadConfig({ GOPHERLAB_PORT: '9000', GOPHERLAB_HOST: '0.0.0.0' }, { port: 9100, dataDir: '/tmp/x', services: ['web'] });
    expect(c).toMatchObject({ port: 9100, host: '0.0.0.0', dataDir: '/tmp/x', services: ['web'] });
  });

  it('refuses a runner-only process without Redis', () => {
    expect(() => loadConfig({ GOPHERLAB_SERVICES: 'runner' })).toThrow(/REDIS_URL/);
    expect(loadConfig({ GOPHERLAB_SERVICES: 'runner', REDIS_URL: 'redis://127.0.0.1:6379' }).services).toEqual(['runner']);
  });

  it('parses --services', () => {
    expect(parseServices('runner, web,runner')).toEqual(['runner', 'web']);
    expect(() => parseServices('')).toThrow(expect.objectContaining({ code: 'invalid_config' }));
  });
});
