/**
 * Classes and the class dashboard (instructors), joining a class and the
 * weekly goal (learners). Every route checks the caller's role here or in
 * ClassService; a learner asking for a dashboard gets 403, an instructor
 * asking for another instructor's class gets 404.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '@gopherlab/errors';
import { z } from 'zod';
import type { AppContext } from '../http/context.js';
import { requireUser } from '../http/auth.js';
import { idParams } from '../http/schemas.js';
import { computeDashboard, loadClassActivity, DEFAULT_RULES, type CourseFacts } from './dashboard.js';
import { learnerSummary } from './learner.js';
import { isoDuration } from './xapi.js';

const classBody = z.strictObject({ name: z.string().trim().min(1).max(120) });
const joinBody = z.strictObject({ code: z.string().trim().min(4).max(20) });
const goalBody = z.strictObject({ daysPerWeek: z.number().int().min(1).max(7) });
/** What the browser alone sees happen: a lesson's code block run (with its outcome), a lab hint revealed. */
const eventBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('block_run'), lessonId: z.string().min(1).max(128), block: z.number().int().min(0).max(999), status: z.string().min(1).max(40) }),
  z.strictObject({ kind: z.literal('hint'), labId: z.string().min(1).max(128), hint: z.number().int().min(1).max(50) }),
]);
/** Active seconds of one study session; the browser reports at most every few minutes, so an hour is plenty. */
const sessionBody = z.strictObject({ activeSeconds: z.number().int().min(1).max(3600) });
const dashboardQuery = z.strictObject({ lang: z.enum(['en', 'zh-CN']).default('en') });

export function classRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const rules = { ...DEFAULT_RULES, stuckFailures: ctx.config.stuck.failures, stuckHours: ctx.config.stuck.hours };
  return async (app) => {
    app.get('/classes', { schema: { tags: ['classes'], summary: 'The classes you teach (with invite codes) and the classes you joined.' } }, async (request) => {
      return ctx.classes.listFor(requireUser(request).user);
    });

    app.post('/classes', { schema: { tags: ['classes'], summary: 'Create a class (instructors); answers with its invite code.', body: classBody } }, async (request, reply) => {
      return reply.status(201).send(await ctx.classes.create(requireUser(request).user, request.body.name));
    });

    // Invite codes are secrets of a kind: guessing them is limited like signing in is.
    const authLimit = { rateLimit: { max: ctx.config.rateLimit.authPerMinute, timeWindow: '1 minute' } };
    app.post('/classes/join', { schema: { tags: ['classes'], summary: 'Join a class with its invite code; your own start date is today.', body: joinBody }, config: authLimit }, async (request) => {
      return ctx.classes.join(requireUser(request).user, request.body.code);
    });

    app.delete('/classes/:id/membership', { schema: { tags: ['classes'], summary: 'Leave a class.', params: idParams } }, async (request) => {
      await ctx.classes.leave(requireUser(request).user, request.params.id);
      return { left: true };
    });

    app.get(
      '/classes/:id/dashboard',
      { schema: { tags: ['classes'], summary: 'A class\'s activity, retention, funnel, labs, stuck and at-risk learners (its instructor, or an admin).', params: idParams, querystring: dashboardQuery } },
      async (request) => {
        const klass = await ctx.classes.forStaff(requireUser(request).user, request.params.id);
        const course = await ctx.course.load();
        const lang = request.query.lang;
        const facts: CourseFacts = { lessons: course.lessons.map((l) => ({ id: l.id, title: l.content[lang].title, hasLab: Boolean(l.lab), hints: l.lab?.spec.hints.en.length ?? 0 })) };
        const now = new Date();
        return { class: klass, ...computeDashboard(await loadClassActivity(ctx.db, klass.id, now), facts, now, rules) };
      },
    );

    app.get('/me/learning', { schema: { tags: ['classes'], summary: 'Your weekly goal, streak, where you left off and the next step.' } }, async (request) => {
      const { user } = requireUser(request);
      return learnerSummary(ctx.db, await ctx.course.load(), user.id, await ctx.classes.goal(user.id));
    });

    app.post('/me/session', { schema: { tags: ['classes'], summary: 'Report the active time of a study session (idle time excluded); stored as an xAPI "terminated" statement.', body: sessionBody } }, async (request, reply) => {
      const { user } = requireUser(request);
      await ctx.analytics.record({ userId: user.id, verb: 'terminated', kind: 'platform', activity: 'gopherlab', result: { duration: isoDuration(request.body.activeSeconds * 1000) } });
      return reply.status(204).send();
    });

    app.post('/me/events', { schema: { tags: ['classes'], summary: 'Record a learning event only the browser sees: a lesson block run, a hint revealed.', body: eventBody } }, async (request, reply) => {
      const { user } = requireUser(request);
      const e = request.body;
      if (e.kind === 'block_run') {
        await ctx.course.lesson(e.lessonId); // lesson_not_found for an id the course does not have
        await ctx.analytics.record({ userId: user.id, verb: 'attempted', kind: 'block', activity: `${e.lessonId}/${e.block}`, result: { success: e.status === 'ok' } });
      } else {
        const lab = await ctx.course.lab(e.labId);
        // Hints come in both languages, one for one (the course validator checks it): count the English ones.
        if (e.hint > lab.spec.hints.en.length) throw new AppError('invalid_request', `The lab has ${lab.spec.hints.en.length} hints; there is no hint ${e.hint}.`);
        await ctx.analytics.record({ userId: user.id, verb: 'asked', kind: 'hint', activity: `${e.labId}/${e.hint}` });
      }
      return reply.status(204).send();
    });

    app.put('/me/goal', { schema: { tags: ['classes'], summary: 'Set your weekly goal (active days per week).', body: goalBody } }, async (request) => {
      const { user } = requireUser(request);
      await ctx.classes.setGoal(user, request.body.daysPerWeek);
      return { daysPerWeek: request.body.daysPerWeek };
    });
  };
}
