import { describe, expect, it } from 'vitest';
import { fixture } from './fixtures.test-helper.js';
import { parseRaceReports, raceDiagnostics } from './race.js';

describe('parseRaceReports on real go run -race output', () => {
  const races = parseRaceReports(fixture('racemain/run.stderr'), ['main.go', 'go.mod']);

  it('reads both accesses with their stacks', () => {
    expect(races).toHaveLength(1);
    expect(races[0]!.accesses).toEqual([
      {
        kind: 'write',
        goroutine: 8,
        stack: [
          { func: 'runtime.mapassign_fast64', file: '/usr/local/go/src/internal/runtime/maps/runtime_fast64.go', line: 196 },
          { func: 'main.main.func1', file: 'main.go', line: 12 },
        ],
      },
      {
        kind: 'write',
        goroutine: 1,
        stack: [
          { func: 'runtime.mapassign_fast64', file: '/usr/local/go/src/internal/runtime/maps/runtime_fast64.go', line: 196 },
          { func: 'main.main', file: 'main.go', line: 15 },
        ],
      },
    ]);
  });

  it('reads where the goroutines were created and keeps the raw block', () => {
    expect(races[0]!.goroutines).toEqual([{ id: 8, createdAt: [{ func: 'main.main', file: 'main.go', line: 11 }] }]);
    expect(races[0]!.raw).toMatch(/^==================\nWARNING: DATA RACE\n[\s\S]*==================\n$/);
  });

  it('points diagnostics at the learner lines of each access', () => {
    expect(raceDiagnostics(races, ['main.go']).map((d) => `${d.file}:${d.line} ${d.message}`)).toEqual([
      'main.go:12 data race: write by goroutine 8 in main.main.func1',
      'main.go:15 data race: write by the main goroutine in main.main',
    ]);
  });

  it('finds nothing in clean output', () => {
    expect(parseRaceReports('hello\n')).toEqual([]);
  });
});
