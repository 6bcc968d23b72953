import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../http/context.js';
import { AppError } from '@gopherlab/errors';
import { requireUser } from '../http/auth.js';
import { DraftService } from './drafts.js';
import { checkRequestSchema, idParams, langQuery, progressBody, progressParams } from '../http/schemas.js';
import { sseStreams, streamEvents } from '../http/sse.js';

export function courseRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const drafts = new DraftService(ctx.db);

  return async (app) => {
    app.get('/course', { schema: { tags: ['course'], summary: 'Modules and lessons, with the learner\'s progress when signed in.', querystring: langQuery } }, async (request) => {
      return ctx.course.outline(request.query.lang, request.session?.user.id ?? null);
    });

    app.get('/lessons/:id', { schema: { tags: ['course'], summary: 'One lesson with its lab.', params: idParams, querystring: langQuery } }, async (request) => {
      return ctx.course.lessonView(request.params.id, request.query.lang);
    });

    app.post(
      '/labs/:id/check',
      {
        schema: { tags: ['course'], summary: 'Grade a lab solution; answers 202 with the check id.', params: idParams, body: checkRequestSchema },
        config: { rateLimit: { max: ctx.config.rateLimit.runsPerMinute, timeWindow: '1 minute' } },
      },
      async (request, reply) => {
        const files = ctx.normalizeRequest({ action: 'test', files: request.body.files }).files;
        return reply.status(202).send(await ctx.course.createCheck(request.params.id, files, request.session?.user.id ?? null, request.body.hintsUsed ?? 0));
      },
    );

    app.get(
      '/labs/:id/solution',
      { schema: { tags: ['course'], summary: 'The reference solution of a lab, once the signed-in learner has passed it.', params: idParams } },
      async (request) => {
        const session = requireUser(request);
        const lab = await ctx.course.lab(request.params.id);
        // A passed check of this learner, not the progress flag (a learner may mark a lesson completed by hand).
        const passed = await ctx.db.kysely
          .selectFrom('lab_checks')
          .select('id')
          .where('user_id', '=', session.user.id)
          .where('lab_id', '=', request.params.id)
          .where('passed', '=', 1)
          .executeTakeFirst();
        if (!passed) throw new AppError('forbidden', 'The solution opens once you have passed the lab: run the check until it passes.');
        await ctx.analytics.record({ userId: session.user.id, verb: 'experienced', kind: 'solution', activity: request.params.id });
        return { files: lab.reference };
      },
    );

    app.get('/labs/:id/draft', { schema: { tags: ['course'], summary: 'The signed-in learner\'s saved code for a lab, or null.', params: idParams } }, async (request) => {
      const session = requireUser(request);
      await ctx.course.lab(request.params.id);
      return { draft: await drafts.get(session.user.id, request.params.id) };
    });

    app.put(
      '/labs/:id/draft',
      { schema: { tags: ['course'], summary: 'Save the signed-in learner\'s code for a lab (last write wins).', params: idParams, body: checkRequestSchema } },
      async (request) => {
        const session = requireUser(request);
        // Saved only if it could be checked: the same file rules as a check.
        const files = ctx.normalizeRequest({ action: 'test', files: request.body.files }).files;
        await ctx.course.lab(request.params.id);
        return { draft: await drafts.save(session.user.id, request.params.id, files) };
      },
    );

    app.get('/checks/:id', { schema: { tags: ['course'], summary: 'A lab check and, once done, its grade.', params: idParams } }, async (request) => {
      return ctx.course.getCheck(request.params.id);
    });

    const streams = sseStreams(app);
    app.get(
      '/checks/:id/events',
      { schema: { tags: ['course'], summary: 'Server-sent events of a lab check: `grading` (which step runs, then each check as it lands), then `grade` (last).', params: idParams } },
      async (request, reply) => {
        await ctx.course.getCheck(request.params.id);
        await streamEvents(request, reply, streams, (send, end, afterSeq) => ctx.course.subscribeCheck(request.params.id, send, end, afterSeq));
      },
    );

    app.get('/progress', { schema: { tags: ['progress'], summary: 'The signed-in learner\'s progress.' } }, async (request) => {
      const session = requireUser(request);
      return { lessons: await ctx.progress.list(session.user.id) };
    });

    app.put(
      '/progress/:lessonId',
      { schema: { tags: ['progress'], summary: 'Mark a lesson started or completed.', params: progressParams, body: progressBody } },
      async (request) => {
        const session = requireUser(request);
        await ctx.course.lesson(request.params.lessonId);
        const entry = await ctx.progress.set(session.user.id, request.params.lessonId, request.body.status);
        await ctx.analytics.record({ userId: session.user.id, verb: request.body.status === 'completed' ? 'completed' : 'launched', kind: 'lesson', activity: request.params.lessonId });
        return entry;
      },
    );
  };
}
