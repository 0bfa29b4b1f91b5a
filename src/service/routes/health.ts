// Public operational routes: liveness and Prometheus metrics.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { checkStoreWritable } from '../../store/database.js';
import type { ServiceContext } from '../context.js';
import { ApiError, errorBodySchema } from '../errors.js';
import { healthSchema } from '../schemas.js';

/** How often /healthz proves the store takes a write; in between, a read is enough. */
const WRITE_CHECK_INTERVAL_MS = 5_000;

export function healthRoutes(context: ServiceContext): FastifyPluginAsyncZod {
  const { store } = context;
  let lastWriteAt = -Infinity;
  /** One write at a time, shared by the requests that arrive while it runs. */
  let writing: Promise<void> | undefined;

  /** Throws ApiError 503 when the store cannot be written (checked at most every few seconds) or read. */
  async function checkStore(): Promise<void> {
    if (Date.now() - lastWriteAt >= WRITE_CHECK_INTERVAL_MS) {
      writing ??= checkStoreWritable(store)
        .then(() => {
          lastWriteAt = Date.now();
        })
        .finally(() => {
          writing = undefined;
        });
      try {
        await writing;
      } catch {
        throw new ApiError(503, 'UNAVAILABLE', 'The database does not accept writes');
      }
      return;
    }
    try {
      await sql`select 1`.execute(store.db);
    } catch {
      throw new ApiError(503, 'UNAVAILABLE', 'The database is not reachable');
    }
  }

  return async (app) => {
    app.get(
      '/healthz',
      {
        schema: {
          summary: 'Liveness: 200 while the service can serve (its database reads and writes)',
          tags: ['operations'],
          response: { 200: healthSchema, 503: errorBodySchema },
        },
      },
      async () => {
        // Serving means reading and writing the store (every scan is a write); a database that only
        // answers reads, or none, is 503 rather than a false ok.
        await checkStore();
        return { status: 'ok' as const };
      },
    );

    app.get(
      '/metrics',
      {
        schema: {
          summary: 'Prometheus metrics (text exposition format)',
          tags: ['operations'],
          produces: ['text/plain'],
        },
      },
      async (_request, reply) => {
        const text = await context.metrics.registry.metrics();
        return reply.type(context.metrics.registry.contentType).send(text);
      },
    );
  };
}
