/**
 * The learning events, xAPI-shaped, and what is built on them: classes and
 * their dashboards, the learner's weekly goal and streak. Learners read,
 * download (CSV) and delete their own events; instructors read those of the
 * learners in their classes; admins read everyone's.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '@gopherlab/errors';
import type { AppContext } from '../http/context.js';
import { requireUser } from '../http/auth.js';
import { VERB_NAMES } from './service.js';
import { isStaff } from './classes.js';

const iso = z.string().datetime({ offset: true });

const statementsQuery = z.strictObject({
  learner: z.string().max(100).optional(),
  class: z.string().max(128).optional(),
  verb: z.enum(VERB_NAMES as [string, ...string[]]).optional(),
  since: iso.optional(),
  until: iso.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(300).optional(),
});

export function analyticsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/xapi/statements',
      { schema: { tags: ['analytics'], summary: 'Learning events as xAPI 1.0.3 statements, oldest first; `more` is the cursor of the next page.', querystring: statementsQuery } },
      async (request) => {
        const session = requireUser(request);
        const q = request.query;
        const { role, id: me } = session.user;
        const staff = isStaff(session.user);
        if (!staff && q.learner !== undefined && q.learner !== me) throw new AppError('forbidden', 'Learners see their own learning events only.');
        if (staff && q.learner !== undefined && q.learner !== me && !(await ctx.classes.canSeeLearner(session.user, q.learner))) {
          throw new AppError('forbidden', 'Instructors see the learning events of learners in their own classes only.');
        }
        // A class filter is for its instructor (or an admin); anyone else gets 403/404 from forStaff.
        if (q.class !== undefined) await ctx.classes.forStaff(session.user, q.class);
        const userId = staff ? q.learner : me;
        const page = await ctx.analytics.list({
          limit: q.limit,
          ...(userId ? { userId } : {}),
          ...(role === 'instructor' && userId === undefined ? { instructorId: me } : {}),
          ...(q.class !== undefined ? { classId: q.class } : {}),
          ...(q.verb ? { verb: q.verb as never } : {}),
          ...(q.since ? { since: new Date(q.since).toISOString() } : {}),
          ...(q.until ? { until: new Date(q.until).toISOString() } : {}),
          ...(q.cursor ? { cursor: q.cursor } : {}),
        });
        const next = new URLSearchParams({ ...Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)])), ...(page.more ? { cursor: page.more } : {}) });
        return { statements: page.statements, more: page.more ? `/api/v1/xapi/statements?${next}` : '' };
      },
    );

    app.get('/me/statements.csv', { schema: { tags: ['analytics'], summary: 'Download your own learning events as CSV.' } }, async (request, reply) => {
      const session = requireUser(request);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="gopherlab-learning-events.csv"')
        .send(await ctx.analytics.csv(session.user.id));
    });

    app.delete('/me/statements', { schema: { tags: ['analytics'], summary: 'Delete your own learning events (your progress and lab work stay).' } }, async (request) => {
      const session = requireUser(request);
      return { deleted: await ctx.analytics.deleteFor(session.user.id) };
    });
  };
}
