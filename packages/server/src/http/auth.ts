/**
 * Request-path steps around identity: `authenticate` (session cookie ->
 * request.session), the CSRF check for mutating requests that carry a session,
 * and the authorization guards used by routes.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '@gopherlab/errors';
import type { AuthService, Role, Session } from '../auth/service.js';

export const SESSION_COOKIE = 'gl_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    session: Session | null;
  }
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function authenticateHook(auth: AuthService) {
  return async (request: FastifyRequest): Promise<void> => {
    request.session = null;
    // The CLI: `Authorization: Bearer glpat_...`. A token that is sent but not valid is an error, not anonymity.
    const bearer = /^Bearer (\S{1,200})$/.exec(request.headers.authorization ?? '');
    if (bearer) {
      request.session = await auth.tokenSession(bearer[1]!);
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (token && token.length <= 200) request.session = await auth.session(token);
  };
}

/**
 * CSRF: a request riding on a session cookie must prove it came from our own
 * page by echoing the session's token in a header a cross-site form cannot
 * set. Requests without a session cookie carry no authority and pass.
 */
export async function csrfHook(request: FastifyRequest): Promise<void> {
  if (!MUTATING.has(request.method) || !request.session || request.session.via === 'token') return;
  const sent = request.headers[CSRF_HEADER];
  if (typeof sent !== 'string' || !timingSafeEqualString(sent, request.session.csrfToken)) throw new AppError('csrf_failed');
}

function timingSafeEqualString(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export function requireUser(request: FastifyRequest): Session {
  if (!request.session) throw new AppError('unauthenticated');
  return request.session;
}

export function requireRole(...roles: Role[]) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const session = requireUser(request);
    if (!roles.includes(session.user.role)) throw new AppError('forbidden');
  };
}
