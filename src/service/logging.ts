// Request logs: one line per request (when it completes), with the route, status and time, and
// never a credential. Fastify's default is two lines (incoming + completed); this controller folds
// them into one. Every line is JSON with no raw control, bidi or invisible character in it: a log read
// in a terminal cannot be rewritten by what a scanned server or a client said.
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import pino, { type DestinationStream, type Logger } from 'pino';
import { redactCredentials } from '../engine/evidence.js';

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

// JSON escapes C0 controls already; these pass it raw: DEL and C1 controls, format characters (bidi,
// zero-width, tags), line and paragraph separators, other default-ignorables, lone surrogates.
const RAW_IN_JSON = /[\u007F-\u009F\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\p{Cs}]/gu;

/** A JSON line with each such character as a JSON `\uXXXX` escape (a pair for one beyond U+FFFF). */
function escapeLogLine(line: string): string {
  return line.replace(RAW_IN_JSON, (ch) => {
    let out = '';
    for (let i = 0; i < ch.length; i++) out += `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`;
    return out;
  });
}

/** Top-level strings of a log call (an `error` message, say) with credential-like values hidden. */
function redactStrings(object: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object))
    out[key] = typeof value === 'string' ? redactCredentials(value) : value;
  return out;
}

/** An error as pino writes it, without a credential its message quotes (a refused header, say). */
function serializeError(error: Error): ReturnType<typeof pino.stdSerializers.err> {
  const serialized = pino.stdSerializers.err(error);
  serialized.message = redactCredentials(serialized.message);
  if (serialized.stack) serialized.stack = redactCredentials(serialized.stack);
  return serialized;
}

export function createLogger(options: { level?: string; stream?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      base: { service: 'trusttrace' },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: serializeError },
      formatters: { log: redactStrings },
      hooks: { streamWrite: escapeLogLine },
    },
    options.stream,
  );
}

/** The start of a report download path, however its slashes or case are written. */
const REPORTS_PATH = /^\/+v1\/+reports\/+/i;

/**
 * The request path as logged: without its query string (the one place a client might paste a key), and
 * without a report's token (the token is the only credential of a report URL).
 */
export function loggedPath(url: string): string {
  const end = url.indexOf('?');
  const path = end === -1 ? url : url.slice(0, end);
  const reports = REPORTS_PATH.exec(path);
  if (!reports) return path;
  return `${reports[0]}[redacted]${path.toLowerCase().endsWith('.pdf') ? '.pdf' : ''}`;
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
      url: loggedPath(request.url),
      route: request.routeOptions.url ?? null,
      statusCode: reply.statusCode,
      responseTime: Math.round(reply.elapsedTime * 100) / 100,
      account: request.account?.id,
    };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}
