// A target URL's credentials (`?api_key=…`) are no longer stored in the clear: `target` keeps the
// redacted form that is shown, and the URL as given is kept encrypted, only while the scan needs it.
// Targets stored before this migration are redacted; a scan still waiting to run keeps its URL as it
// was (this migration has no key to encrypt it with) until it ends.
import type { Kysely } from 'kysely';
import { redactUrl } from '../../engine/net/credentials.js';

// Migrations see the database as it was then, not as schema.ts describes it today.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDatabase = Kysely<any>;

export async function up(db: AnyDatabase): Promise<void> {
  await db.schema.alterTable('scans').addColumn('target_ciphertext', 'text').execute();
  const finished = await db
    .selectFrom('scans')
    .select(['id', 'target'])
    .where('target', 'is not', null)
    .where('status', 'in', ['complete', 'failed'])
    .execute();
  for (const { id, target } of finished as { id: string; target: string }[]) {
    const shown = redactUrl(target);
    if (shown !== target) await db.updateTable('scans').set({ target: shown }).where('id', '=', id).execute();
  }
}

export async function down(db: AnyDatabase): Promise<void> {
  await db.schema.alterTable('scans').dropColumn('target_ciphertext').execute();
}
