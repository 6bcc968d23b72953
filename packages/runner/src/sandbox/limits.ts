import { AppError } from '@gopherlab/errors';
import type { SandboxLimits } from './types.js';

/**
 * Limits for one run when the caller does not say otherwise (DESIGN.md:
 * run 10 s, 512 MiB, 256 processes, 1 MiB output, 64 MiB disk). The build
 * step usually asks for a longer timeout (30 s) through its own spec.
 */
export const defaultLimits: Readonly<SandboxLimits> = Object.freeze({
  timeoutMs: 10_000,
  memoryBytes: 512 * 1024 * 1024,
  processes: 256,
  outputBytes: 1024 * 1024,
  diskBytes: 64 * 1024 * 1024,
  cpus: 1,
});

const MiB = 1024 * 1024;

/**
 * Upper and lower bounds that keep a limit meaningful: below the floor the Go
 * toolchain itself cannot start, above the ceiling one run could take the host.
 */
const bounds: Record<keyof SandboxLimits, [number, number]> = {
  // Hours, for an editor session's gopls (runs are capped far lower by the run policy).
  timeoutMs: [100, 8 * 60 * 60_000],
  memoryBytes: [64 * MiB, 64 * 1024 * MiB],
  processes: [16, 32_768],
  outputBytes: [1024, 256 * MiB],
  diskBytes: [4 * MiB, 64 * 1024 * MiB],
  cpus: [0.1, 1024],
};

/** Checks every field; throws invalid_option naming the field that is wrong. */
export function validateLimits(limits: SandboxLimits): SandboxLimits {
  for (const key of Object.keys(bounds) as (keyof SandboxLimits)[]) {
    const value = limits[key];
    const [min, max] = bounds[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      throw new AppError('invalid_option', `Sandbox limit ${key} must be a number between ${min} and ${max} (got ${String(value)}).`);
    }
  }
  return limits;
}
