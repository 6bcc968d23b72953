/** Run API routes: thin adapters from HTTP to RunService. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '@gopherlab/errors';
import { convertTrace, traceconvPath, type ProcessRunner } from '@gopherlab/profiling';
import type { RunEvent } from '@gopherlab/runner';
import type { AppContext } from '../http/context.js';
import { idParams, profileParams, runRequestSchema } from '../http/schemas.js';

/** SSE comment lines keep proxies from closing a quiet stream (a long compile). */
const KEEPALIVE_MS = 15_000;

const runProcess: ProcessRunner = (file, args) =>
  new Promise((resolve, reject) => {
    execFile(file, args, { maxBuffer: 512 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = (error as NodeJS.ErrnoException | null)?.code;
      if (typeof code === 'string') {
        reject(error);
        return;
      }
      resolve({ stdout, stderr, exitCode: error ? ((error as { code?: number }).code ?? 1) : 0 });
    });
  });

/** The sequence number a reconnecting EventSource sends back; anything else means "from the start". */
function lastEventId(header: string | string[] | undefined): number {
  const raw = Array.isArray(header) ? header[0] : header;
  return raw !== undefined && /^\d{1,15}$/.test(raw) ? Number(raw) : 0;
}

export function runRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    // Open event streams are ended cleanly when the server shuts down (a finished response rather
    // than a reset socket), and EventSource clients reconnect to another node by themselves.
    const streams = new Set<() => void>();
    app.addHook('preClose', async () => {
      for (const end of streams) end();
    });

    app.post(
      '/runs',
      {
        schema: { tags: ['runs'], summary: 'Accept a run; answers 202 with its id once it is persisted.', body: runRequestSchema },
        config: { rateLimit: { max: ctx.config.rateLimit.runsPerMinute, timeWindow: '1 minute' } },
      },
      async (request, reply) => {
        const runRequest = ctx.normalizeRequest(request.body);
        const result = await ctx.runs.create(runRequest, request.session?.user.id ?? null);
        return reply.status(202).send(result);
      },
    );

    app.get('/toolchains', { schema: { tags: ['runs'], summary: 'The Go releases a run may select (options.goVersion), newest (the default) first.' } }, async () => {
      const toolchains = ctx.runs.toolchains();
      return { default: toolchains[0]?.release ?? null, toolchains };
    });

    app.get('/runs/:id', { schema: { tags: ['runs'], summary: 'The RunReport (status queued/running until done).', params: idParams } }, async (request) => {
      return ctx.runs.get(request.params.id);
    });

    app.get(
      '/runs/:id/events',
      { schema: { tags: ['runs'], summary: 'Server-sent events: status, stdout, stderr, test, benchmark, then report (last).', params: idParams } },
      async (request, reply) => {
        // Resolve the run before switching to SSE so an unknown id is a plain 404.
        await ctx.runs.get(request.params.id);
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          // The headers set so far (security headers) go out with the hijacked response too.
          ...(reply.getHeaders() as OutgoingHttpHeaders),
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        let closed = false;
        const send = (event: RunEvent, seq?: number) => {
          if (closed) return;
          res.write(`${seq === undefined ? '' : `id: ${seq}\n`}event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
        };
        const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
        const finish = () => {
          if (closed) return;
          closed = true;
          streams.delete(finish);
          clearInterval(keepalive);
          res.end();
        };
        streams.add(finish);
        let unsubscribe: () => void = () => {};
        request.raw.on('close', () => {
          unsubscribe();
          finish();
        });
        try {
          unsubscribe = await ctx.runs.subscribe(request.params.id, send, finish, lastEventId(request.headers['last-event-id']));
          if (closed) unsubscribe();
        } catch (e) {
          request.log.error({ err: e }, 'event stream failed');
          finish();
        }
      },
    );

    app.get(
      '/runs/:id/profiles/:index',
      { schema: { tags: ['runs'], summary: 'Raw profile bytes (index into report.profiles).', params: profileParams } },
      async (request, reply) => {
        const { kind, format, bytes } = await ctx.runs.profileBytes(request.params.id, request.params.index);
        return reply
          .header('content-type', 'application/octet-stream')
          .header('content-disposition', `attachment; filename="${kind}.${format === 'trace' ? 'trace' : 'pb.gz'}"`)
          .send(bytes);
      },
    );

    app.get(
      '/runs/:id/trace',
      { schema: { tags: ['runs'], summary: 'The run\'s execution trace converted to Chrome trace-event JSON.', params: idParams } },
      async (request) => {
        const report = await ctx.runs.rawReport(request.params.id);
        const index = report?.profiles.findIndex((p) => p.kind === 'trace') ?? -1;
        if (index < 0) throw new AppError('not_found', 'This run has no execution trace. Use the trace action.');
        const { bytes } = await ctx.runs.profileBytes(request.params.id, index);
        // traceconv reads a file: stage the stored trace in a private temporary directory.
        const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gl-trace-'));
        try {
          const file = path.join(dir, 'run.trace');
          await fs.writeFile(file, bytes);
          const repoRoot = path.resolve(ctx.config.courseDir, '..');
          return await convertTrace(runProcess, file, { binary: traceconvPath(process.env, repoRoot) });
        } finally {
          await fs.rm(dir, { recursive: true, force: true });
        }
      },
    );
  };
}
