// Public operational routes: liveness and Prometheus metrics.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import type { ServiceContext } from '../context.js';
import { ApiError, errorBodySchema } from '../errors.js';
import { healthSchema } from '../schemas.js';

export function healthRoutes(context: ServiceContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/healthz',
      {
        schema: {
          summary: 'Liveness: 200 once the service can serve',
          tags: ['operations'],
          response: { 200: healthSchema, 503: errorBodySchema },
        },
      },
      async () => {
        // Serving means reaching the store; a broken database answers 503 rather than a false ok.
        try {
          await sql`select 1`.execute(context.store.db);
        } catch {
          throw new ApiError(503, 'UNAVAILABLE', 'The database is not reachable');
        }
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
