import { describe, expect, it } from 'vitest';
import { durationMs, programEnv, programShape, testPlan } from './plan.js';

const lib = { name: 'lib.go', content: 'package lib\n\nfunc F() {}\n' };
const libTest = {
  name: 'lib_test.go',
  content: 'package lib\n\nimport "testing"\n\nfunc TestF(t *testing.T) {}\n\nfunc BenchmarkF(b *testing.B) {}\n\nfunc FuzzF(f *testing.F) {}\n// func FuzzCommented(f *testing.F) {}\n',
};

describe('programShape', () => {
  it('finds tests, benchmarks, fuzz targets and the main package', () => {
    expect(programShape([lib, libTest])).toEqual({ hasTests: true, hasBenchmarks: true, fuzzTargets: ['FuzzF'], mainDir: null, testDir: '', allPackages: './...' });
    expect(programShape([{ name: 'cmd/app/main.go', content: 'package main\n\nfunc main() {}\n' }]).mainDir).toBe('cmd/app');
    expect(programShape([{ name: 'go.work', content: '' }, { name: 'app/main.go', content: 'package main\n\nfunc main() {}\n' }]).allPackages).toBe('work');
    expect(programShape([{ name: 'go.work', content: '' }, { name: 'go.mod', content: '' }]).allPackages).toBe('./...');
  });
  it('ignores files under testdata', () => {
    expect(programShape([{ name: 'testdata/x_test.go', content: 'package x\nfunc TestX(t *testing.T) {}\n' }]).hasTests).toBe(false);
  });
});

describe('testPlan', () => {
  const shape = programShape([lib, libTest]);
  it('test: go test -json with -timeout and the package pattern', () => {
    expect(testPlan('test', shape, { run: 'TestF', count: 3 }, 10000).argv).toEqual(['go', 'test', '-json', '-count=3', '-timeout=10000ms', '-run=TestF', './...']);
  });
  it('race adds -race', () => {
    expect(testPlan('race', shape, {}, 10000).argv).toEqual(['go', 'test', '-json', '-race', '-timeout=10000ms', './...']);
  });
  it('bench: no tests, all benchmarks, benchmem', () => {
    expect(testPlan('bench', shape, { benchtime: '100x' }, 10000).argv).toEqual(['go', 'test', '-json', '-timeout=10000ms', '-run=^$', '-bench=.', '-benchmem', '-benchtime=100x', './...']);
  });
  it('profile: one flag per profile file, collected from the output dir', () => {
    const p = testPlan('profile', shape, { profiles: ['cpu', 'heap', 'allocs', 'block'] }, 10000);
    expect(p.argv).toEqual(['go', 'test', '-json', '-timeout=10000ms', '-run=^$', '-bench=.', '-benchmem', '-outputdir=_gopherlab', '-cpuprofile=cpu.pprof', '-memprofile=mem.pprof', '-blockprofile=block.pprof', '.']);
    expect(p.collect).toEqual(['_gopherlab/cpu.pprof', '_gopherlab/mem.pprof', '_gopherlab/block.pprof']);
    expect(p.profiles.map((x) => x.kind)).toEqual(['cpu', 'heap', 'allocs', 'block']);
  });
  it('profile of tests when -run is given', () => {
    expect(testPlan('profile', shape, { run: 'TestF', profiles: ['cpu'] }, 10000).argv).toContain('-run=TestF');
  });
  it('trace writes trace.out', () => {
    const p = testPlan('trace', shape, {}, 10000);
    expect(p.argv).toContain('-trace=trace.out');
    expect(p.collect).toEqual(['_gopherlab/trace.out']);
  });
  it('fuzz: anchored target, time box, single package', () => {
    expect(testPlan('fuzz', shape, { fuzztime: '2s' }, 12000, 'FuzzF').argv).toEqual(['go', 'test', '-json', '-timeout=12000ms', '-run=^$', '-fuzz=^FuzzF$', '-fuzztime=2s', '.']);
  });
  it('builds in parallel and sets fuzz workers explicitly, except for measuring actions', () => {
    expect(testPlan('fuzz', shape, {}, 12000, 'FuzzF', { build: 2, program: 1 }).argv).toEqual(['go', 'test', '-json', '-p=2', '-timeout=12000ms', '-run=^$', '-fuzz=^FuzzF$', '-fuzztime=5s', '-parallel=1', '.']);
    expect(testPlan('test', shape, {}, 1000, undefined, { build: 2, program: 1 }).argv).toContain('-p=2');
    expect(testPlan('bench', shape, {}, 1000, undefined, { build: 2, program: 1 }).argv).not.toContain('-p=2');
  });
});

describe('programEnv and durationMs', () => {
  it('always sets GOMAXPROCS and passes GODEBUG', () => {
    expect(programEnv({}, 2)).toEqual({ GOMAXPROCS: '2' });
    expect(programEnv({ godebug: 'gctrace=1' }, 1)).toEqual({ GOMAXPROCS: '1', GODEBUG: 'gctrace=1' });
  });
  it('reads durations', () => {
    expect(durationMs('2s')).toBe(2000);
    expect(durationMs('150ms')).toBe(150);
    expect(durationMs('1000x')).toBe(0);
  });
});
