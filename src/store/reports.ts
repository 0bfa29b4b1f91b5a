// PDF reports. A scan's PDF is rendered once per variant (with or without HIPAA citations, by plan) and
// stored once, in the database so that any API process can serve it; each report URL is a link to that
// document, found by the hash of the unguessable token in the URL, and gone once expired.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Store } from './database.js';
import { toIso } from './time.js';

export const REPORT_TTL_MS = 24 * 60 * 60 * 1000;

/** How a scan's findings are shown in its PDF: HIPAA citations only for enterprise accounts. */
export type ReportVariant = 'with-hipaa' | 'without-hipaa';

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The id of the scan's stored PDF in this variant, if it was rendered before. */
export async function findReportDocument(
  store: Store,
  scanId: string,
  variant: ReportVariant,
): Promise<string | undefined> {
  const row = await store.db
    .selectFrom('report_documents')
    .select('id')
    .where('scan_id', '=', scanId)
    .where('variant', '=', variant)
    .executeTakeFirst();
  return row?.id;
}

/** Stores a rendered PDF; when another request stored this variant first, keeps that one. Returns its id. */
export async function saveReportDocument(
  store: Store,
  input: { scanId: string; variant: ReportVariant; pdf: Buffer; now?: Date },
): Promise<string> {
  await store.db
    .insertInto('report_documents')
    .values({
      id: randomUUID(),
      scan_id: input.scanId,
      variant: input.variant,
      pdf_base64: input.pdf.toString('base64'),
      created_at: toIso(input.now ?? new Date()),
    })
    .onConflict((oc) => oc.columns(['scan_id', 'variant']).doNothing())
    .execute();
  const id = await findReportDocument(store, input.scanId, input.variant);
  if (!id) throw new Error(`report document of scan ${input.scanId} vanished after it was stored`);
  return id;
}

export interface ReportLink {
  /** 256 random bits, base64url: the capability in the report URL. */
  token: string;
  expiresAt: Date;
}

export async function issueReportLink(
  store: Store,
  input: { accountId: string; documentId: string; now?: Date },
): Promise<ReportLink> {
  const now = input.now ?? new Date();
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + REPORT_TTL_MS);
  await store.db
    .insertInto('report_links')
    .values({
      token_hash: hashToken(token),
      account_id: input.accountId,
      document_id: input.documentId,
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
    .selectFrom('report_links')
    .innerJoin('report_documents', 'report_documents.id', 'report_links.document_id')
    .select(['report_documents.scan_id', 'report_documents.pdf_base64'])
    .where('report_links.token_hash', '=', hashToken(token))
    .where('report_links.expires_at', '>', toIso(now))
    .executeTakeFirst();
  return row ? { scanId: row.scan_id, pdf: Buffer.from(row.pdf_base64, 'base64') } : undefined;
}

/** Deletes expired links (documents stay with their scan); returns how many went. */
export async function deleteExpiredReports(store: Store, now = new Date()): Promise<number> {
  const result = await store.db
    .deleteFrom('report_links')
    .where('expires_at', '<=', toIso(now))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
