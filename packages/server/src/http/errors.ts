/**
 * One error handler for the whole API: AppError -> its catalog status and
 * `{error: {code, message, details?}}`; schema validation -> 400
 * invalid_request with the zod issues; Fastify's own client errors (bad JSON,
 * body too large, wrong content type) -> their catalog codes. Anything else
 * is our bug: 500 internal_error, logged with the stack, never echoed.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, isAppError, type ErrorCode } from '@gopherlab/errors';
import { requestIssueError } from '@gopherlab/runner';
import { runPolicy } from './schemas.js';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'invalid_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/** Fields whose schema is the runner's request schema: their issues get the runner's codes. */
const RUN_REQUEST_FIELDS = new Set(['action', 'files', 'txtar', 'options']);

export function toAppError(error: unknown, body?: unknown): AppError | null {
  if (isAppError(error)) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const v0 = error.validation[0];
    const path = v0?.instancePath.split('/').filter(Boolean) ?? [];
    if (v0 && error.validationContext === 'body' && RUN_REQUEST_FIELDS.has(path[0] ?? '')) {
      // A file over the limit is file_too_large (413) whether the schema or the runner finds it.
      return requestIssueError({ code: v0.keyword, path, message: v0.message ?? 'invalid' }, body, runPolicy);
    }
    const issues = error.validation.map((v) => ({
      path: `${error.validationContext ?? 'body'}${v.instancePath ? v.instancePath.replaceAll('/', '.') : ''}`,
      message: v.message ?? 'invalid',
    }));
    const first = issues[0];
    return new AppError('invalid_request', first ? `${first.path}: ${first.message}` : 'The request is malformed.', { issues });
  }
  const fe = error as Partial<FastifyError> & { status?: number };
  const status = fe.statusCode ?? fe.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = CODE_BY_STATUS[status] ?? 'invalid_request';
    // Fastify's client-error messages are safe to show (they describe the request, e.g. "Unexpected token in JSON").
    const message = code === 'invalid_request' && fe.message ? `The request is malformed: ${fe.message}` : undefined;
    return new AppError(code, message);
  }
  return null;
}

export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const appError = toAppError(error, request.body);
  if (appError) {
    if (appError.status >= 500) request.log.warn({ code: appError.code }, appError.message);
    void reply.status(appError.status).send(appError.toBody());
    return;
  }
  request.log.error({ err: error }, 'unhandled error');
  void reply.status(500).send(new AppError('internal_error').toBody());
}
