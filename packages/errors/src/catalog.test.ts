import { describe, expect, it } from 'vitest';
import { AppError, errorCatalog } from './index.js';

describe('error catalog', () => {
  it('gives every code an HTTP status and a sentence', () => {
    for (const [code, entry] of Object.entries(errorCatalog)) {
      expect(code).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(entry.status).toBeGreaterThanOrEqual(400);
      expect(entry.status).toBeLessThan(600);
      expect(entry.message).toMatch(/[.!?]$/);
    }
  });

  it('serialises to the API error shape', () => {
    const e = new AppError('invalid_file_name', 'File "../x.go" escapes the module.', { file: '../x.go' });
    expect(e.status).toBe(400);
    expect(e.toBody()).toEqual({ error: { code: 'invalid_file_name', message: 'File "../x.go" escapes the module.', details: { file: '../x.go' } } });
  });
});
