/**
 * End to end with the real toolchain: the harness goes into a package with
 * leaky code, `go test` runs with GOEXPERIMENT=goroutineleakprofile, and the
 * snapshots it writes go through the parser and the detector.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectLeaks, hasTestMain, LEAK_HARNESS_FILE, leakHarnessSource, parseGoroutineDump } from './index.js';

let dir: string;
let out: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'leak-harness-'));
  out = join(dir, 'out');
  mkdirSync(out);
  writeFileSync(join(dir, 'go.mod'), 'module example.com/leaky\n\ngo 1.26\n');
  writeFileSync(
    join(dir, 'leaky.go'),
    `package leaky

func Fetch() int {
	ch := make(chan int)
	go func() { ch <- 1 }()
	go func() { ch <- 2 }()
	return <-ch
}

func Drain() {
	jobs := make(chan int)
	go func() {
		for range jobs {
		}
	}()
}
`,
  );
  writeFileSync(
    join(dir, 'leaky_test.go'),
    `package leaky

import "testing"

func TestFetch(t *testing.T) {
	if Fetch() == 0 {
		t.Fatal("zero")
	}
}

func TestDrain(t *testing.T) { Drain() }

func TestClean(t *testing.T) {
	done := make(chan struct{})
	go func() { close(done) }()
	<-done
}
`,
  );
  writeFileSync(join(dir, LEAK_HARNESS_FILE), leakHarnessSource('leaky'));
  execFileSync('go', ['test', '-count=1', '.'], {
    cwd: dir,
    env: { ...process.env, GOPHERLAB_LEAK_DIR: out, GOEXPERIMENT: 'goroutineleakprofile', GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' },
    stdio: 'pipe',
  });
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('leak harness + detector on a real go test run', () => {
  it('writes before/after snapshots and the Go 1.26 leak profile', () => {
    expect(existsSync(join(out, 'before.goroutines.txt'))).toBe(true);
    expect(existsSync(join(out, 'after.goroutines.txt'))).toBe(true);
    expect(existsSync(join(out, 'after.goroutineleak.txt'))).toBe(true);
  });

  it('reports the leaked sender and the stuck worker, not the clean test or the framework', () => {
    const before = parseGoroutineDump(readFileSync(join(out, 'before.goroutines.txt'), 'utf8'));
    const after = parseGoroutineDump(readFileSync(join(out, 'after.goroutines.txt'), 'utf8'));
    const leakProfile = parseGoroutineDump(readFileSync(join(out, 'after.goroutineleak.txt'), 'utf8'));
    const leaks = detectLeaks(before, after, { leakProfile });
    expect(leaks.map((l) => [l.function, l.state, l.count])).toEqual([
      ['example.com/leaky.Drain.func1', 'chan receive', 1],
      [expect.stringMatching(/^example\.com\/leaky\.Fetch\.func[12]$/), 'chan send', 1],
    ]);
    expect(leaks[0]!.createdAt?.func).toBe('example.com/leaky.Drain');
    expect(leaks[0]!.createdAt?.file.endsWith('leaky.go')).toBe(true);
  });

  it('knows when a package has its own TestMain', () => {
    expect(hasTestMain('package x\n\nfunc TestMain(m *testing.M) {}\n')).toBe(true);
    expect(hasTestMain('package x\n\nfunc TestMainly(t *testing.T) {}\n')).toBe(false);
    expect(() => leakHarnessSource('bad-name')).toThrow();
  });
});
