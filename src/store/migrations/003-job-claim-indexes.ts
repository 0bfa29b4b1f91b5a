// Claims read only the head of the queue: due jobs in order, and leases that ran out. Without these
// indexes every claim scanned and sorted the whole queue, finished jobs included.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDatabase = Kysely<any>;

export async function up(db: AnyDatabase): Promise<void> {
  await db.schema.dropIndex('jobs_claim').execute();
  await db.schema
    .createIndex('jobs_due')
    .on('jobs')
    .columns(['queue', 'state', 'run_after', 'created_at'])
    .execute();
  await db.schema
    .createIndex('jobs_lease')
    .on('jobs')
    .columns(['queue', 'state', 'lease_expires_at'])
    .execute();
}

export async function down(db: AnyDatabase): Promise<void> {
  await db.schema.dropIndex('jobs_lease').execute();
  await db.schema.dropIndex('jobs_due').execute();
  await db.schema.createIndex('jobs_claim').on('jobs').columns(['queue', 'state', 'run_after']).execute();
}
