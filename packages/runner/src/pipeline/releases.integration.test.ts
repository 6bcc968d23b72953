/**
 * Two Go releases side by side through the real sandbox: the newest by
 * default, the previous one on request (options.goVersion), each with its own
 * go line, compiler diagnostics and result-cache entries.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRequest } from '../model/report.js';
import { sandboxAvailable } from '../sandbox/index.js';
import { createRunner, type SandboxedRunner } from './runner.js';

const availability = await sandboxAvailable();

// Go 1.27's generic methods: the release picker's first demonstration.
const GENERIC_METHOD = `package main

import "fmt"

type Stream[T any] struct{ items []T }

func (s Stream[T]) Map[U any](f func(T) U) Stream[U] {
	out := Stream[U]{}
	for _, it := range s.items {
		out.items = append(out.items, f(it))
	}
	return out
}

func main() {
	s := Stream[int]{items: []int{1, 2, 3}}
	fmt.Println(s.Map(func(i int) string { return fmt.Sprint(i * i) }).items)
}
`;

// Skipped only without the sandbox (setup as root provides it); runs nothing outside it.
describe.skipIf(!availability.ok)('Go releases in the sandbox', () => {
  let runner: SandboxedRunner;
  let dataDir: string;
  const request = (goVersion?: string): RunRequest => ({ action: 'run', files: [{ name: 'main.go', content: GENERIC_METHOD }], ...(goVersion ? { options: { goVersion } } : {}) });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'gl-releases-'));
    runner = await createRunner({ dataDir });
  });
  afterAll(async () => {
    await runner?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('offers Go 1.27.3 first and Go 1.26.8 beside it', () => {
    expect(runner.goVersions).toEqual(['go1.27.3', 'go1.26.8']);
  });

  it('compiles a generic method on the default release', async () => {
    const r = await runner.run(request());
    expect(r, r.stderr).toMatchObject({ status: 'ok', goVersion: 'go1.27.3', stdout: '[1 4 9]\n' });
  }, 120_000);

  it('reports the same code on Go 1.26 as a compile error on the method line, never from 1.27s cache entry', async () => {
    expect((await runner.run(request('1.27'))).status).toBe('ok');
    const r = await runner.run(request('1.26'));
    expect(r).toMatchObject({ status: 'compile_error', goVersion: 'go1.26.8' });
    expect(r.cached ?? false).toBe(false);
    expect(r.diagnostics[0]).toMatchObject({ file: 'main.go', line: 7, severity: 'error' });
    expect(r.diagnostics[0]!.message).toMatch(/method must have no type parameters/);
    // Each release has its own cache entry.
    expect(await runner.run(request('1.26'))).toMatchObject({ status: 'compile_error', goVersion: 'go1.26.8', cached: true });
  }, 120_000);

  it('runs tests with the race detector on the previous release from the trusted cache', async () => {
    const files = [
      { name: 'go.mod', content: 'module example.com/sum\n\ngo 1.26\n' },
      { name: 'sum.go', content: 'package sum\n\nfunc Sum(xs ...int) (t int) {\n\tfor _, x := range xs {\n\t\tt += x\n\t}\n\treturn t\n}\n' },
      { name: 'sum_test.go', content: 'package sum\n\nimport "testing"\n\nfunc TestSum(t *testing.T) {\n\tif Sum(1, 2) != 3 {\n\t\tt.Fatal("sum")\n\t}\n}\n' },
    ];
    const r = await runner.run({ action: 'race', files, options: { goVersion: '1.26' } });
    expect(r, r.stderr).toMatchObject({ status: 'ok', goVersion: 'go1.26.8' });
    expect(r.tests.map((t) => [t.name, t.status])).toEqual([['TestSum', 'pass']]);
  }, 180_000);

  it('names the pprof labels of a leaked goroutine, which Go 1.27 prints in goroutine dumps', async () => {
    const files = [
      { name: 'go.mod', content: 'module example.com/jobs\n\ngo 1.27\n' },
      {
        name: 'jobs.go',
        content:
          'package jobs\n\nimport (\n\t"context"\n\t"runtime/pprof"\n)\n\n// Start runs a job that waits forever for a result nobody sends.\nfunc Start(id string) {\n\tch := make(chan int)\n\tgo pprof.Do(context.Background(), pprof.Labels("job", id), func(context.Context) { <-ch })\n}\n',
      },
      { name: 'jobs_test.go', content: 'package jobs\n\nimport "testing"\n\nfunc TestStart(t *testing.T) { Start("sync-7") }\n' },
    ];
    const r = await runner.run({ action: 'test', files });
    expect(r.leaks, r.stderr).toEqual([expect.objectContaining({ state: 'chan receive', labels: { job: 'sync-7' } })]);
  }, 120_000);

  it('shows the stdversion check go test runs on 1.27 as a vet finding, not a compile error', async () => {
    const files = [
      { name: 'go.mod', content: 'module example.com/sv\n\ngo 1.26\n' },
      { name: 'id.go', content: 'package sv\n\nimport "uuid"\n\nfunc New() string { return uuid.New().String() }\n' },
      { name: 'id_test.go', content: 'package sv\n\nimport "testing"\n\nfunc TestNew(t *testing.T) { _ = New() }\n' },
    ];
    const r = await runner.run({ action: 'test', files });
    expect(r.status).toBe('failed');
    expect(r.message).toMatch(/go test runs go vet first, and vet reports id\.go:5: uuid\.New requires go1\.27/);
    expect(r.diagnostics).toEqual([expect.objectContaining({ file: 'id.go', line: 5, source: 'vet' })]);
  }, 120_000);

  it('explains that Go 1.27 retired the goroutineleakprofile experiment instead of failing the build', async () => {
    await expect(runner.run({ ...request(), options: { goexperiment: 'goroutineleakprofile' } })).rejects.toMatchObject({
      code: 'invalid_option',
      message: expect.stringMatching(/on by default since Go 1\.27/),
    });
  });

  it('refuses a release it does not have, with the list', async () => {
    await expect(runner.run(request('1.21'))).rejects.toMatchObject({ code: 'unsupported_go_version', details: { available: ['1.27', '1.26'] } });
  });
});
