// Request and response shapes of every route, as zod schemas: Fastify validates requests and
// serialises responses with them, and /openapi.json is generated from them.
import { z } from 'zod';
import { isSendableToken, UNSENDABLE_TOKEN } from '../engine/net/credentials.js';
import { CONFIDENCES, SEVERITIES } from '../engine/types.js';
import { SCAN_KINDS, SCAN_STATUSES, TIERS } from '../store/schema.js';

/** Either header authenticates (names of the OpenAPI security schemes buildApp declares). */
export const apiSecurity: { [scheme: string]: string[] }[] = [{ bearer: [] }, { apiKey: [] }];

export const tierSchema = z.enum(TIERS);
const isoDate = z.string().describe('ISO 8601 date-time, UTC');
export const scanIdSchema = z.uuid().describe('Scan id (a random UUID)');

export const scanParamsSchema = z.object({ scan_id: z.string().describe('Scan id returned on submission') });

export const submitMcpBodySchema = z.object({
  url: z.string().min(1).max(2048).describe('MCP server endpoint URL. Must be http:// or https://.'),
  auth_token: z
    .string()
    .max(8192)
    // A value that cannot be a header (CR/LF, control or non-ASCII characters) is refused here, in
    // words that never quote it.
    .refine((token) => token === '' || isSendableToken(token), { message: UNSENDABLE_TOKEN })
    .nullish()
    .describe(
      'Sent to the server as `Authorization: Bearer`: printable ASCII. Never stored in the clear, never shown.',
    ),
});

export const submittedSchema = z.object({
  scan_id: scanIdSchema,
  status: z.literal('queued'),
  estimated_seconds: z.number().int().nonnegative(),
});

export const submittedUploadSchema = submittedSchema.extend({
  files_accepted: z.array(z.string()).describe('Safe base names of the accepted files'),
});

export const locationSchema = z
  .object({
    file: z.string().optional(),
    line: z.number().int().optional(),
    column: z.number().int().optional(),
    server: z.string().optional(),
    tool: z.string().optional(),
    field: z.string().optional(),
  })
  .nullable();

/** A finding as the API shows it; which fields are present depends on the account's tier. */
export const findingSchema = z.object({
  id: z.string().describe('Rule id, e.g. MCP-001'),
  title: z.string(),
  severity: z.enum(SEVERITIES),
  owasp_category: z.string().describe('OWASP Top 10 for LLM Applications 2025: LLM01…LLM10'),
  confidence: z.enum(CONFIDENCES),
  monitor_candidate: z.boolean(),
  description: z.string().optional().describe('Developer plan and above'),
  remediation: z.string().optional().describe('Developer plan and above'),
  evidence: z.string().optional().describe('Developer plan and above'),
  owasp_mcp: z.string().nullable().optional().describe('OWASP MCP Top 10; Developer plan and above'),
  cwe: z.string().nullable().optional().describe('Developer plan and above'),
  location: locationSchema.optional().describe('Developer plan and above'),
  hipaa_mapping: z.string().nullable().describe('45 CFR citation; Enterprise plan only, else null'),
  upgrade_message: z.string().optional().describe('Free plan only'),
  suppressed: z
    .object({
      reason: z.string(),
      expires: z.string().optional().describe('YYYY-MM-DD, the last day the suppression holds'),
      kind: z.enum(['config', 'inline']).describe('`.trusttrace.yaml` entry, or a trusttrace-ignore comment'),
    })
    .optional()
    .describe(
      'Set when a .trusttrace.yaml among the uploaded files suppresses the finding: it counts toward no score',
    ),
});

export const scanStatusSchema = z.object({
  scan_id: z.string(),
  status: z.enum(SCAN_STATUSES),
  position: z.number().int().positive().optional().describe('queued: 1 = next'),
  progress: z.string().optional().describe('running: what the scan is doing now'),
  error: z.string().optional().describe('failed: why'),
  overall_score: z.number().int().min(0).max(100).optional().describe('complete'),
  letter_grade: z.enum(['A', 'B', 'C', 'D', 'F']).optional().describe('complete'),
  incomplete: z
    .boolean()
    .optional()
    .describe('complete: true when part of the analysis did not run (SCAN-001 findings say which)'),
  findings: z.array(findingSchema).optional().describe('complete'),
  files_scanned: z.array(z.string()).optional().describe('complete upload scans: the files read'),
  file_errors: z
    .array(z.object({ file: z.string(), error: z.string() }))
    .optional()
    .describe('complete upload scans: files that could not be read in full'),
});

export const historyQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  per_page: z.coerce.number().int().min(1).max(100).default(20),
  status: z.enum(SCAN_STATUSES).optional(),
});

export const historySchema = z.object({
  scans: z.array(
    z.object({
      scan_id: z.string(),
      scan_type: z.enum(SCAN_KINDS),
      status: z.enum(SCAN_STATUSES),
      overall_score: z.number().int().nullable(),
      finding_count: z.number().int().nullable(),
      created_at: isoDate,
    }),
  ),
  page: z.number().int(),
  per_page: z.number().int(),
  total: z.number().int(),
});

export const accountSchema = z.object({
  email: z.string(),
  tier: tierSchema,
  api_key: z.string().describe('Masked: sk_scan_abc123...'),
  scans_used: z.number().int(),
  scans_limit: z.number().int(),
  resets_at: isoDate,
  webhook_url: z.string().nullable(),
});

export const webhookBodySchema = z.object({
  webhook_url: z.string().max(2048).nullable().describe('http(s) URL, or null to remove the webhook'),
});

export const webhookSchema = z.object({ webhook_url: z.string().nullable() });

export const newKeySchema = z.object({
  api_key: z.string().describe('The new key, shown once. The old key is refused from now on.'),
});

export const healthSchema = z.object({ status: z.literal('ok') });

export const rateLimitBodySchema = z.object({
  error: z.string(),
  code: z.literal('RATE_LIMIT_EXCEEDED'),
  limit: z.number().int(),
  used: z.number().int(),
  resets_at: isoDate,
  upgrade_url: z.string(),
});
