// The scan resource: submissions (live MCP server, file upload) under the monthly quota, status and
// results filtered by plan, and the history.
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { visibleName } from '../../engine/evidence.js';
import { tierAtLeast } from '../../store/accounts.js';
import {
  getScan,
  listScans,
  submitScan,
  type QuotaExceeded,
  type ScanDetails,
  type ScanSubmission,
} from '../../store/scans.js';
import type { Tier } from '../../store/schema.js';
import { requireAccount } from '../auth.js';
import type { ServiceContext } from '../context.js';
import { ApiError, errorBodySchema } from '../errors.js';
import {
  historyQuerySchema,
  historySchema,
  rateLimitBodySchema,
  scanParamsSchema,
  scanStatusSchema,
  submitMcpBodySchema,
  submittedSchema,
  submittedUploadSchema,
  apiSecurity,
} from '../schemas.js';
import { BoundedCache } from '../cache.js';
import { checkTargetUrl } from '../targets.js';
import { filterFinding } from '../tiers.js';
import { readUpload } from '../upload.js';

const tooManySchema = z.union([rateLimitBodySchema, errorBodySchema]);
/** Memory the cache of finished scan bodies may hold (strings are UTF-16 in memory: 2 bytes a unit). */
const FINISHED_BODIES_MAX_BYTES = 64 * 1024 * 1024;

function quotaError(quota: QuotaExceeded, upgradeUrl: string): ApiError {
  return new ApiError(
    429,
    'RATE_LIMIT_EXCEEDED',
    'Monthly scan limit reached',
    { limit: quota.limit, used: quota.used, resets_at: quota.resets_at, upgrade_url: upgradeUrl },
    { 'retry-after': String(quota.retry_after_seconds) },
  );
}

/** Sends JSON that is already serialised (and was validated against the route's schema when made). */
function sendJsonText(reply: FastifyReply, json: string): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(json);
}

type ScanStatusBody = z.input<typeof scanStatusSchema>;

/** The body of `GET /v1/scan/{id}`: what its status calls for, findings filtered by plan. */
export function scanStatusBody(scan: ScanDetails, tier: Tier): ScanStatusBody {
  const head = { scan_id: scan.scan_id, status: scan.status };
  switch (scan.status) {
    case 'queued':
      return { ...head, position: scan.position ?? 1 };
    case 'running':
      return { ...head, progress: scan.progress ?? 'Starting...' };
    case 'failed':
      return { ...head, error: scan.error ?? 'The scan failed' };
    case 'complete': {
      const result = scan.result;
      const body: ScanStatusBody = {
        ...head,
        overall_score: scan.overall_score ?? result?.overall_score ?? 0,
        letter_grade: (scan.letter_grade ?? result?.letter_grade ?? 'F') as ScanStatusBody['letter_grade'],
        // Results saved before gaps were reported have no flag: their failed rules show in file_errors.
        incomplete: result?.incomplete ?? false,
        findings: (result?.findings ?? []).map((finding) => filterFinding(finding, tier)),
      };
      if (scan.kind === 'upload' && result) {
        body.files_scanned = result.files_scanned;
        body.file_errors = result.file_errors;
      }
      return body;
    }
  }
}

export function scanRoutes(context: ServiceContext): FastifyPluginAsyncZod {
  const { store, queue, config } = context;
  /** Bodies of finished scans by id and plan; the account is checked on every hit. */
  const finishedBodies = new BoundedCache<{ accountId: string; body: string }>({
    maxEntries: 2_000,
    maxBytes: FINISHED_BODIES_MAX_BYTES,
    sizeOf: (entry) => entry.body.length * 2,
    ttlMs: 10 * 60_000,
  });

  async function submit(accountId: string, submission: ScanSubmission) {
    const outcome = await submitScan(store, queue, accountId, submission, {
      concurrency: config.scanConcurrency,
    });
    if (!outcome.accepted) throw quotaError(outcome, config.upgradeUrl);
    context.metrics.scansSubmitted.inc({ kind: submission.kind });
    context.onScanSubmitted();
    return outcome;
  }

  return async (app) => {
    app.post(
      '/scan/mcp',
      {
        schema: {
          summary: 'Scan a live MCP server by URL',
          tags: ['scans'],
          security: apiSecurity,
          body: submitMcpBodySchema,
          response: {
            202: submittedSchema,
            400: errorBodySchema,
            401: errorBodySchema,
            429: tooManySchema,
          },
        },
      },
      async (request, reply) => {
        const account = requireAccount(request);
        const target = await checkTargetUrl(request.body.url, context.policy, 'scan target');
        const accepted = await submit(account.id, {
          kind: 'mcp',
          target,
          authToken: request.body.auth_token ?? null,
        });
        return reply.code(202).send({
          scan_id: accepted.scan_id,
          status: accepted.status,
          estimated_seconds: accepted.estimated_seconds,
        });
      },
    );

    app.post(
      '/scan/upload',
      {
        schema: {
          summary: 'Scan configuration files by uploading them (multipart field `files`)',
          tags: ['scans'],
          security: apiSecurity,
          consumes: ['multipart/form-data'],
          response: {
            202: submittedUploadSchema,
            400: errorBodySchema,
            401: errorBodySchema,
            413: errorBodySchema,
            429: tooManySchema,
          },
        },
      },
      async (request, reply) => {
        const account = requireAccount(request);
        const files = await readUpload(request, context.upload);
        const accepted = await submit(account.id, { kind: 'upload', files });
        return reply.code(202).send({
          scan_id: accepted.scan_id,
          status: accepted.status,
          // Visible, as the engine spells them in the result's files_scanned.
          files_accepted: (accepted.files_accepted ?? files.map((file) => file.name)).map((name) =>
            visibleName(name),
          ),
          estimated_seconds: accepted.estimated_seconds,
        });
      },
    );

    app.get(
      '/scan/:scan_id',
      {
        schema: {
          summary: 'Scan status, and results once complete (filtered by plan)',
          tags: ['scans'],
          security: apiSecurity,
          params: scanParamsSchema,
          response: { 200: scanStatusSchema, 401: errorBodySchema, 404: errorBodySchema },
        },
      },
      async (request, reply) => {
        const account = requireAccount(request);
        const scanId = request.params.scan_id.toLowerCase();
        const cacheKey = `${scanId}|${account.tier}`;
        const cached = finishedBodies.get(cacheKey);
        if (cached && cached.accountId === account.id) {
          return sendJsonText(reply, cached.body);
        }
        const scan = await getScan(store, account.id, scanId);
        if (!scan) throw new ApiError(404, 'NOT_FOUND', 'No scan with this id in your account');
        const body = scanStatusBody(scan, account.tier);
        if (scan.status !== 'complete' && scan.status !== 'failed') return body;
        // A finished scan never changes: keep its serialised body (validated once, here).
        const serialised = JSON.stringify(scanStatusSchema.parse(body));
        finishedBodies.set(cacheKey, { accountId: account.id, body: serialised });
        return sendJsonText(reply, serialised);
      },
    );

    app.get(
      '/scans',
      {
        schema: {
          summary: 'Your past scans, newest first. Developer plan and above.',
          tags: ['scans'],
          security: apiSecurity,
          querystring: historyQuerySchema,
          response: { 200: historySchema, 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema },
        },
      },
      async (request) => {
        const account = requireAccount(request);
        if (!tierAtLeast(account.tier, 'developer')) {
          throw new ApiError(403, 'PLAN_REQUIRED', 'Scan history needs the Developer plan or above');
        }
        const { page, per_page, status } = request.query;
        return listScans(store, account.id, { page, perPage: per_page, status });
      },
    );
  };
}
