// One shape for every failure the API answers: `{error, code}` (CONTRACT.md §1). Routes throw ApiError;
// everything else (validation, Fastify's own errors, unexpected exceptions) is mapped here, and no
// stack trace or internal message ever reaches a client. Messages may quote the request (a file name, a
// field name, a content type, a path): every one leaves as a visible, bounded line, and what echoes the
// client's input has credential-like values redacted.
import { redactCredentials, visibleLine } from '../engine/evidence.js';
import type { FastifyError, FastifyReply, FastifyRequest, FastifySchemaValidationError } from 'fastify';
import { isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';

export type ErrorCode =
  | 'BAD_REQUEST'
  | 'INVALID_URL'
  | 'PRIVATE_ADDRESS'
  | 'UNSUPPORTED_FILE_TYPE'
  | 'EXECUTABLE_FILE'
  | 'UNAUTHORIZED'
  | 'PLAN_REQUIRED'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'SCAN_NOT_COMPLETE'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMIT_EXCEEDED'
  | 'TOO_MANY_REQUESTS'
  | 'INTERNAL'
  | 'UNAVAILABLE';

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    /** Extra body fields (the 429 body carries limit, used, resets_at, upgrade_url). */
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const errorBodySchema = z
  .object({
    error: z.string().describe('A human sentence'),
    code: z.string().describe('UPPER_SNAKE error code'),
  })
  .loose();

/** Status codes Fastify and its plugins raise themselves, and the code we answer them with. */
const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
};

/** Longest message an error answers with. */
const MAX_MESSAGE = 500;

function describeValidation(validation: FastifySchemaValidationError[], context?: string): string {
  const first = validation[0];
  // The path is made of the client's own keys, and a validator's message may quote the value.
  const where = first?.instancePath ? first.instancePath.replace(/^\//, '').replace(/\//g, '.') : context;
  const what = redactCredentials(first?.message ?? 'invalid value');
  return where ? `Invalid ${redactCredentials(where)}: ${what}` : `Invalid request: ${what}`;
}

export function sendError(reply: FastifyReply, error: ApiError): FastifyReply {
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  return reply
    .code(error.statusCode)
    .type('application/json; charset=utf-8')
    .send({ error: visibleLine(error.message, MAX_MESSAGE), code: error.code, ...error.extra });
}

export function errorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (error instanceof ApiError) return sendError(reply, error);
  if (error.validation) {
    // zod issues arrive here through fastify-type-provider-zod in Fastify's validation shape.
    return sendError(
      reply,
      new ApiError(400, 'BAD_REQUEST', describeValidation(error.validation, error.validationContext)),
    );
  }
  const status = error.statusCode ?? 500;
  if (isResponseSerializationError(error) || status >= 500) {
    request.log.error({ err: error }, 'request failed');
    return sendError(
      reply,
      new ApiError(
        500,
        'INTERNAL',
        'Internal server error; contact the operator with the scan id if you have one',
      ),
    );
  }
  const code = CODE_BY_STATUS[status] ?? 'BAD_REQUEST';
  // Fastify's own 4xx messages are short and say what was wrong (bad JSON, wrong content type…), but
  // may quote the request.
  return sendError(reply, new ApiError(status, code, redactCredentials(error.message || 'Bad request')));
}

/**
 * Fastify's `frameworkErrors`: what its router refuses before any route, hook or authentication runs.
 * A path that is not valid percent-encoding (`/v1/scan/%`) is a bad request; a parameter longer than
 * the router matches (`maxParamLength`; ids and report tokens are far shorter) names nothing that
 * exists. Both answer in our shape, and neither echoes the path.
 */
export function frameworkErrorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (error.code === 'FST_ERR_BAD_URL') {
    return sendError(reply, new ApiError(400, 'BAD_REQUEST', 'The URL path is not valid percent-encoding'));
  }
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return sendError(reply, new ApiError(404, 'NOT_FOUND', 'Not found: no id or file name is that long'));
  }
  return errorHandler(error, request, reply);
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const path = redactCredentials((request.url.split('?')[0] ?? '').slice(0, 200));
  return sendError(reply, new ApiError(404, 'NOT_FOUND', `No route for ${request.method} ${path}`));
}
