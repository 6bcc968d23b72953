/**
 * How sizes and durations read in sentences a learner sees: the runner's
 * status messages and the web app's banners format them with these two
 * functions (browser-safe; `@gopherlab/runner/format`).
 */

/** 1536 -> "1.5 KiB", 512 MiB -> "512 MiB"; "?" for a value that is not a size. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '?';
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[i]}`;
}

/** 250 -> "250 ms", 10000 -> "10 s", 1500 -> "1.5 s"; "?" for a value that is not a duration. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}
