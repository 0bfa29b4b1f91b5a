// Uploaded files wait for their worker encrypted under the server secret (`content_ciphertext`), no
// longer as plain base64. A migration has no secret to encrypt with, so upload scans still waiting with
// files stored the old way end `failed` with a sentence that asks for the upload again, and those files
// are deleted. (openStore then rewrites a SQLite file once, so that no freed page keeps old uploads.)
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDatabase = Kysely<any>;

const RESUBMIT =
  'The service was upgraded while this upload waited and its files were discarded; please submit it again';

/** Ends the waiting upload scans whose files cannot be read after the change, and drops the files. */
async function discardWaitingUploads(db: AnyDatabase): Promise<void> {
  await db
    .updateTable('scans')
    .set({ status: 'failed', progress: null, error: RESUBMIT, finished_at: new Date().toISOString() })
    .where('status', 'in', ['queued', 'running'])
    .where('id', 'in', db.selectFrom('scan_files').select('scan_id'))
    .execute();
  await db.deleteFrom('scan_files').execute();
}

export async function up(db: AnyDatabase): Promise<void> {
  await discardWaitingUploads(db);
  await db.schema.alterTable('scan_files').renameColumn('content_base64', 'content_ciphertext').execute();
}

export async function down(db: AnyDatabase): Promise<void> {
  await discardWaitingUploads(db);
  await db.schema.alterTable('scan_files').renameColumn('content_ciphertext', 'content_base64').execute();
}
