// PDF reports: stored in the database (so any API process can serve them), found by the hash of the
// unguessable token in their URL, and gone once expired.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Store } from './database.js';
import { toIso } from './time.js';

export const REPORT_TTL_MS = 24 * 60 * 60 * 1000;

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface SavedReport {
  /** 256 random bits, base64url: the capability in the report URL. */
  token: string;
  expiresAt: Date;
}

export async function saveReport(
  store: Store,
  input: { accountId: string; scanId: string; pdf: Buffer; now?: Date },
): Promise<SavedReport> {
  const now = input.now ?? new Date();
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + REPORT_TTL_MS);
  await store.db
    .insertInto('reports')
    .values({
      id: randomUUID(),
      account_id: input.accountId,
      scan_id: input.scanId,
      token_hash: hashToken(token),
      pdf_base64: input.pdf.toString('base64'),
      created_at: toIso(now),
      expires_at: toIso(expiresAt),
    })
    .execute();
  return { token, expiresAt };
}

/** The report behind a token, or undefined when the token is unknown, malformed or expired. */
export async function loadReport(
  store: Store,
  token: string,
  now = new Date(),
): Promise<{ scanId: string; pdf: Buffer } | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const row = await store.db
    .selectFrom('reports')
    .select(['scan_id', 'pdf_base64'])
    .where('token_hash', '=', hashToken(token))
    .where('expires_at', '>', toIso(now))
    .executeTakeFirst();
  return row ? { scanId: row.scan_id, pdf: Buffer.from(row.pdf_base64, 'base64') } : undefined;
}

/** Deletes expired reports; returns how many went. */
export async function deleteExpiredReports(store: Store, now = new Date()): Promise<number> {
  const result = await store.db
    .deleteFrom('reports')
    .where('expires_at', '<=', toIso(now))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
