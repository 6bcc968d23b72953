/**
 * Content-addressed result cache. The key is a SHA-256 over the normalised
 * request (files sorted by name, options with sorted keys and without
 * `noCache`), the Go toolchain version, the limits that applied and the
 * pipeline's own version, so a toolchain upgrade or a parser change never
 * serves a stale report. Reports live on disk under
 * `<dataDir>/cache/results/ab/<hash>.json` (written atomically via rename) and
 * the most recent ones in memory, so a repeat is answered without touching
 * the sandbox at all.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunLimits, RunReport, RunRequest } from '../model/report.js';

/** Bump when parsing or status mapping changes what a report says for the same input. */
export const PIPELINE_VERSION = 6;

/**
 * Actions whose point is a fresh measurement, or whose result is a file of
 * this run (ssa.html): never answered from any cache.
 */
const MEASURING: ReadonlySet<string> = new Set(['bench', 'profile', 'trace', 'fuzz', 'ssa']);
/** Statuses that depend on the moment (machine load, cancellation, a platform refusal), not on the code. */
const MOMENTARY: ReadonlySet<string> = new Set(['timeout', 'internal_error', 'rejected']);

/**
 * The one cache policy, for this runner's own cache and for the server's
 * reuse of stored runs: may a report for `action` be served again? Without a
 * `status`, whether the action's results are ever reused.
 */
export function isCacheable(action: string, status?: string): boolean {
  return !MEASURING.has(action) && (status === undefined || !MOMENTARY.has(status));
}

/** Statuses never served from a cache (for queries that filter stored reports). */
export const UNCACHEABLE_STATUSES: readonly string[] = [...MOMENTARY];

/** How long a stored report may be served again: past it a run executes anew (and refreshes what is stored). */
export const CACHE_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

function sortedJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedJson);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, sortedJson(v)]),
    );
  }
  return value;
}

/**
 * `toolchain` names everything besides the request that decides a report:
 * the Go version and the sandbox's assets (Sandbox.assetsId).
 */
export function cacheKey(request: RunRequest, toolchain: string, limits: RunLimits): string {
  const { noCache: _ignored, ...options } = request.options ?? {};
  const files = [...request.files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const doc = sortedJson({ v: PIPELINE_VERSION, toolchain, limits, action: request.action, files, options });
  return createHash('sha256').update(JSON.stringify(doc)).digest('hex');
}

export class ResultCache {
  private readonly memory = new Map<string, RunReport>();

  constructor(
    private readonly dir: string,
    private readonly memoryEntries = 256,
  ) {}

  private path(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  async get(key: string): Promise<RunReport | undefined> {
    const hit = this.memory.get(key);
    if (hit) {
      // Refresh recency: Map iteration order is insertion order.
      this.memory.delete(key);
      this.memory.set(key, hit);
      return hit;
    }
    let text: string;
    try {
      text = await readFile(this.path(key), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const report = JSON.parse(text) as RunReport;
      this.remember(key, report);
      return report;
    } catch {
      // A torn or foreign file is a miss; the next run overwrites it.
      return undefined;
    }
  }

  async put(key: string, report: RunReport): Promise<void> {
    this.remember(key, report);
    const file = this.path(key);
    await mkdir(join(this.dir, key.slice(0, 2)), { recursive: true });
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, JSON.stringify(report));
    await rename(tmp, file);
  }

  private remember(key: string, report: RunReport): void {
    this.memory.set(key, report);
    while (this.memory.size > this.memoryEntries) this.memory.delete(this.memory.keys().next().value!);
  }
}
