/**
 * Probes for the orchestrator. `/healthz` is liveness: the process answers,
 * nothing else is touched (a database outage must not get every web process
 * restarted). `/readyz` is readiness: it asks each dependency this process
 * needs and answers 503 with what is wrong, so a load balancer stops sending
 * traffic to a process that cannot serve it.
 */
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from './context.js';

/** A dependency that does not answer within this is as good as down. */
const CHECK_TIMEOUT_MS = 2000;

interface CheckResult {
  ok: boolean;
  error?: string;
}

async function probe(check: () => Promise<unknown>): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return { ok: true };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  } finally {
    clearTimeout(timer);
  }
}

/** The dependencies of this process: the database and the queue always, the sandbox where it runs code. */
export async function readiness(ctx: AppContext): Promise<{ ready: boolean; checks: Record<string, CheckResult> }> {
  const checks: Record<string, CheckResult> = {};
  const [db, queue] = await Promise.all([probe(() => sql`select 1`.execute(ctx.db.kysely)), probe(() => ctx.queue.depth())]);
  checks.database = db;
  checks.queue = queue;
  if (ctx.config.services.includes('runner')) {
    checks.sandbox = ctx.backend.isolated ? { ok: true } : { ok: false, error: ctx.backend.reason ?? 'no sandbox is available (run the setup: npm run setup)' };
  }
  return { ready: Object.values(checks).every((c) => c.ok), checks };
}

export function probeRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/healthz', { schema: { hide: true } }, async () => ({
    ok: true,
    sandbox: { isolated: ctx.backend.isolated, slots: ctx.backend.slots, ...(ctx.backend.reason ? { reason: ctx.backend.reason } : {}) },
    db: ctx.db.kind,
    queue: ctx.queue.kind,
    services: ctx.config.services,
  }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const r = await readiness(ctx);
    return reply.code(r.ready ? 200 : 503).send(r);
  });
}

export const isProbe = (url: string): boolean => url === '/healthz' || url === '/readyz' || url === '/metrics';
