/**
 * Server-sent events for anything that streams (a run, a lab check): the
 * hijacked response, keep-alive comments for proxies, `id:` lines so a
 * reconnecting EventSource resumes after the last event it saw, and a clean
 * end when the server shuts down.
 */
import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** SSE comment lines keep proxies from closing a quiet stream (a long compile). */
const KEEPALIVE_MS = 15_000;

/** The sequence number a reconnecting EventSource sends back; anything else means "from the start". */
export function lastEventId(header: string | string[] | undefined): number {
  const raw = Array.isArray(header) ? header[0] : header;
  return raw !== undefined && /^\d{1,15}$/.test(raw) ? Number(raw) : 0;
}

/** Ends every open stream of `app` when it closes (a finished response rather than a reset socket). */
export function sseStreams(app: FastifyInstance): Set<() => void> {
  const streams = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of streams) end();
  });
  return streams;
}

export type SseSend = (event: { type: string }, seq?: number) => void;

/**
 * Switches the response to SSE and hands `subscribe` a sender and an end;
 * `subscribe` resolves to its unsubscribe. Resolve the resource before
 * calling this so an unknown id is still a plain 404.
 */
export async function streamEvents(
  request: FastifyRequest,
  reply: FastifyReply,
  streams: Set<() => void>,
  subscribe: (send: SseSend, end: () => void, afterSeq: number) => Promise<() => void>,
): Promise<void> {
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
  const send: SseSend = (event, seq) => {
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
    unsubscribe = await subscribe(send, finish, lastEventId(request.headers['last-event-id']));
    if (closed) unsubscribe();
  } catch (e) {
    request.log.error({ err: e }, 'event stream failed');
    finish();
  }
}
