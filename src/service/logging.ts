// Request logs: one line per request (when it completes), with the route, status and time, and
// never a credential. Fastify's default is two lines (incoming + completed); this controller folds
// them into one.
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import pino, { type DestinationStream, type Logger } from 'pino';

/** Anything that could carry a key or token, wherever a log call might put it. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-api-key"]',
  'auth_token',
  '*.auth_token',
  'body.auth_token',
  'api_key',
  '*.api_key',
];

export function createLogger(options: { level?: string; stream?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      base: { service: 'trusttrace' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.stream,
  );
}

/** The request path without its query string: a query is the one place a client might paste a key. */
function pathOf(url: string): string {
  const end = url.indexOf('?');
  return end === -1 ? url : url.slice(0, end);
}

export class OneLineRequestLog extends LogController {
  override incomingRequest(): void {}

  /** The 404 answer is logged by requestCompleted like any other response. */
  override routeNotFound(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    // Plain keys: Fastify's `req`/`res` serializers would rebuild these from the raw objects.
    const line = {
      method: request.method,
      url: pathOf(request.url),
      route: request.routeOptions.url ?? null,
      statusCode: reply.statusCode,
      responseTime: Math.round(reply.elapsedTime * 100) / 100,
      account: request.account?.id,
    };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}
