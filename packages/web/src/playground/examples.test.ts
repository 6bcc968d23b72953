/**
 * Every example of the playground's menu does what its label promises, run
 * by the real runner in the sandbox with the action the menu suggests: the
 * race is found, the leak is reported, the fuzzer finds its bug and hands
 * back the failing input, which then replays as a regression case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunner, sandboxAvailable, type RunReport, type SandboxedRunner } from '@gopherlab/runner';
import { EXAMPLES, templateFor } from './examples.js';

const skip = !(await sandboxAvailable()).ok;
const example = (id: string) => EXAMPLES.find((e) => e.id === id)!;

describe('playground examples', () => {
  it('are distinct, non-empty and name a main file or a test', () => {
    expect(new Set(EXAMPLES.map((e) => e.id)).size).toBe(EXAMPLES.length);
    for (const e of EXAMPLES) expect(e.files.length, e.id).toBeGreaterThan(0);
  });

  it('give new files a template by their name', () => {
    expect(templateFor('x_test.go', 'calc')).toMatch(/^package calc\n\nimport "testing"\n\nfunc TestSomething/);
    expect(templateFor('go.work', 'main')).toMatch(/^go 1\.27\n\nuse \(/);
    expect(templateFor('util.go', 'main')).toBeUndefined();
  });
});

describe.skipIf(skip)('playground examples in the sandbox', () => {
  let runner: SandboxedRunner;
  const run = async (id: string, extra: Partial<{ action: RunReport['action']; files: { name: string; content: string }[] }> = {}) => {
    const e = example(id);
    return runner.run({ action: extra.action ?? e.action, files: extra.files ?? e.files, options: e.action === 'fuzz' ? { fuzztime: '10s' } : e.action === 'bench' ? { benchtime: '20ms' } : {} });
  };
  beforeAll(async () => {
    runner = await createRunner({ cache: false });
  });
  afterAll(async () => {
    await runner?.close();
  });

  it('hello, test, bench, profile and workspace succeed', async () => {
    for (const id of ['hello', 'test', 'bench', 'profile', 'workspace']) {
      const r = await run(id);
      expect(r.status, `${id}: ${r.message}\n${r.stderr}`).toBe('ok');
      if (id === 'bench') expect(r.benchmarks.map((b) => b.name.replace(/-\d+$/, ''))).toEqual(['BenchmarkJoinPlus', 'BenchmarkJoinBuilder']);
      if (id === 'workspace') expect(r.stdout).toBe('hello, workspace\n');
    }
  }, 240_000);

  it('the race example is caught by the race detector and the leak example by the leak check', async () => {
    const race = await run('race');
    expect(race.races.length, race.message).toBeGreaterThan(0);
    const leak = await run('leak');
    expect(leak.leaks.length, leak.message).toBeGreaterThan(0);
  }, 240_000);

  it('the fuzzer finds the bug, hands back the failing input, and Test replays it as a regression case', async () => {
    const fuzz = await run('fuzz');
    expect(fuzz.status, fuzz.message).toBe('failed');
    expect(fuzz.fuzzInputs?.length).toBeGreaterThan(0);
    const input = fuzz.fuzzInputs![0]!;
    expect(input.name).toMatch(/^testdata\/fuzz\/FuzzReverse\/[0-9a-f]+$/);
    expect(input.content).toMatch(/^go test fuzz v1\n/);
    const replay = await run('fuzz', { action: 'test', files: [...example('fuzz').files, input] });
    expect(replay.status).toBe('failed');
    expect(replay.tests.some((t) => t.name.startsWith('FuzzReverse/') && t.status === 'fail')).toBe(true);
  }, 240_000);
});
