/**
 * Which Go toolchain a run uses, and what each release no longer accepts.
 */
import { AppError } from '@gopherlab/errors';
import { goRelease } from '../sandbox/config.js';
import type { Toolchain } from '../sandbox/types.js';

/**
 * The toolchain a request selects: its `goVersion` release (`1.26`), or the
 * newest. An unknown release is the learner's error, answered with the list.
 */
export function selectToolchain(toolchains: readonly Partial<Toolchain>[], release: string | undefined): { version: string; goroot: string | undefined } {
  const pick = release === undefined ? toolchains[0] : toolchains.find((t) => t.version && goRelease(t.version) === release);
  if (!pick?.version) {
    const have = toolchains.map((t) => goRelease(t.version ?? '')).filter(Boolean);
    throw new AppError('unsupported_go_version', `Go ${release} is not available here; choose one of: ${have.join(', ')}.`, { available: have });
  }
  return { version: pick.version, goroot: pick.goroot };
}

/** Experiments a release has dropped: the go command would only say "unknown GOEXPERIMENT". */
const RETIRED_EXPERIMENTS: { name: string; since: string; why: string }[] = [
  { name: 'goroutineleakprofile', since: '1.27', why: 'the goroutineleak profile is on by default since Go 1.27; leave GOEXPERIMENT out' },
];

export function checkExperiments(goexperiment: string | undefined, goVersion: string): void {
  const names = (goexperiment ?? '').split(',').map((x) => x.trim());
  const release = goRelease(goVersion);
  for (const r of RETIRED_EXPERIMENTS) {
    if (names.includes(r.name) && newerGoLine(release, r.since) === release) {
      throw new AppError('invalid_option', `GOEXPERIMENT=${r.name} does not exist in ${goVersion}: ${r.why} (or choose Go 1.26).`, { option: 'goexperiment' });
    }
  }
}

/**
 * The later of two go lines (`1.27` vs the allowlist's `1.26.0`): a main module
 * may not be older than what it requires. To Go, `1.26` (the language) comes
 * before `1.26.0` (its first release), so a missing part counts as older.
 */
export function newerGoLine(a: string, b: string): string {
  const [pa, pb] = [a.split('.').map(Number), b.split('.').map(Number)];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d > 0 ? a : b;
  }
  return a;
}
