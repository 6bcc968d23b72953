/**
 * Composition root: opens the database, picks the queue (memory or Redis),
 * loads the runner when this process runs code, builds the services and the
 * HTTP app, starts the workers and recovers unfinished jobs.
 */
import type { FastifyInstance } from 'fastify';
import { configuredGoVersions, validateRunRequest } from '@gopherlab/runner';
import type { ServerConfig } from './config/index.js';
import { openDb, type Db } from './db/index.js';
import { MemoryEventBus, MemoryQueue, RedisEventBus, RedisQueue, type Job, type JobQueue, type RunEventBus } from './queue/index.js';
import { AuthService } from './auth/service.js';
import { RunService } from './runs/service.js';
import { loadRunnerBackend, type ExecutionBackend } from './runs/backend.js';
import { ShareService } from './shares/index.js';
import { CourseService, ProgressService } from './course/index.js';
import { createMetrics } from './http/metrics.js';
import { buildApp } from './http/app.js';
import { runPolicy } from './http/schemas.js';
import type { AppContext } from './http/context.js';
import { createEditorService } from './lsp/index.js';
import { AnalyticsService } from './analytics/service.js';
import { ClassService } from './analytics/classes.js';

/** How often a web process deletes expired sessions. */
const SESSION_SWEEP_MS = 60 * 60_000;

export interface CreateServerOptions {
  /** Use this backend instead of loading the runner package (tests, embedding). */
  backend?: ExecutionBackend;
  /** PostgreSQL schema (tests isolate each file in its own). */
  pgSchema?: string;
  /** Redis key prefix (tests isolate each file). */
  redisPrefix?: string;
  /** With a shared Redis queue, `running` jobs younger than this belong to a live runner and are not recovered. */
  staleRunningMs?: number;
}

export interface GopherlabServer {
  app: FastifyInstance;
  ctx: AppContext;
  /** Listens on config.host:config.port; resolves to the URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export async function createServer(config: ServerConfig, options: CreateServerOptions = {}): Promise<GopherlabServer> {
  const runsCode = config.services.includes('runner');
  const db: Db = await openDb({ dataDir: config.dataDir, ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}), ...(options.pgSchema ? { pgSchema: options.pgSchema } : {}) });
  const backend: ExecutionBackend =
    options.backend ??
    (runsCode
      ? await loadRunnerBackend({ dataDir: config.dataDir })
      : { runner: null, isolated: false, slots: 0, goVersions: configuredGoVersions(), reason: 'this node serves the API only (--services=web); runner nodes execute code', close: async () => {} });

  let onJobError: (job: Job, error: unknown) => void = () => {};
  const queue: JobQueue = config.redisUrl
    ? new RedisQueue({ url: config.redisUrl, limit: config.queueLimit, ...(options.redisPrefix ? { prefix: options.redisPrefix } : {}), onError: (j, e) => onJobError(j, e) })
    : new MemoryQueue(config.queueLimit, (j, e) => onJobError(j, e));
  const bus: RunEventBus = config.redisUrl ? new RedisEventBus(config.redisUrl, options.redisPrefix) : new MemoryEventBus();

  const metrics = createMetrics({
    queueDepth: () => queue.depth().catch(() => 0),
    slotsBusy: () => queue.active(),
    slotsTotal: () => (backend.runner ? backend.slots : 0),
  });
  const progress = new ProgressService(db);
  // The logger exists only once the app is built; services log through this late-bound holder.
  const log = {
    warn: (obj: object, msg: string) => app.log.warn(obj, msg),
    error: (obj: object, msg: string) => app.log.error(obj, msg),
  };
  const runs = new RunService({ db, queue, bus, backend, metrics, log });
  const analytics = new AnalyticsService(db, log);
  const course = new CourseService({ courseDir: config.courseDir, db, queue, bus, analytics, backend, progress, metrics, log });
  const ctx: AppContext = {
    config,
    db,
    queue,
    bus,
    backend,
    metrics,
    auth: new AuthService(db, config.sessionDays),
    runs,
    shares: new ShareService(db),
    course,
    progress,
    normalizeRequest: (body) => validateRunRequest(body, runPolicy),
    analytics,
    classes: new ClassService(db),
    editor: createEditorService(config, runsCode && backend.runner !== null, log),
  };
  const app = await buildApp(ctx);
  onJobError = (job, error) => app.log.error({ job, err: error }, 'job failed');

  if (runsCode && backend.runner) {
    queue.process(async (job) => {
      if (job.kind === 'run') await runs.execute(job.id);
      else await course.executeCheck(job.id);
    }, config.workers ?? backend.slots);
    const stale = options.staleRunningMs ?? (queue.kind === 'redis' ? 15 * 60_000 : 0);
    const r = await runs.recover(stale);
    const c = await course.recover(stale);
    if (r.requeued + r.failed + c.requeued + c.failed > 0) app.log.info({ runs: r, checks: c }, 'recovered unfinished jobs');
  } else if (runsCode) {
    app.log.warn({ reason: backend.reason }, 'code execution disabled: runs answer 503 sandbox_unavailable');
  }

  // Expired sessions are refused at lookup; this also deletes the ones nobody presents again.
  const sweepSessions = () =>
    ctx.auth.purgeExpiredSessions().then(
      (n) => n > 0 && app.log.info({ sessions: n }, 'deleted expired sessions'),
      (e: unknown) => app.log.warn({ err: e }, 'deleting expired sessions failed'),
    );
  let sessionSweeper: NodeJS.Timeout | undefined;
  if (config.services.includes('web')) {
    await sweepSessions();
    sessionSweeper = setInterval(() => void sweepSessions(), SESSION_SWEEP_MS).unref();
  }

  let closed = false;
  return {
    app,
    ctx,
    async listen() {
      return app.listen({ port: config.port, host: config.host });
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(sessionSweeper);
      await app.close();
      await ctx.editor.close();
      await queue.close();
      await bus.close();
      await backend.close();
      await db.close();
    },
  };
}
