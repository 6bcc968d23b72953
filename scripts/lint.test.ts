/**
 * The code passes the one lint configuration (eslint.config.js): counted in
 * the suite like any test, so CI fails on a lint error with the file and line.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

describe('lint', () => {
  it('every TypeScript file passes ESLint (typescript-eslint recommended, React hooks rules)', async () => {
    const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });
    const results = await eslint.lintFiles(['.']);
    const problems = results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line}:${m.column} ${m.ruleId ?? ''} ${m.message}`));
    expect(problems).toEqual([]);
    // Not vacuous: the configuration reached the packages.
    expect(results.length).toBeGreaterThan(200);
  }, 240_000);
});
