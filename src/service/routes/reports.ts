// PDF reports. `POST /v1/scan/{id}/report` answers a URL whose unguessable token is the capability:
// `GET /v1/reports/{token}.pdf` needs no API key and answers 404 once the link expires (24 h). The PDF
// is rendered in the analysis pool the first time a scan is asked for in its variant (HIPAA citations
// for enterprise accounts only), stored once, and every later link points at it. Reports live in the
// store, so any API process serves them.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ScanResult } from '../../engine/types.js';
import { tierAtLeast } from '../../store/accounts.js';
import {
  deleteExpiredReports,
  findReportDocument,
  issueReportLink,
  loadReport,
  saveReportDocument,
  type ReportVariant,
} from '../../store/reports.js';
import { getScan, type ScanDetails } from '../../store/scans.js';
import { requireAccount } from '../auth.js';
import type { ServiceContext } from '../context.js';
import { ApiError, errorBodySchema } from '../errors.js';
import { apiSecurity, scanParamsSchema } from '../schemas.js';

const reportCreatedSchema = z.object({
  report_url: z.string().describe('Absolute URL of the PDF; works without an API key until it expires'),
  expires_at: z.string().describe('ISO 8601 date-time, UTC (24 hours from now)'),
});

const reportParamsSchema = z.object({ file: z.string().describe('`<token>.pdf`') });

/** The reference's spelling: `2026-03-07T14:30:00Z`. */
function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function reportRoutes(context: ServiceContext): FastifyPluginAsyncZod {
  const { store, config, pool } = context;

  /** The stored PDF of a complete scan in this variant, rendered now if it never was. */
  async function reportDocument(scan: ScanDetails, result: ScanResult, variant: ReportVariant) {
    const stored = await findReportDocument(store, scan.scan_id, variant);
    if (stored) return stored;
    const pdf = await pool.renderReport({
      scanId: scan.scan_id,
      target: scan.kind === 'mcp' ? (scan.target ?? '') : scan.file_names.join(', '),
      kind: scan.kind,
      createdAt: new Date(scan.created_at),
      overall_score: result.overall_score,
      letter_grade: result.letter_grade,
      findings: result.findings.map((finding) =>
        variant === 'with-hipaa' ? finding : { ...finding, hipaa_mapping: null },
      ),
    });
    return saveReportDocument(store, { scanId: scan.scan_id, variant, pdf });
  }

  return async (app) => {
    app.post(
      '/scan/:scan_id/report',
      {
        schema: {
          summary: 'Generate a PDF report of a complete scan. Developer plan and above.',
          tags: ['reports'],
          security: apiSecurity,
          params: scanParamsSchema,
          response: {
            200: reportCreatedSchema,
            401: errorBodySchema,
            403: errorBodySchema,
            404: errorBodySchema,
            409: errorBodySchema,
          },
        },
      },
      async (request) => {
        const account = requireAccount(request);
        if (!tierAtLeast(account.tier, 'developer')) {
          throw new ApiError(403, 'PLAN_REQUIRED', 'PDF reports need the Developer plan or above');
        }
        const scan = await getScan(store, account.id, request.params.scan_id.toLowerCase());
        if (!scan) throw new ApiError(404, 'NOT_FOUND', 'No scan with this id in your account');
        if (scan.status !== 'complete' || !scan.result) {
          throw new ApiError(
            409,
            'SCAN_NOT_COMPLETE',
            `The scan is ${scan.status}; reports are made of complete scans`,
          );
        }
        const variant = tierAtLeast(account.tier, 'enterprise') ? 'with-hipaa' : 'without-hipaa';
        const documentId = await reportDocument(scan, scan.result, variant);
        // Expired links go when new ones are made: no timer to run, and the table stays small.
        await deleteExpiredReports(store);
        const { token, expiresAt } = await issueReportLink(store, { accountId: account.id, documentId });
        return {
          report_url: `${config.publicUrl.replace(/\/+$/, '')}/v1/reports/${token}.pdf`,
          expires_at: isoSeconds(expiresAt),
        };
      },
    );

    app.get(
      '/reports/:file',
      {
        config: { public: true },
        schema: {
          summary: 'Download a PDF report (the URL is the credential; no API key)',
          tags: ['reports'],
          params: reportParamsSchema,
          // The PDF is sent as bytes, so no response schema: errors still answer `{error, code}`.
          produces: ['application/pdf'],
        },
      },
      async (request, reply) => {
        const token = /^(.+)\.pdf$/.exec(request.params.file)?.[1];
        const report = token ? await loadReport(store, token) : undefined;
        if (!report) throw new ApiError(404, 'NOT_FOUND', 'No such report, or it has expired');
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="trusttrace-${report.scanId}.pdf"`)
          .header('cache-control', 'private, no-store')
          .header('x-content-type-options', 'nosniff')
          .send(report.pdf);
      },
    );
  };
}
