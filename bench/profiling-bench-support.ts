/**
 * Shared by the profiling benchmarks: the Go toolchain, synthetic profiles
 * from packages/profiling/testdata/pprof/synth (a Go program using
 * github.com/google/pprof/profile, so each file is what pprof itself
 * writes), cached in $TMPDIR/gopherlab-bench between runs, and the median
 * the figures are printed with.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The go command: the official install first, then PATH. */
export function goBinary(): string {
  const go = ['/usr/local/go/bin/go', ...(process.env['PATH'] ?? '').split(':').map((d) => `${d}/go`)].find((p) => existsSync(p));
  if (!go) throw new Error('this benchmark needs the Go toolchain');
  return go;
}

/** Path of the synthetic profile `name`, generated with the synth program's `args` unless already there. */
export function synthProfile(name: string, args: string[]): string {
  const dir = join(tmpdir(), 'gopherlab-bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  if (!existsSync(file)) {
    console.log(`generating ${file} ...`);
    const synth = fileURLToPath(new URL('../packages/profiling/testdata/pprof/synth/', import.meta.url));
    execFileSync(goBinary(), ['run', '.', '-o', file, ...args], { cwd: synth, stdio: 'inherit' });
  }
  return file;
}

/** The middle value (the upper one of the two for an even count). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
