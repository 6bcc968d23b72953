/**
 * The Fastify application. Every API request takes the same path:
 *   onRequest:   rate limit per IP (flood guard, before any database work)
 *                -> authenticate (session cookie)
 *                -> rate limit per user when signed in, else per IP (stricter on auth and run creation)
 *   validation:  zod schemas (fastify-type-provider-zod)
 *   preHandler:  authorize (CSRF for mutating requests with a session, roles per route)
 *   handler:     a command on a service, then the presented result
 */
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import { Redis } from 'ioredis';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '@gopherlab/errors';
import type { AppContext } from './context.js';
import { errorHandler } from './errors.js';
import { authenticateHook, csrfHook } from './auth.js';
import { isSpaPath, registerWeb } from './web.js';
import { isProbe, probeRoutes } from './probes.js';
import { runRoutes } from '../runs/routes.js';
import { shareRoutes } from '../shares/routes.js';
import { authRoutes } from '../auth/routes.js';
import { courseRoutes } from '../course/routes.js';
import { lspRoutes } from '../lsp/routes.js';
import { analyticsRoutes } from '../analytics/routes.js';
import { classRoutes } from '../analytics/class-routes.js';

/** Fields that may hold learner code or secrets: never written to logs. */
const REDACT = ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'];

/**
 * Security headers on every response. Lesson HTML is rendered with
 * dangerouslySetInnerHTML, so the policy allows only our own scripts: no inline
 * script, no eval, no other origin. Styles allow inline because CodeMirror and
 * React set element styles; the app is never framed.
 */
const CONTENT_SECURITY_POLICY = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    workerSrc: ["'self'", 'blob:'],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
};

export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: ctx.config.logLevel, redact: REDACT },
    bodyLimit: ctx.config.bodyLimit,
    trustProxy: ctx.config.trustProxy,
    // Request logs carry method, url and status only: bodies (learner code) are never logged.
    routerOptions: { maxParamLength: 200 },
    // Router-level failures (over-long or undecodable URLs) get the catalog's error shape too.
    frameworkErrors: (error, request, reply) => errorHandler(error, request, reply),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  // An empty JSON body (e.g. a sign-out sent with a JSON content type) means "no body", not a syntax error.
  const jsonParser = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text === '') {
      done(null, undefined);
      return;
    }
    jsonParser(request, text, done);
  });

  app.decorateRequest('session', null);
  await app.register(fastifyHelmet, { contentSecurityPolicy: CONTENT_SECURITY_POLICY, referrerPolicy: { policy: 'no-referrer' } });
  await app.register(fastifyCookie);

  // Request duration by route template (not raw URL: ids would explode label cardinality).
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    ctx.metrics.httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  const rateLimitRedis = ctx.config.redisUrl ? new Redis(ctx.config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false }) : null;
  if (rateLimitRedis) app.addHook('onClose', async () => void rateLimitRedis.disconnect());
  await app.register(fastifyRateLimit, {
    global: true,
    max: ctx.config.rateLimit.perMinute,
    timeWindow: '1 minute',
    ...(rateLimitRedis ? { redis: rateLimitRedis, nameSpace: 'gopherlab-rl-' } : {}),
    keyGenerator: (request) => (request.session ? `user:${request.session.user.id}` : `ip:${request.ip}`),
    errorResponseBuilder: (_request, context) => new AppError('rate_limited', `Too many requests. Try again in ${Math.ceil(context.ttl / 1000)} s.`),
    allowList: (request) => isProbe(request.url),
  });
  // The per-IP guard runs before authentication so a flood (forged cookies included) is cut off
  // before it reaches the database; it is generous because a classroom may share one address.
  const ipGuard = app.createRateLimit({ max: ctx.config.rateLimit.perIpPerMinute, timeWindow: '1 minute', keyGenerator: (request) => `ip-guard:${request.ip}` });
  app.addHook('onRequest', async (request, reply) => {
    if (isProbe(request.url)) return;
    const r = await ipGuard(request);
    if (!r.isAllowed && r.isExceeded) {
      void reply.header('retry-after', String(r.ttlInSeconds));
      throw new AppError('rate_limited', `Too many requests from your network. Try again in ${r.ttlInSeconds} s.`);
    }
  });
  app.addHook('onRequest', authenticateHook(ctx.auth));
  app.addHook('preHandler', csrfHook);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'gopherlab API', version: '1.0.0', description: 'Run Go code in a sandbox, share it, learn with the course. Errors are {error: {code, message, details?}}.' },
    },
    transform: jsonSchemaTransform,
  });

  probeRoutes(app, ctx);

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    return reply.header('content-type', ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
  });

  await app.register(
    async (api) => {
      api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
      await api.register(runRoutes(ctx));
      await api.register(shareRoutes(ctx));
      await api.register(authRoutes(ctx));
      await api.register(courseRoutes(ctx));
      await api.register(lspRoutes(ctx));
      await api.register(analyticsRoutes(ctx));
      await api.register(classRoutes(ctx));
    },
    { prefix: '/api/v1' },
  );

  const hasWeb = await registerWeb(app, ctx.config.webDir);
  app.setNotFoundHandler(async (request, reply) => {
    if (hasWeb && (request.method === 'GET' || request.method === 'HEAD') && isSpaPath(request.url)) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    throw new AppError('not_found');
  });
  return app;
}
