/**
 * Run commands, independent of HTTP: accept a run (persist, then enqueue),
 * execute it on a runner slot (stream events, store the report), read it back,
 * and recover unfinished runs after a restart.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import { AppError } from '@gopherlab/errors';
import { CACHE_MAX_AGE_MS, goRelease, isCacheable, selectToolchain, UNCACHEABLE_STATUSES, type PendingStatus, type RunEvent, type RunReport, type RunRequest } from '@gopherlab/runner';
import { retryTransient, type Db } from '../db/index.js';
import type { JobQueue, RunEventBus } from '../queue/index.js';
import { follow } from '../queue/follow.js';
import type { Metrics } from '../http/metrics.js';
import { unavailableMessage, type ExecutionBackend } from './backend.js';

/** A run that has not finished yet, in the RunReport's shape so clients read one structure. */
export type PendingRunView = Omit<RunReport, 'status' | 'limits'> & { status: PendingStatus; limits: null };
export type RunView = RunReport | PendingRunView;

/** Larger profiles (long execution traces) stay as files on the runner host only. */
const MAX_STORED_PROFILE_BYTES = 32 * 1024 * 1024;

/** A run that killed its runner this many times is not retried again. */
export const MAX_ATTEMPTS = 2;

export interface RunServiceDeps {
  db: Db;
  queue: JobQueue;
  bus: RunEventBus;
  backend: ExecutionBackend;
  metrics: Metrics;
  log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

/** A stored run's identity where no runner can compute the cache key (web-only nodes); never used for reuse. */
export function requestHash(request: RunRequest): string {
  const files = [...request.files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const options = request.options ? Object.fromEntries(Object.entries(request.options).sort(([a], [b]) => a.localeCompare(b))) : {};
  return createHash('sha256').update(JSON.stringify({ action: request.action, files, options })).digest('hex');
}

function now(): string {
  return new Date().toISOString();
}

function pendingView(id: string, action: RunRequest['action'], status: PendingStatus, createdAt: string): PendingRunView {
  return {
    id,
    action,
    status,
    message: '',
    ...noResults(),
    timing: { wallMs: 0, cpuMs: 0, compileMs: 0, execMs: 0, queueMs: Math.max(0, Date.now() - Date.parse(createdAt)) },
    limits: null,
  };
}

/** The result fields of a run that produced nothing (yet): pending views and platform failures. */
function noResults() {
  return { exitCode: null, stdout: '', stderr: '', truncated: false, tests: [], benchmarks: [], profiles: [], diagnostics: [], races: [], leaks: [] };
}

/** A report the platform writes itself when it could not produce one (crash recovery, runner failure). */
export function platformFailure(id: string, action: RunRequest['action'], message: string): RunReport {
  return {
    id,
    action,
    status: 'internal_error',
    message,
    ...noResults(),
    timing: { wallMs: 0, cpuMs: 0, compileMs: 0, execMs: 0, queueMs: 0 },
    limits: { buildTimeoutMs: 0, runTimeoutMs: 0, memoryBytes: 0, processes: 0, outputBytes: 0, diskBytes: 0, gomaxprocs: 0, cpus: 0 },
  };
}

/** Host paths of profiles stay on the server; clients get URLs of the profile endpoint. */
export function presentReport(report: RunReport): RunReport {
  return {
    ...report,
    profiles: report.profiles.map((p, index) => {
      const { path: _hostPath, ...rest } = p;
      return { ...rest, url: `/api/v1/runs/${report.id}/profiles/${index}` };
    }),
  };
}

/** Finished reports are immutable: the most recent ones are kept parsed so status polls skip the database. */
const FINISHED_CACHE_SIZE = 2000;

export class RunService {
  private readonly finished = new Map<string, RunReport>();

  constructor(private readonly deps: RunServiceDeps) {}

  private remember(report: RunReport): RunReport {
    this.finished.delete(report.id);
    this.finished.set(report.id, report);
    if (this.finished.size > FINISHED_CACHE_SIZE) this.finished.delete(this.finished.keys().next().value!);
    return report;
  }

  /** The Go releases runs may select, newest (the default) first. */
  toolchains(): { release: string; version: string }[] {
    return this.deps.backend.goVersions.map((version) => ({ release: goRelease(version), version }));
  }

  /**
   * Names the release in the request itself (`1.27` when none was asked for),
   * so the stored request, its hash and the runner agree, and a new default
   * release never serves a report built with the old one. Unknown: 400 with the list.
   */
  private withGoVersion(request: RunRequest): RunRequest {
    const versions = this.deps.backend.goVersions;
    if (versions.length === 0) return request;
    const { version } = selectToolchain(versions.map((v) => ({ version: v })), request.options?.goVersion);
    return { ...request, options: { ...request.options, goVersion: goRelease(version) } };
  }

  /** Accepts a run: it is in the database before this resolves, so a crash after the 202 cannot lose it. */
  async create(input: RunRequest, userId: string | null): Promise<{ id: string }> {
    if (!this.deps.backend.runner && this.deps.queue.kind === 'memory') {
      throw new AppError('sandbox_unavailable', unavailableMessage(this.deps.backend));
    }
    const request = this.withGoVersion(input);
    const id = randomUUID();
    // The runner's own key (code, options, release, limits, sandbox assets, pipeline version): a
    // web-only node has no runner to ask, so it stores a plain request hash and never reuses.
    const key = this.deps.backend.runner?.cacheKey?.(request) ?? null;
    const createdAt = now();
    const { kysely } = this.deps.db;
    // The columns a cache hit and a queued run share.
    const row = { id, user_id: userId, action: request.action, request: JSON.stringify(request), request_hash: key ?? requestHash(request) };
    if (key && !request.options?.noCache && isCacheable(request.action)) {
      // Identical request already answered: store a new run that is done at once (one indexed read, no queue, no slot).
      const hit = await kysely
        .selectFrom('runs')
        .select(['report', 'result_status', 'finished_at'])
        .where('request_hash', '=', key)
        .where('status', '=', 'done')
        .where('result_status', 'not in', UNCACHEABLE_STATUSES)
        .where('finished_at', '>=', new Date(Date.now() - CACHE_MAX_AGE_MS).toISOString())
        .orderBy('finished_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (hit?.report) {
        const report = { ...(JSON.parse(hit.report) as RunReport), id, cached: true };
        await kysely
          .insertInto('runs')
          .values({
            ...row,
            status: 'done',
            result_status: report.status,
            report: JSON.stringify(report),
            created_at: createdAt,
            started_at: createdAt,
            // When the report was made, not copied: copies of copies never stretch its maximum age.
            finished_at: hit.finished_at,
          })
          .execute();
        this.deps.metrics.runs.inc({ action: request.action, status: report.status });
        return { id };
      }
    }
    await kysely
      .insertInto('runs')
      .values({
        ...row,
        status: 'queued',
        result_status: null,
        report: null,
        created_at: createdAt,
        started_at: null,
        finished_at: null,
      })
      .execute();
    try {
      await this.deps.queue.enqueue({ kind: 'run', id });
    } catch (e) {
      // Refused by the queue: the client gets an error, so the run must not linger as queued.
      await kysely.deleteFrom('runs').where('id', '=', id).execute();
      throw e;
    }
    return { id };
  }

  async get(id: string): Promise<RunView> {
    const cached = this.finished.get(id);
    if (cached) return cached;
    const row = await this.deps.db.kysely
      .selectFrom('runs')
      .select(['id', 'action', 'status', 'report', 'created_at'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new AppError('run_not_found');
    if (row.status === 'done' && row.report) return this.remember(presentReport(JSON.parse(row.report) as RunReport));
    return pendingView(row.id, row.action as RunRequest['action'], row.status === 'running' ? 'running' : 'queued', row.created_at);
  }

  /** Copies the run's profile files into the database (before the run is marked done, so a finished run always has them). */
  private async storeProfiles(id: string, report: RunReport): Promise<void> {
    const rows: { run_id: string; idx: number; data: string }[] = [];
    for (const [idx, p] of report.profiles.entries()) {
      if (!p.path) continue;
      const bytes = await fs.readFile(p.path).catch(() => null);
      if (!bytes || bytes.length > MAX_STORED_PROFILE_BYTES) continue;
      rows.push({ run_id: id, idx, data: bytes.toString('base64') });
    }
    if (rows.length === 0) return;
    await this.deps.db.kysely.deleteFrom('run_profiles').where('run_id', '=', id).execute();
    await this.deps.db.kysely.insertInto('run_profiles').values(rows).execute();
  }

  /** The bytes of profile `index` of a finished run: from the database, else from the runner's file on this host. */
  async profileBytes(id: string, index: number): Promise<{ kind: string; format: string; bytes: Buffer }> {
    const report = await this.rawReport(id);
    const profile = report?.profiles[index];
    if (!profile) throw new AppError('not_found', 'This run has no profile with that index.');
    const row = await this.deps.db.kysely.selectFrom('run_profiles').select('data').where('run_id', '=', id).where('idx', '=', index).executeTakeFirst();
    const bytes = row ? Buffer.from(row.data, 'base64') : profile.path ? await fs.readFile(profile.path).catch(() => null) : null;
    if (!bytes) throw new AppError('not_found', 'The profile is no longer available on this server. Run the program again.');
    return { kind: profile.kind, format: profile.format, bytes };
  }

  /** Raw report with host paths, for the profile endpoint. */
  async rawReport(id: string): Promise<RunReport | null> {
    const row = await this.deps.db.kysely.selectFrom('runs').select(['report']).where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('run_not_found');
    return row.report ? (JSON.parse(row.report) as RunReport) : null;
  }

  /**
   * Streams a run's events: history and live events from the bus, ending with
   * `report`. A run that is already done yields its report at once.
   */
  /**
   * The run's events for one SSE stream: its current status, the bus's events
   * after `afterSeq` (each with its sequence number; a reconnecting browser
   * sends the last one as Last-Event-ID), then the stored report, last.
   */
  async subscribe(id: string, listener: (event: RunEvent, seq?: number) => void, onEnd: () => void, afterSeq = 0): Promise<() => void> {
    return follow<RunReport, RunEvent>(
      {
        bus: this.deps.bus,
        stream: id,
        read: async () => {
          const r = await this.get(id);
          return r.status === 'queued' || r.status === 'running' ? { done: false, announce: { type: 'status', status: r.status } } : { done: true, value: r as RunReport };
        },
        // A run's stream carries only its own RunEvents (checks stream under `check:<id>`).
        map: (event) => (event.type === 'report' ? { end: true, value: event.report } : event.type === 'grading' || event.type === 'graded' ? null : { event }),
        final: (report) => ({ type: 'report', report: presentReport(report) }),
      },
      listener,
      onEnd,
      afterSeq,
    );
  }

  /** Executes one queued run on this process's runner (called by the queue worker). */
  async execute(id: string): Promise<void> {
    const { kysely } = this.deps.db;
    const row = await kysely.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || row.status === 'done') return;
    const request = JSON.parse(row.request) as RunRequest;
    const runner = this.deps.backend.runner;
    if (!runner) {
      await this.finish(id, platformFailure(id, request.action, `This runner cannot execute code: ${this.deps.backend.reason ?? 'no sandbox'}.`));
      return;
    }
    const startedAt = now();
    await kysely
      .updateTable('runs')
      .set((eb) => ({ status: 'running', started_at: startedAt, attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id)
      .execute();
    let report: RunReport;
    try {
      report = await runner.run(request, {
        onEvent: (event) => {
          // The runner's own report event is superseded by the one published after the report is stored.
          if (event.type !== 'report') this.deps.bus.publish(id, event);
        },
      });
      const queueMs = Math.max(0, Date.parse(startedAt) - Date.parse(row.created_at));
      report = { ...report, id, timing: { ...report.timing, queueMs: report.timing.queueMs + queueMs } };
    } catch (e) {
      this.deps.log.error({ runId: id, err: e }, 'runner failed');
      report = platformFailure(id, request.action, e instanceof AppError ? e.message : 'The runner failed while executing this run. Try again; if it keeps failing, report it.');
      if (e instanceof AppError) report.status = 'rejected';
    }
    await this.finish(id, report);
  }

  private async finish(id: string, report: RunReport): Promise<void> {
    // The program has run: wait out a database restart rather than lose (and later re-run) it.
    await retryTransient(async () => {
      await this.storeProfiles(id, report);
      await this.deps.db.kysely
        .updateTable('runs')
        .set({ status: 'done', result_status: report.status, report: JSON.stringify(report), finished_at: now() })
        .where('id', '=', id)
        .execute();
    });
    this.deps.metrics.runs.inc({ action: report.action, status: report.status });
    this.deps.bus.publish(id, { type: 'report', report });
  }

  /**
   * After a restart: runs still queued are enqueued again; runs that were
   * running are retried unless they already used MAX_ATTEMPTS, in which case
   * they are finished with a reason. With a shared Redis queue, `running` rows
   * younger than `staleAfterMs` belong to a live runner node and are left alone.
   */
  async recover(staleAfterMs = 0): Promise<{ requeued: number; failed: number }> {
    const { kysely } = this.deps.db;
    const rows = await kysely
      .selectFrom('runs')
      .select(['id', 'action', 'status', 'attempts', 'started_at'])
      .where('status', 'in', ['queued', 'running'])
      .orderBy('created_at')
      .execute();
    let requeued = 0;
    let failed = 0;
    const cutoff = Date.now() - staleAfterMs;
    for (const row of rows) {
      if (row.status === 'running' && staleAfterMs > 0 && row.started_at && Date.parse(row.started_at) > cutoff) continue;
      if (row.attempts >= MAX_ATTEMPTS) {
        await this.finish(
          row.id,
          platformFailure(row.id, row.action as RunRequest['action'], `The server stopped ${row.attempts} times while running this program, so it was not retried again.`),
        );
        failed++;
        continue;
      }
      await kysely.updateTable('runs').set({ status: 'queued' }).where('id', '=', row.id).execute();
      try {
        await this.deps.queue.enqueue({ kind: 'run', id: row.id });
        requeued++;
      } catch (e) {
        this.deps.log.warn({ runId: row.id, err: e }, 'could not re-enqueue run');
        await this.finish(row.id, platformFailure(row.id, row.action as RunRequest['action'], 'The server restarted and could not queue this run again. Run it again.'));
        failed++;
      }
    }
    return { requeued, failed };
  }
}
