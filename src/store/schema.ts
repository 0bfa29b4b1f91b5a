// The database as Kysely sees it. Column types are portable between SQLite and PostgreSQL: ids are
// UUID text, timestamps are ISO-8601 UTC text (`2026-03-06T14:30:00.000Z`, which sorts as it reads),
// JSON is text, and file bytes are base64 text (uploads: AES-256-GCM ciphertext, see security/keys.ts).
import type { Insertable, Selectable, Updateable } from 'kysely';

export const TIERS = ['free', 'developer', 'pro', 'team', 'enterprise'] as const;
export type Tier = (typeof TIERS)[number];

export const SCAN_KINDS = ['mcp', 'upload'] as const;
export type ScanKind = (typeof SCAN_KINDS)[number];

export const SCAN_STATUSES = ['queued', 'running', 'complete', 'failed'] as const;
export type ScanStatus = (typeof SCAN_STATUSES)[number];

export const JOB_STATES = ['queued', 'active', 'completed', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface AccountsTable {
  id: string;
  email: string;
  tier: Tier;
  password_hash: string | null;
  webhook_url: string | null;
  created_at: string;
}

export interface ApiKeysTable {
  id: string;
  account_id: string;
  /** Hex SHA-256 of the key. */
  lookup_hash: string;
  /** AES-256-GCM under the server secret. */
  ciphertext: string;
  /** `sk_scan_abc123`: what the account page shows. */
  display_prefix: string;
  created_at: string;
  revoked_at: string | null;
}

export interface ScansTable {
  id: string;
  account_id: string;
  kind: ScanKind;
  /** The MCP server URL (mcp scans) as it may be shown: credential-like query values redacted. */
  target: string | null;
  /** The target's bearer token, encrypted under the server secret; cleared when the scan ends. */
  auth_token_ciphertext: string | null;
  /** The URL as given, when it carried credentials, encrypted like the token; cleared when the scan ends. */
  target_ciphertext: string | null;
  /** JSON array of the uploaded files' safe names (upload scans). */
  file_names: string | null;
  status: ScanStatus;
  progress: string | null;
  error: string | null;
  overall_score: number | null;
  letter_grade: string | null;
  /** JSON of the engine's ScanResult, unfiltered. */
  result: string | null;
  finding_count: number | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** `YYYY-MM` (UTC) of created_at: the month whose quota this scan took. */
  month: string;
}

/**
 * Uploaded bytes, kept until the scan ends so that any worker process can run it: encrypted under the
 * server secret, and deleted (overwritten, on SQLite) when the scan ends.
 */
export interface ScanFilesTable {
  scan_id: string;
  position: number;
  name: string;
  /** `encryptBytes` of the file, for the purpose `scan-file:<scan id>:<position>`. */
  content_ciphertext: string;
}

/** Scans taken per account and calendar month (UTC). */
export interface UsageTable {
  account_id: string;
  month: string;
  used: number;
}

export interface JobsTable {
  id: string;
  queue: string;
  /** JSON. */
  payload: string;
  state: JobState;
  attempts: number;
  max_attempts: number;
  /** Set while active: after this instant another worker may claim the job again. */
  lease_expires_at: string | null;
  /** Random per claim, so that a worker whose lease ran out cannot complete someone else's claim. */
  lease_token: string | null;
  run_after: string;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

/** A scan's rendered PDF, one per way of showing it (`variant`), rendered and stored once. */
export interface ReportDocumentsTable {
  id: string;
  scan_id: string;
  /** `with-hipaa` or `without-hipaa` (links issued before documents existed: `issued:<id>`). */
  variant: string;
  pdf_base64: string;
  created_at: string;
}

/** A report URL: its token is the capability, valid until it expires. */
export interface ReportLinksTable {
  /** Hex SHA-256 of the URL token: the token itself is never stored. */
  token_hash: string;
  account_id: string;
  document_id: string;
  created_at: string;
  expires_at: string;
}

export const DELIVERY_STATES = ['pending', 'delivered', 'failed', 'cancelled'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** One webhook notification of one ended scan; its body is fixed when the scan ends. */
export interface WebhookDeliveriesTable {
  id: string;
  account_id: string;
  scan_id: string;
  /** The exact JSON body that is signed and sent on every attempt. */
  payload: string;
  state: DeliveryState;
  attempts: number;
  created_at: string;
  finished_at: string | null;
}

export interface WebhookAttemptsTable {
  id: string;
  delivery_id: string;
  attempt: number;
  url: string;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  created_at: string;
}

/** Store-wide values by name (`secret_check`: a canary encrypted under the server secret). */
export interface SettingsTable {
  name: string;
  value: string;
}

export interface Database {
  report_documents: ReportDocumentsTable;
  report_links: ReportLinksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  accounts: AccountsTable;
  api_keys: ApiKeysTable;
  scans: ScansTable;
  scan_files: ScanFilesTable;
  usage: UsageTable;
  jobs: JobsTable;
  settings: SettingsTable;
}

export type AccountRow = Selectable<AccountsTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
export type ScanRow = Selectable<ScansTable>;
export type NewScan = Insertable<ScansTable>;
export type ScanUpdate = Updateable<ScansTable>;
export type JobRow = Selectable<JobsTable>;
