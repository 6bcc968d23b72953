/**
 * GET /api/v1/lsp: a WebSocket carrying one JSON message per frame. The
 * editor first sends `{type:"open", sid, files, goVersion?}`; the server
 * answers `{type:"ready", rootUri, goVersion}` and from then on relays LSP
 * messages both ways, or `{type:"error", code, message}` and closes. Later
 * control messages (`idle`, `restart`, `disabled`, `ended`) precede a close
 * with a CLOSE code.
 *
 * Authentication is the session cookie (or an API token) like every route,
 * and a browser's handshake must come from our own origin (a cross-site page
 * cannot ride on the cookie: the WebSocket handshake has no CSRF header).
 * Signed out, the playground still gets a session, counted per address. The
 * upgrade request goes through the same flood guard and rate limits as any.
 */
import fastifyWebsocket from '@fastify/websocket';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '@gopherlab/errors';
import { MAX_CLIENT_MESSAGE_BYTES, readGoSource } from '@gopherlab/runner/editor';
import type { AppContext } from '../http/context.js';
import { CLOSE, type EditorHello } from './service.js';

const helloSchema = z.strictObject({
  type: z.literal('open'),
  sid: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  files: z.array(z.unknown()),
  goVersion: z.string().max(16).optional(),
});

/** How long a connection may take to say hello. */
const HELLO_MS = 10_000;

export function lspRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(fastifyWebsocket, { options: { maxPayload: 2 * MAX_CLIENT_MESSAGE_BYTES } });

    app.get('/lsp/status', { schema: { tags: ['editor'], summary: 'Whether editor assistance (gopls) is available here, and how busy it is.' } }, async () => ctx.editor.status);

    app.get(
      '/lsp/source',
      {
        schema: {
          tags: ['editor'],
          summary: 'A standard-library or allowlisted-module source file that gopls named (go to definition), read-only.',
          querystring: z.strictObject({ uri: z.string().max(1000) }),
        },
      },
      async (request, reply) => {
        const { text } = readGoSource(request.query.uri);
        // Public Go sources: cacheable, and never rendered as HTML by the browser.
        return reply.header('content-type', 'text/plain; charset=utf-8').header('cache-control', 'public, max-age=86400').send(text);
      },
    );

    app.get('/lsp', { websocket: true, schema: { hide: true } }, (socket, request) => {
      const conn = {
        send: (text: string) => socket.readyState === socket.OPEN && socket.send(text),
        close: (code: number, reason: string) => socket.close(code, reason.slice(0, 120)),
      };
      if (!sameOrigin(request)) {
        conn.send(JSON.stringify({ type: 'error', code: 'forbidden', message: 'Editor sessions open only from this site.' }));
        return conn.close(CLOSE.refused, 'forbidden');
      }
      let handlers: { receive(text: string): void; closed(): void } | undefined;
      /** Messages that arrive while gopls starts; the editor should wait for `ready`, but none is lost. */
      let early: string[] | undefined;
      let socketClosed = false;
      const helloTimer = setTimeout(() => conn.close(CLOSE.refused, 'no hello'), HELLO_MS);
      socket.on('message', (data, isBinary) => {
        const text = isBinary ? '' : data.toString();
        if (handlers) return handlers.receive(text);
        if (early) return void (early.length < 1000 && early.push(text));
        early = [];
        clearTimeout(helloTimer);
        let hello: EditorHello;
        try {
          hello = parseHello(ctx, text);
        } catch (e) {
          const err = e instanceof AppError ? e : new AppError('lsp_message_invalid');
          conn.send(JSON.stringify({ type: 'error', code: err.code, message: err.message }));
          return conn.close(CLOSE.refused, err.code);
        }
        const s = request.session;
        const owner = s ? { key: `user:${s.user.id}`, sessionId: s.id } : { key: `ip:${request.ip}` };
        void ctx.editor.open(owner, hello, conn).then((h) => {
          handlers = h;
          if (socketClosed) return h.closed();
          for (const m of early!) h.receive(m);
        });
      });
      socket.on('close', () => {
        socketClosed = true;
        clearTimeout(helloTimer);
        handlers?.closed();
      });
      socket.on('error', () => handlers?.closed());
    });
  };
}

/** The hello, with its files checked by the same rules as a run's (names, sizes, UTF-8, Go release). */
function parseHello(ctx: AppContext, text: string): EditorHello {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError('lsp_message_invalid', 'The editor\'s first message must be JSON: {"type":"open","sid","files"}.');
  }
  const parsed = helloSchema.safeParse(raw);
  if (!parsed.success) throw new AppError('lsp_message_invalid', `The editor's first message is not an open request (${parsed.error.issues[0]?.path.join('.') || 'shape'}: ${parsed.error.issues[0]?.message}).`);
  const { sid, files, goVersion } = parsed.data;
  const request = ctx.normalizeRequest({ action: 'vet', files, ...(goVersion ? { options: { goVersion } } : {}) });
  return { sid, files: request.files, ...(goVersion ? { goVersion } : {}) };
}

/** A browser always sends Origin on a WebSocket handshake; it must be this server. Non-browser clients send none. */
function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
