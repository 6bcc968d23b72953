import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../http/context.js';
import { SESSION_COOKIE, requireRole, requireUser } from '../http/auth.js';
import { AppError } from '@gopherlab/errors';
import { idParams, roleBody, signinSchema, signupSchema, tokenRequestSchema } from '../http/schemas.js';

export function authRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const authLimit = { rateLimit: { max: ctx.config.rateLimit.authPerMinute, timeWindow: '1 minute' } };

  const setCookie = (request: FastifyRequest, reply: FastifyReply, token: string) => {
    const secure = ctx.config.secureCookies === 'auto' ? request.protocol === 'https' : ctx.config.secureCookies === 'true';
    void reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: '/',
      maxAge: ctx.config.sessionDays * 86_400,
    });
  };

  return async (app) => {
    app.post('/auth/signup', { schema: { tags: ['auth'], summary: 'Create an account and sign in.', body: signupSchema }, config: authLimit }, async (request, reply) => {
      const { user, token, csrfToken } = await ctx.auth.signUp(request.body);
      setCookie(request, reply, token);
      return reply.status(201).send({ user, csrfToken });
    });

    app.post('/auth/signin', { schema: { tags: ['auth'], summary: 'Sign in.', body: signinSchema }, config: authLimit }, async (request, reply) => {
      const { user, token, csrfToken } = await ctx.auth.signIn(request.body);
      setCookie(request, reply, token);
      return { user, csrfToken };
    });

    app.post('/auth/signout', { schema: { tags: ['auth'], summary: 'Sign out (ends the session).' } }, async (request, reply) => {
      if (request.session) {
        await ctx.auth.signOut(request.session.id);
        ctx.editor.endSignedOut(request.session.id);
      }
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    });

    app.get('/auth/me', { schema: { tags: ['auth'], summary: 'The signed-in user and the CSRF token, or nulls.' } }, async (request) => {
      return { user: request.session?.user ?? null, csrfToken: request.session?.csrfToken ?? null };
    });

    app.post(
      '/auth/tokens',
      {
        schema: { tags: ['auth'], summary: 'Issue an API token for the CLI: for the signed-in user, or for email and password (never stored).', body: tokenRequestSchema },
        config: authLimit,
      },
      async (request, reply) => {
        const name = request.body.name ?? 'gopherlab CLI';
        if (request.session) {
          const { token, id } = await ctx.auth.createApiToken(request.session.user.id, name);
          return reply.status(201).send({ token, id, user: request.session.user });
        }
        if (!request.body.email || request.body.password === undefined) throw new AppError('unauthenticated', 'Send email and password, or sign in first.');
        return reply.status(201).send(await ctx.auth.tokenForCredentials({ email: request.body.email, password: request.body.password, name }));
      },
    );

    app.get('/auth/tokens', { schema: { tags: ['auth'], summary: 'The signed-in user\'s API tokens (never the tokens themselves).' } }, async (request) => {
      return { tokens: await ctx.auth.listApiTokens(requireUser(request).user.id) };
    });

    app.delete('/auth/tokens/:id', { schema: { tags: ['auth'], summary: 'Revoke an API token; `current` is the one this request carries.', params: idParams } }, async (request) => {
      const session = requireUser(request);
      const id = request.params.id === 'current' && session.via === 'token' ? await ctx.auth.tokenPublicId(session.id) : request.params.id;
      if (!id) throw new AppError('not_found', 'This request carries no API token.');
      await ctx.auth.revokeApiToken(session.user.id, id);
      return { ok: true };
    });

    app.get('/admin/users', { schema: { tags: ['admin'], summary: 'All accounts (admin only).' }, preHandler: requireRole('admin') }, async () => {
      return { users: await ctx.auth.listUsers() };
    });

    app.put(
      '/admin/users/:id/role',
      { schema: { tags: ['admin'], summary: 'Change an account\'s role (admin only).', params: idParams, body: roleBody }, preHandler: requireRole('admin') },
      async (request) => {
        requireUser(request);
        return { user: await ctx.auth.setRole(request.params.id, request.body.role) };
      },
    );
  };
}
