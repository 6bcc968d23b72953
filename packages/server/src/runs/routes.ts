/** Run API routes: thin adapters from HTTP to RunService. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '@gopherlab/errors';
import { convertTrace, traceconvPath, type ProcessRunner } from '@gopherlab/profiling';
import type { AppContext } from '../http/context.js';
import { idParams, profileParams, runRequestSchema } from '../http/schemas.js';
import { sseStreams, streamEvents } from '../http/sse.js';

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

export function runRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    // Open event streams end cleanly at shutdown; EventSource clients reconnect to another node by themselves.
    const streams = sseStreams(app);

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
        await streamEvents(request, reply, streams, (send, end, afterSeq) => ctx.runs.subscribe(request.params.id, send, end, afterSeq));
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
      '/runs/:id/ssa',
      { schema: { tags: ['runs'], summary: 'The compiler\'s SSA viewer (ssa.html) of an `ssa` run, for a sandboxed frame.', params: idParams } },
      async (request, reply) => {
        const report = await ctx.runs.rawReport(request.params.id);
        const index = report?.profiles.findIndex((p) => p.kind === 'ssa') ?? -1;
        if (index < 0) throw new AppError('not_found', 'This run has no SSA view. Use the ssa action with the function to show.');
        const { bytes } = await ctx.runs.profileBytes(request.params.id, index);
        // The page is the compiler's, but it embeds the learner's source: it runs in a sandbox
        // (an opaque origin: no cookies, no API), with its own inline script and styles only.
        return reply
          .header('content-type', 'text/html; charset=utf-8')
          .header('content-security-policy', "sandbox allow-scripts; default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'")
          .header('x-frame-options', 'SAMEORIGIN')
          .send(Buffer.from(bytes));
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
