// Scans: submission under the monthly quota, reads scoped to their account, queue position and time
// estimates, and the writes a worker makes as a scan runs.
import { randomUUID } from 'node:crypto';
import { redactCredentials, visibleLine, withoutSecret } from '../engine/evidence.js';
import { redactUrl } from '../engine/net/credentials.js';
import type { InputFile, ScanResult } from '../engine/types.js';
import type { JobQueue } from '../jobs/queue.js';
import { decryptBytes, decryptSecret, encryptBytes, encryptSecret } from '../security/keys.js';
import { PLAN_LIMITS } from './accounts.js';
import { truncateWal, type Store } from './database.js';
import type { ScanKind, ScanRow, ScanStatus } from './schema.js';
import { monthKey, nextMonthStart, resetsAt, toIso } from './time.js';

/** The queue scan jobs go to; its payload is `ScanJobPayload`. */
export const SCAN_QUEUE = 'scan';
export interface ScanJobPayload {
  scanId: string;
}

const AUTH_TOKEN_PURPOSE = 'scan-auth-token';
/** An uploaded file's ciphertext decrypts only as the file it was stored as. */
const scanFilePurpose = (scanId: string, position: number) => `scan-file:${scanId}:${position}`;
const TARGET_PURPOSE = 'scan-target';
/** Used while no scan of the kind has finished yet. */
const FALLBACK_SECONDS: Record<ScanKind, number> = { mcp: 60, upload: 30 };
/** How many recent scans of a kind the estimate averages. */
const ESTIMATE_SAMPLE = 20;
const FILE_ROWS_PER_INSERT = 500;
/**
 * Claims of a scan job: a worker process that dies mid-scan (the analysis pool contains everything a
 * file can do to a thread, so this is a crash of the process itself) gets one more try, and a scan that
 * took down its worker twice is failed rather than claimed forever.
 */
const SCAN_JOB_MAX_ATTEMPTS = 2;
const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type ScanSubmission =
  /** `target` is the URL as given: it is stored redacted, and encrypted when it carries credentials. */
  | { kind: 'mcp'; target: string; authToken?: string | null }
  /** `files` are already validated, with safe base names. */
  | { kind: 'upload'; files: readonly InputFile[] };

export interface SubmitScanOptions {
  now?: Date;
  /** Scans running at once (TRUSTTRACE_SCAN_CONCURRENCY), for `estimated_seconds`. */
  concurrency?: number;
  maxAttempts?: number;
}

export interface ScanAccepted {
  accepted: true;
  scan_id: string;
  status: 'queued';
  /** 1 = next. */
  position: number;
  estimated_seconds: number;
  /** Upload scans: the names stored, in order. */
  files_accepted?: string[];
}

/** The month's quota is used up: what the 429 body and `Retry-After` need. */
export interface QuotaExceeded {
  accepted: false;
  limit: number;
  used: number;
  /** `2026-04-01T00:00:00Z`. */
  resets_at: string;
  /** Whole seconds until `resets_at` (at least 1). */
  retry_after_seconds: number;
}

export class ScanSubmissionError extends Error {}

/**
 * Inserts the scan (`queued`), its files and its job, and takes one scan from the account's quota for
 * the current UTC month, all in one transaction: concurrent submissions can never exceed the limit,
 * and a refused submission leaves nothing behind.
 */
export async function submitScan(
  store: Store,
  queue: JobQueue,
  accountId: string,
  submission: ScanSubmission,
  options: SubmitScanOptions = {},
): Promise<ScanAccepted | QuotaExceeded> {
  const now = options.now ?? new Date();
  const month = monthKey(now);
  const scanId = randomUUID();
  const fileNames = submission.kind === 'upload' ? submission.files.map((file) => file.name) : undefined;
  const shownTarget = submission.kind === 'mcp' ? redactUrl(submission.target) : null;

  const outcome = await store.db.transaction().execute(async (trx) => {
    // A write comes first so that SQLite takes its write lock at the start of the transaction.
    await trx
      .insertInto('usage')
      .values({ account_id: accountId, month, used: 0 })
      .onConflict((oc) => oc.columns(['account_id', 'month']).doNothing())
      .execute();
    const account = await trx
      .selectFrom('accounts')
      .select('tier')
      .where('id', '=', accountId)
      .executeTakeFirst();
    if (!account) throw new ScanSubmissionError(`no account ${accountId}`);
    const limit = PLAN_LIMITS[account.tier];
    // The guard `used < limit` in the same statement as the increment is what makes the quota exact.
    const taken = await trx
      .updateTable('usage')
      .set((eb) => ({ used: eb('used', '+', 1) }))
      .where('account_id', '=', accountId)
      .where('month', '=', month)
      .where('used', '<', limit)
      .returning('used')
      .executeTakeFirst();
    if (!taken) {
      const usage = await trx
        .selectFrom('usage')
        .select('used')
        .where('account_id', '=', accountId)
        .where('month', '=', month)
        .executeTakeFirstOrThrow();
      return { accepted: false as const, limit, used: Number(usage.used) };
    }

    await trx
      .insertInto('scans')
      .values({
        id: scanId,
        account_id: accountId,
        kind: submission.kind,
        target: shownTarget,
        auth_token_ciphertext:
          submission.kind === 'mcp' && submission.authToken
            ? encryptSecret(submission.authToken, store.secret, AUTH_TOKEN_PURPOSE)
            : null,
        target_ciphertext:
          submission.kind === 'mcp' && shownTarget !== submission.target
            ? encryptSecret(submission.target, store.secret, TARGET_PURPOSE)
            : null,
        file_names: fileNames ? JSON.stringify(fileNames) : null,
        status: 'queued',
        progress: null,
        error: null,
        overall_score: null,
        letter_grade: null,
        result: null,
        finding_count: null,
        created_at: toIso(now),
        started_at: null,
        finished_at: null,
        month,
      })
      .execute();
    if (submission.kind === 'upload') {
      const rows = submission.files.map((file, position) => ({
        scan_id: scanId,
        position,
        name: file.name,
        content_ciphertext: encryptBytes(
          Buffer.from(file.content),
          store.secret,
          scanFilePurpose(scanId, position),
        ),
      }));
      // In slices, to stay under the bound-parameter limits of SQLite and PostgreSQL.
      for (let start = 0; start < rows.length; start += FILE_ROWS_PER_INSERT) {
        await trx
          .insertInto('scan_files')
          .values(rows.slice(start, start + FILE_ROWS_PER_INSERT))
          .execute();
      }
    }
    const payload: ScanJobPayload = { scanId };
    await queue.enqueue(SCAN_QUEUE, payload, {
      transaction: trx,
      maxAttempts: options.maxAttempts ?? SCAN_JOB_MAX_ATTEMPTS,
    });
    return { accepted: true as const };
  });

  if (!outcome.accepted) {
    return {
      accepted: false,
      limit: outcome.limit,
      used: outcome.used,
      resets_at: resetsAt(now),
      retry_after_seconds: Math.max(1, Math.ceil((nextMonthStart(now).getTime() - now.getTime()) / 1000)),
    };
  }
  const position = (await queuePosition(store, scanId)) ?? 1;
  return {
    accepted: true,
    scan_id: scanId,
    status: 'queued',
    position,
    estimated_seconds: await estimateSeconds(store, submission.kind, {
      position,
      concurrency: options.concurrency ?? 1,
    }),
    ...(fileNames ? { files_accepted: fileNames } : {}),
  };
}

/** 1 for the next scan to start, counting queued scans of every account submitted before it. */
export async function queuePosition(store: Store, scanId: string): Promise<number | undefined> {
  const scan = await store.db
    .selectFrom('scans')
    .select(['created_at', 'status'])
    .where('id', '=', scanId)
    .executeTakeFirst();
  if (!scan || scan.status !== 'queued') return undefined;
  const ahead = await store.db
    .selectFrom('scans')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('status', '=', 'queued')
    .where((eb) =>
      eb.or([
        eb('created_at', '<', scan.created_at),
        eb.and([eb('created_at', '=', scan.created_at), eb('id', '<', scanId)]),
      ]),
    )
    .executeTakeFirstOrThrow();
  return Number(ahead.count) + 1;
}

/** Mean run time (seconds) of the last finished scans of `kind`, or a fallback when there are none. */
export async function averageScanSeconds(store: Store, kind: ScanKind): Promise<number> {
  const recent = await store.db
    .selectFrom('scans')
    .select(['started_at', 'finished_at'])
    .where('kind', '=', kind)
    .where('status', '=', 'complete')
    .where('finished_at', 'is not', null)
    .orderBy('finished_at', 'desc')
    .limit(ESTIMATE_SAMPLE)
    .execute();
  const durations = recent
    .filter((row) => row.started_at && row.finished_at)
    .map((row) => (Date.parse(row.finished_at!) - Date.parse(row.started_at!)) / 1000)
    .filter((seconds) => Number.isFinite(seconds) && seconds >= 0);
  if (durations.length === 0) return FALLBACK_SECONDS[kind];
  return durations.reduce((sum, seconds) => sum + seconds, 0) / durations.length;
}

/**
 * Seconds until a scan at `position` is done: the scans ahead run `concurrency` at a time, then this
 * one; each takes the recent average for its kind. At least 1.
 */
export async function estimateSeconds(
  store: Store,
  kind: ScanKind,
  { position, concurrency }: { position: number; concurrency: number },
): Promise<number> {
  const average = await averageScanSeconds(store, kind);
  const rounds = Math.floor(Math.max(0, position - 1) / Math.max(1, concurrency)) + 1;
  return Math.max(1, Math.ceil(average * rounds));
}

export interface ScanDetails {
  scan_id: string;
  kind: ScanKind;
  status: ScanStatus;
  target: string | null;
  file_names: string[];
  /** Queued scans: 1 = next. */
  position?: number;
  /** Running scans: what the worker is doing now. */
  progress: string | null;
  /** Failed scans. */
  error: string | null;
  overall_score: number | null;
  letter_grade: string | null;
  finding_count: number | null;
  /** Complete scans: the engine's unfiltered result (the service filters it by tier). */
  result: ScanResult | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

function toDetails(row: ScanRow): ScanDetails {
  return {
    scan_id: row.id,
    kind: row.kind,
    status: row.status,
    target: row.target,
    file_names: row.file_names ? (JSON.parse(row.file_names) as string[]) : [],
    progress: row.progress,
    error: row.error,
    overall_score: row.overall_score === null ? null : Number(row.overall_score),
    letter_grade: row.letter_grade,
    finding_count: row.finding_count === null ? null : Number(row.finding_count),
    result: row.result ? (JSON.parse(row.result) as ScanResult) : null,
    created_at: row.created_at,
    started_at: row.started_at,
    finished_at: row.finished_at,
  };
}

/** A scan of this account, or undefined (also when it exists but belongs to someone else). */
export async function getScan(
  store: Store,
  accountId: string,
  scanId: string,
): Promise<ScanDetails | undefined> {
  if (!UUID_SHAPE.test(scanId)) return undefined;
  const row = await store.db
    .selectFrom('scans')
    .selectAll()
    .where('id', '=', scanId.toLowerCase())
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (!row) return undefined;
  const details = toDetails(row);
  if (row.status === 'queued') details.position = (await queuePosition(store, row.id)) ?? 1;
  return details;
}

export interface ScanSummary {
  scan_id: string;
  scan_type: ScanKind;
  status: ScanStatus;
  overall_score: number | null;
  finding_count: number | null;
  created_at: string;
}

export interface ScanPage {
  scans: ScanSummary[];
  page: number;
  per_page: number;
  total: number;
}

/** `GET /v1/scans`: newest first. The caller validates page ≥ 1 and 1 ≤ per_page ≤ 100. */
export async function listScans(
  store: Store,
  accountId: string,
  { page = 1, perPage = 20, status }: { page?: number; perPage?: number; status?: ScanStatus } = {},
): Promise<ScanPage> {
  let query = store.db.selectFrom('scans').where('account_id', '=', accountId);
  if (status) query = query.where('status', '=', status);
  const [rows, count] = await Promise.all([
    query
      .select(['id', 'kind', 'status', 'overall_score', 'finding_count', 'created_at'])
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(perPage)
      .offset((page - 1) * perPage)
      .execute(),
    query.select((eb) => eb.fn.countAll<number | string>().as('count')).executeTakeFirstOrThrow(),
  ]);
  return {
    scans: rows.map((row) => ({
      scan_id: row.id,
      scan_type: row.kind,
      status: row.status,
      overall_score: row.overall_score === null ? null : Number(row.overall_score),
      finding_count: row.finding_count === null ? null : Number(row.finding_count),
      created_at: row.created_at,
    })),
    page,
    per_page: perPage,
    total: Number(count.count),
  };
}

/** Scans per status, over every account (for metrics). */
export async function countScansByKindAndStatus(
  store: Store,
): Promise<{ kind: ScanKind; status: ScanStatus; count: number }[]> {
  const rows = await store.db
    .selectFrom('scans')
    .select(['kind', 'status', (eb) => eb.fn.countAll<number | string>().as('count')])
    .groupBy(['kind', 'status'])
    .execute();
  return rows.map((row) => ({ kind: row.kind, status: row.status, count: Number(row.count) }));
}

// ---------------------------------------------------------------------------------------------------
// What a worker writes. These are not scoped to an account: the worker acts for the system.

/** A scan as the worker needs it, with the target's URL and token decrypted. */
export interface ScanToRun {
  id: string;
  accountId: string;
  kind: ScanKind;
  status: ScanStatus;
  /** The URL as the user gave it, credentials included: to connect to, never to store or show. */
  target: string | null;
  authToken: string | null;
}

export async function loadScanToRun(store: Store, scanId: string): Promise<ScanToRun | undefined> {
  const row = await store.db
    .selectFrom('scans')
    .select(['id', 'account_id', 'kind', 'status', 'target', 'target_ciphertext', 'auth_token_ciphertext'])
    .where('id', '=', scanId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    accountId: row.account_id,
    kind: row.kind,
    status: row.status,
    target: row.target_ciphertext
      ? decryptSecret(row.target_ciphertext, store.secret, TARGET_PURPOSE)
      : row.target,
    authToken: row.auth_token_ciphertext
      ? decryptSecret(row.auth_token_ciphertext, store.secret, AUTH_TOKEN_PURPOSE)
      : null,
  };
}

export async function loadScanFiles(store: Store, scanId: string): Promise<InputFile[]> {
  const rows = await store.db
    .selectFrom('scan_files')
    .select(['position', 'name', 'content_ciphertext'])
    .where('scan_id', '=', scanId)
    .orderBy('position')
    .execute();
  return rows.map((row) => ({
    name: row.name,
    content: decryptBytes(
      row.content_ciphertext,
      store.secret,
      scanFilePurpose(scanId, Number(row.position)),
    ),
  }));
}

export async function markScanRunning(
  store: Store,
  scanId: string,
  progress: string,
  now = new Date(),
): Promise<void> {
  await store.db
    .updateTable('scans')
    .set({ status: 'running', progress, started_at: toIso(now), error: null })
    .where('id', '=', scanId)
    .execute();
}

/** A scan's progress sentence, as stored and shown: one visible line, no credential. */
export async function setScanProgress(store: Store, scanId: string, progress: string): Promise<void> {
  await store.db
    .updateTable('scans')
    .set({ progress: visibleLine(redactCredentials(progress), 500) })
    .where('id', '=', scanId)
    .where('status', '=', 'running')
    .execute();
}

/** Back to the queue (a retry, or a release on shutdown). */
export async function markScanQueued(store: Store, scanId: string): Promise<void> {
  await store.db
    .updateTable('scans')
    .set({ status: 'queued', progress: null, started_at: null })
    .where('id', '=', scanId)
    .where('status', 'in', ['queued', 'running'])
    .execute();
}

/**
 * Largest result stored, as JSON. The engine bounds findings (about a thousand, each bounded), which
 * stays well under it; the cap is what the store promises whatever a runner hands it.
 */
export const MAX_STORED_RESULT_BYTES = 8 * 1024 * 1024;

export class ResultTooLargeError extends Error {}

/**
 * Saves the result and drops what only the run needed (uploaded bytes, the target's token). A result
 * over MAX_STORED_RESULT_BYTES is refused with ResultTooLargeError, and nothing is written.
 */
export async function completeScan(
  store: Store,
  scanId: string,
  result: ScanResult,
  now = new Date(),
): Promise<void> {
  const json = JSON.stringify(result);
  if (Buffer.byteLength(json) > MAX_STORED_RESULT_BYTES) {
    throw new ResultTooLargeError(
      `the result is larger than ${MAX_STORED_RESULT_BYTES / 1024 / 1024} MB and was not stored`,
    );
  }
  await store.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('scans')
      .set({
        status: 'complete',
        progress: null,
        error: null,
        overall_score: result.overall_score,
        letter_grade: result.letter_grade,
        finding_count: result.findings.length,
        result: json,
        finished_at: toIso(now),
        auth_token_ciphertext: null,
        target_ciphertext: null,
      })
      .where('id', '=', scanId)
      .execute();
    await trx.deleteFrom('scan_files').where('scan_id', '=', scanId).execute();
  });
  await truncateWal(store);
}

/**
 * Ends the scan as failed with a sentence for the user, and drops its files and token. The sentence is
 * stored as one visible line without the scan's own auth token (an HTTP library's message may quote the
 * header it refused) or anything else credential-like.
 */
export async function failScan(store: Store, scanId: string, error: string, now = new Date()): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('scans')
      .select('auth_token_ciphertext')
      .where('id', '=', scanId)
      .executeTakeFirst();
    let shown = error;
    try {
      if (row?.auth_token_ciphertext)
        shown = withoutSecret(
          error,
          decryptSecret(row.auth_token_ciphertext, store.secret, AUTH_TOKEN_PURPOSE),
        );
    } catch {
      // A token that no longer decrypts was never sent either; the patterns below still apply.
    }
    shown = redactCredentials(shown);
    await trx
      .updateTable('scans')
      .set({
        status: 'failed',
        progress: null,
        error: visibleLine(shown, 1000),
        finished_at: toIso(now),
        auth_token_ciphertext: null,
        target_ciphertext: null,
      })
      .where('id', '=', scanId)
      .execute();
    await trx.deleteFrom('scan_files').where('scan_id', '=', scanId).execute();
  });
  await truncateWal(store);
}
