import { describe, expect, it } from 'vitest';
import { resolveSandboxConfig, toolchainVersion } from '../sandbox/config.js';
import { readGoSource } from './sources.js';

const version = toolchainVersion(resolveSandboxConfig().goroots[0]!);

describe('read-only Go sources for go to definition', () => {
  it('maps a standard-library path inside the sandbox to its source', () => {
    const s = readGoSource(`file:///opt/go/${version}/src/fmt/print.go`);
    expect(s.path).toBe(`/opt/go/${version}/src/fmt/print.go`);
    expect(s.text).toMatch(/^func Println\(a \.\.\.any\)/m);
  });

  it('refuses everything else', () => {
    for (const uri of [
      'file:///etc/passwd',
      `file:///opt/go/${version}/../../../etc/passwd`,
      `file:///opt/go/${version}/src/%2e%2e/x`,
      `file:///opt/go/go0.0.0/src/fmt/print.go`,
      `file:///opt/go/${version}/src/fmt`,
      `file:///opt/go/${version}/src/fmt/nope.go`,
      'http://example.com/x.go',
      'file:///home/gopher/src/main.go',
    ]) {
      expect(() => readGoSource(uri), uri).toThrow(expect.objectContaining({ code: 'not_found' }));
    }
  });
});
