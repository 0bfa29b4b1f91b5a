// The account resource: plan and usage, the webhook URL (Team+), and key rotation.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getAccountInfo, rotateApiKey, setWebhookUrl, tierAtLeast } from '../../store/accounts.js';
import { requireAccount } from '../auth.js';
import type { ServiceContext } from '../context.js';
import { ApiError, errorBodySchema } from '../errors.js';
import { accountSchema, apiSecurity, newKeySchema, webhookBodySchema, webhookSchema } from '../schemas.js';
import { checkTargetUrl } from '../targets.js';

export function accountRoutes(context: ServiceContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/account',
      {
        schema: {
          summary: 'Account details, plan and this month’s usage',
          tags: ['account'],
          security: apiSecurity,
          response: { 200: accountSchema, 401: errorBodySchema },
        },
      },
      async (request) => {
        const account = requireAccount(request);
        const info = await getAccountInfo(context.store, account.id);
        if (!info) throw new ApiError(401, 'UNAUTHORIZED', 'Invalid or revoked API key');
        return info;
      },
    );

    app.put(
      '/account/webhook',
      {
        schema: {
          summary:
            'Set (or, with null, remove) the webhook that receives finished scans. Team plan and above.',
          tags: ['account'],
          security: apiSecurity,
          body: webhookBodySchema,
          response: {
            200: webhookSchema,
            400: errorBodySchema,
            401: errorBodySchema,
            403: errorBodySchema,
          },
        },
      },
      async (request) => {
        const account = requireAccount(request);
        if (!tierAtLeast(account.tier, 'team')) {
          throw new ApiError(403, 'PLAN_REQUIRED', 'Webhooks need the Team plan or above');
        }
        const raw = request.body.webhook_url;
        const webhookUrl = raw === null ? null : await checkTargetUrl(raw, context.policy, 'webhook URL');
        await setWebhookUrl(context.store, account.id, webhookUrl);
        return { webhook_url: webhookUrl };
      },
    );

    app.post(
      '/account/api-key',
      {
        schema: {
          summary: 'Issue a new API key; the old one is refused from this moment',
          tags: ['account'],
          security: apiSecurity,
          response: { 200: newKeySchema, 401: errorBodySchema },
        },
      },
      async (request, reply) => {
        const account = requireAccount(request);
        const apiKey = await rotateApiKey(context.store, account.id);
        reply.header('cache-control', 'no-store');
        return { api_key: apiKey };
      },
    );
  };
}
