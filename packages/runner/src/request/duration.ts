/**
 * The one parser of durations written the Go way (`-benchtime 200ms`,
 * `-fuzztime 5s`, `--timeout 10s`): a number and one of time.ParseDuration's
 * units. Used by request validation, the test plan and the CLI.
 */
const DURATION = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)$/;
const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds of `raw`, or null when it is not a single-unit Go duration. */
export function parseGoDuration(raw: string): number | null {
  const m = DURATION.exec(raw.trim());
  return m ? Number(m[1]) * UNIT_MS[m[2]!]! : null;
}
