import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../http/context.js';
import { idParams, shareRequestSchema } from '../http/schemas.js';

export function shareRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post('/shares', { schema: { tags: ['shares'], summary: 'Store code; the same content always gets the same id.', body: shareRequestSchema } }, async (request) => {
      const body = request.body;
      // The share must be runnable later, so it passes the same file rules as a run.
      const normalized = ctx.normalizeRequest({ action: body.action ?? 'run', ...(body.files ? { files: body.files } : { txtar: body.txtar }), ...(body.options ? { options: body.options } : {}) });
      return ctx.shares.create(normalized.files, body.action ?? null, normalized.options);
    });
    app.get('/shares/:id', { schema: { tags: ['shares'], summary: 'A shared snippet.', params: idParams } }, async (request) => ctx.shares.get(request.params.id));
  };
}
