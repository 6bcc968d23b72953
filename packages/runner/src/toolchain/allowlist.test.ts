import { describe, expect, it } from 'vitest';
import { allowlistedModules, parseRequires } from './allowlist.js';

describe('allowlist', () => {
  it('parses single-line and block requires, separating indirect ones', () => {
    const r = parseRequires('module m\n\ngo 1.26\n\nrequire example.com/a v1.0.0\nrequire (\n\texample.com/b v0.2.0\n\texample.com/c v1.1.1 // indirect\n)\n');
    expect(r.direct).toEqual([
      { path: 'example.com/a', version: 'v1.0.0' },
      { path: 'example.com/b', version: 'v0.2.0' },
    ]);
    expect(r.indirect).toEqual([{ path: 'example.com/c', version: 'v1.1.1' }]);
  });

  it('contains every module the course relies on', () => {
    const paths = allowlistedModules().map((m) => m.path);
    for (const p of ['golang.org/x/sync', 'golang.org/x/exp', 'golang.org/x/perf', 'go.uber.org/goleak', 'github.com/gin-gonic/gin', 'github.com/prometheus/client_golang', 'go.opentelemetry.io/otel', 'go.opentelemetry.io/otel/sdk', 'modernc.org/sqlite', 'github.com/modelcontextprotocol/go-sdk', 'golang.org/x/time', 'github.com/google/uuid']) {
      expect(paths).toContain(p);
    }
  });
});
