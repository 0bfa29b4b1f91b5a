// The HTTP service: `buildApp(options)` makes a ready-to-listen Fastify instance on a store, so that
// `serve`, the tests and the benchmark all run the same app. Routes live in ./routes, one module per
// resource; this file wires the cross-cutting parts (errors, auth, per-key rate limit, logs, metrics,
// OpenAPI).
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify from 'fastify';
import {
  createJsonSchemaTransformObject,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { DestinationStream, Logger } from 'pino';
import { AnalysisPool } from '../analysis/pool.js';
import type { Config } from '../config.js';
import { createAddressPolicy } from '../engine/net/address-policy.js';
import { EmbeddedJobQueue } from '../jobs/embedded-queue.js';
import type { JobQueue } from '../jobs/queue.js';
import type { Store } from '../store/database.js';
import { authenticate } from './auth.js';
import { ApiError, errorHandler, frameworkErrorHandler, notFoundHandler } from './errors.js';
import { createLogger, OneLineRequestLog } from './logging.js';
import { createMetrics, storeMetricsSources } from './metrics.js';
import { accountRoutes } from './routes/account.js';
import { healthRoutes } from './routes/health.js';
import { reportRoutes } from './routes/reports.js';
import { scanRoutes } from './routes/scans.js';
import type { ServiceContext } from './context.js';
import { MAX_UPLOAD_BYTES, MAX_UPLOAD_FILES, multipartLimits } from './upload.js';

export interface BuildAppOptions {
  config: Config;
  /** An open store; the caller owns it (closing the app does not close the store). */
  store: Store;
  /** The queue scan jobs go to; the embedded queue on `store` by default. */
  queue?: JobQueue;
  /** Where PDFs are rendered; one from `config.analysis` (closed with the app) when absent. */
  pool?: AnalysisPool;
  /** Called after each accepted submission, e.g. to wake in-process workers at once. */
  onScanSubmitted?: () => void;
  /** A pino logger; by default one is made that writes JSON lines to `logStream` or stdout. */
  logger?: Logger;
  logStream?: DestinationStream;
  logLevel?: string;
  /** Upload bounds; the contract's 10 MB by default. */
  maxUploadBytes?: number;
  maxUploadFiles?: number;
  /** How long a client may take; HTTP_TIMEOUTS by default. */
  httpTimeouts?: HttpTimeouts;
}

/** How long a client may hold a connection, so that slow or silent clients cannot pile them up. */
export interface HttpTimeouts {
  /** From the connection (or the previous response) to the end of the request headers. */
  headersMs: number;
  /** From the connection (or the previous response) to the end of the request body: 10 MB needs 1.4 Mbit/s. */
  requestMs: number;
  /** Idle time allowed between two requests on a kept-alive connection. */
  keepAliveMs: number;
  /** Idle time allowed on a socket at any point, a client that stops reading its answer included. */
  idleMs: number;
}

export const HTTP_TIMEOUTS: HttpTimeouts = {
  headersMs: 10_000,
  requestMs: 60_000,
  keepAliveMs: 10_000,
  idleMs: 60_000,
};

const API_DESCRIPTION =
  'Scan MCP servers and agent configuration files. Authenticate with `Authorization: Bearer <key>` ' +
  'or `X-API-Key: <key>`. Every error answers `{"error", "code"}`.';

export async function buildApp(options: BuildAppOptions) {
  const { config, store } = options;
  const logger = options.logger ?? createLogger({ level: options.logLevel, stream: options.logStream });
  const timeouts = options.httpTimeouts ?? HTTP_TIMEOUTS;
  const app = Fastify({
    // Past the header or request time a client gets 408 and its connection is closed; Node checks
    // for that on an interval, kept well below the shortest timeout so it is enforced on time.
    http: {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      connectionsCheckingInterval: Math.min(1_000, Math.ceil(timeouts.headersMs / 4)),
    },
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    connectionTimeout: timeouts.idleMs,
    loggerInstance: logger,
    logController: new OneLineRequestLog(),
    // A scan id is a UUID; nothing longer needs matching.
    routerOptions: { maxParamLength: 200 },
    frameworkErrors: frameworkErrorHandler,
    bodyLimit: 1024 * 1024,
    trustProxy: false,
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);

  const queue = options.queue ?? new EmbeddedJobQueue(store);
  const pool = options.pool ?? new AnalysisPool(config.analysis);
  if (!options.pool) app.addHook('onClose', () => pool.close());
  const context: ServiceContext = {
    config,
    store,
    queue,
    policy: createAddressPolicy({ allow: config.allowPrivateTargets }),
    metrics: createMetrics(storeMetricsSources(store, queue)),
    pool,
    onScanSubmitted: options.onScanSubmitted ?? (() => {}),
    upload: {
      maxBytes: options.maxUploadBytes ?? MAX_UPLOAD_BYTES,
      maxFiles: options.maxUploadFiles ?? MAX_UPLOAD_FILES,
    },
  };

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'TrustTrace API', version: '1', description: API_DESCRIPTION },
      servers: [{ url: config.publicUrl }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer sk_scan_…' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: (documentObject) =>
      describeUploadBody(createJsonSchemaTransformObject({})(documentObject)),
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());

  await app.register(multipart, { limits: multipartLimits(context.upload), throwFileSizeLimit: true });

  // Authentication runs first (a global onRequest hook); the rate limit's per-route hook runs after it
  // and so can key on the account. Requests without a valid key are keyed by address.
  app.addHook('onRequest', authenticate(store));
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => (request.account ? `account:${request.account.id}` : `ip:${request.ip}`),
    errorResponseBuilder: (_request, context) =>
      new ApiError(
        429,
        'TOO_MANY_REQUESTS',
        `Too many requests: at most ${context.max} a minute per API key; retry in ${Math.ceil(context.ttl / 1000)} s`,
      ),
  });

  app.addHook('onResponse', async (request, reply) => {
    context.metrics.httpDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  await app.register(healthRoutes(context));
  await app.register(scanRoutes(context), { prefix: '/v1' });
  await app.register(accountRoutes(context), { prefix: '/v1' });
  await app.register(reportRoutes(context), { prefix: '/v1' });
  return app;
}

type OpenApiDocument = ReturnType<ReturnType<typeof createJsonSchemaTransformObject>>;

/** The upload route reads its multipart body as a stream, so its schema is described here by hand. */
function describeUploadBody(document: OpenApiDocument): OpenApiDocument {
  const paths = (document as { paths?: Record<string, Record<string, Record<string, unknown>>> }).paths;
  const upload = paths?.['/v1/scan/upload']?.post;
  if (upload) {
    upload.requestBody = {
      required: true,
      content: {
        'multipart/form-data': {
          schema: {
            type: 'object',
            required: ['files'],
            properties: {
              files: {
                type: 'array',
                items: { type: 'string', format: 'binary' },
                description:
                  'One or more files (10 MB in all): .json .yaml .yml .txt .py .js .ts .toml and lockfiles',
              },
            },
          },
        },
      },
    };
  }
  return document;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
