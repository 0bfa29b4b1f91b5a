// The embedded job queue: rows of the store's `jobs` table. A claim is an `UPDATE … RETURNING` whose
// WHERE both picks the oldest claimable job and re-checks that it is still claimable, so two workers (or
// two processes, or two PostgreSQL sessions) can never hold the same job. A claim holds a lease; when the
// lease runs out without completion (the worker died), the job is claimable again.
import { randomUUID } from 'node:crypto';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Store } from '../store/database.js';
import type { Database } from '../store/schema.js';
import { toIso } from '../store/time.js';
import type { AbandonedJob, ClaimedJob, EnqueueOptions, FailOutcome, JobQueue } from './queue.js';

export interface EmbeddedJobQueueOptions {
  /** Default for jobs enqueued without `maxAttempts`. */
  defaultMaxAttempts?: number;
  /** Delay before the first retry; doubles per attempt. */
  retryBaseMs?: number;
  /** Cap on the retry delay. */
  retryMaxMs?: number;
  clock?: () => Date;
}

export class EmbeddedJobQueue implements JobQueue {
  private readonly defaultMaxAttempts: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly clock: () => Date;

  constructor(
    private readonly store: Store,
    options: EmbeddedJobQueueOptions = {},
  ) {
    this.defaultMaxAttempts = options.defaultMaxAttempts ?? 3;
    this.retryBaseMs = options.retryBaseMs ?? 2_000;
    this.retryMaxMs = options.retryMaxMs ?? 5 * 60_000;
    this.clock = options.clock ?? (() => new Date());
  }

  async enqueue<Payload>(queue: string, payload: Payload, options: EnqueueOptions = {}): Promise<string> {
    const id = randomUUID();
    const now = toIso(this.clock());
    await (options.transaction ?? this.store.db)
      .insertInto('jobs')
      .values({
        id,
        queue,
        payload: JSON.stringify(payload),
        state: 'queued',
        attempts: 0,
        max_attempts: options.maxAttempts ?? this.defaultMaxAttempts,
        lease_expires_at: null,
        lease_token: null,
        run_after: options.runAfter ? toIso(options.runAfter) : now,
        last_error: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    return id;
  }

  async claim<Payload>(queue: string, leaseMs: number): Promise<ClaimedJob<Payload> | undefined> {
    const now = this.clock();
    const nowIso = toIso(now);
    // A job whose worker vanished is older than anything queued: take those first.
    const expired = (eb: ExpressionBuilder<Database, 'jobs'>) =>
      eb.and([
        eb('queue', '=', queue),
        eb('state', '=', 'active'),
        eb('lease_expires_at', '<', nowIso),
        eb('attempts', '<', eb.ref('max_attempts')),
      ]);
    const due = (eb: ExpressionBuilder<Database, 'jobs'>) =>
      eb.and([eb('queue', '=', queue), eb('state', '=', 'queued'), eb('run_after', '<=', nowIso)]);
    return (
      (await this.claimFirst<Payload>(expired, ['lease_expires_at'], now, leaseMs)) ??
      (await this.claimFirst<Payload>(due, ['run_after', 'created_at'], now, leaseMs))
    );
  }

  /**
   * One `UPDATE … RETURNING` taking the first row that matches `claimable` in `order`. The condition
   * is checked again on the row itself, so that a row another claimer took in between is not taken
   * twice.
   */
  private async claimFirst<Payload>(
    claimable: (eb: ExpressionBuilder<Database, 'jobs'>) => Expression<SqlBool>,
    order: ('lease_expires_at' | 'run_after' | 'created_at')[],
    now: Date,
    leaseMs: number,
  ): Promise<ClaimedJob<Payload> | undefined> {
    const nowIso = toIso(now);
    const leaseExpiresAt = new Date(now.getTime() + leaseMs);
    const leaseToken = randomUUID();
    const row = await this.store.db
      .updateTable('jobs')
      .set((eb) => ({
        state: 'active',
        attempts: eb('attempts', '+', 1),
        lease_token: leaseToken,
        lease_expires_at: toIso(leaseExpiresAt),
        updated_at: nowIso,
      }))
      .where((eb) =>
        eb.and([
          eb(
            'id',
            '=',
            order
              .reduce(
                (query, column) => query.orderBy(column),
                eb.selectFrom('jobs').select('id').where(claimable),
              )
              .limit(1)
              // PostgreSQL: concurrent claimers pass over a row another one is taking instead of
              // colliding on it (SQLite has one writer at a time and needs no such clause).
              .$if(this.store.dialect === 'postgres', (query) => query.forUpdate().skipLocked()),
          ),
          claimable(eb),
        ]),
      )
      .returningAll()
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      id: row.id,
      queue: row.queue,
      payload: JSON.parse(row.payload) as Payload,
      attempts: Number(row.attempts),
      maxAttempts: Number(row.max_attempts),
      leaseToken,
      leaseExpiresAt,
    };
  }

  async complete(job: ClaimedJob): Promise<boolean> {
    const result = await this.store.db
      .updateTable('jobs')
      .set({
        state: 'completed',
        lease_token: null,
        lease_expires_at: null,
        updated_at: toIso(this.clock()),
      })
      .where('id', '=', job.id)
      .where('lease_token', '=', job.leaseToken)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Delay before attempt `attempts + 1`: base × 2^(attempts − 1), capped. */
  retryDelayMs(attempts: number): number {
    return Math.min(this.retryBaseMs * 2 ** Math.max(0, attempts - 1), this.retryMaxMs);
  }

  async fail(job: ClaimedJob, error: string, options: { retry?: boolean } = {}): Promise<FailOutcome> {
    const now = this.clock();
    const retrying = (options.retry ?? true) && job.attempts < job.maxAttempts;
    const runAfter = new Date(now.getTime() + this.retryDelayMs(job.attempts));
    const result = await this.store.db
      .updateTable('jobs')
      .set({
        state: retrying ? 'queued' : 'failed',
        last_error: error.slice(0, 2000),
        lease_token: null,
        lease_expires_at: null,
        updated_at: toIso(now),
        ...(retrying ? { run_after: toIso(runAfter) } : {}),
      })
      .where('id', '=', job.id)
      .where('lease_token', '=', job.leaseToken)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) return { retrying: false };
    return retrying ? { retrying, runAfter } : { retrying };
  }

  async extendLease(job: ClaimedJob, leaseMs: number): Promise<boolean> {
    const now = this.clock();
    const leaseExpiresAt = new Date(now.getTime() + leaseMs);
    const result = await this.store.db
      .updateTable('jobs')
      .set({ lease_expires_at: toIso(leaseExpiresAt), updated_at: toIso(now) })
      .where('id', '=', job.id)
      .where('lease_token', '=', job.leaseToken)
      .where('state', '=', 'active')
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) return false;
    job.leaseExpiresAt = leaseExpiresAt;
    return true;
  }

  async release(job: ClaimedJob): Promise<boolean> {
    const now = toIso(this.clock());
    const result = await this.store.db
      .updateTable('jobs')
      .set((eb) => ({
        state: 'queued',
        attempts: eb('attempts', '-', 1),
        lease_token: null,
        lease_expires_at: null,
        run_after: now,
        updated_at: now,
      }))
      .where('id', '=', job.id)
      .where('lease_token', '=', job.leaseToken)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async reapAbandoned<Payload>(queue: string): Promise<AbandonedJob<Payload>[]> {
    const now = toIso(this.clock());
    const rows = await this.store.db
      .updateTable('jobs')
      .set({
        state: 'failed',
        last_error: 'the worker stopped responding on the last allowed attempt',
        lease_token: null,
        lease_expires_at: null,
        updated_at: now,
      })
      .where('queue', '=', queue)
      .where('state', '=', 'active')
      .where('lease_expires_at', '<', now)
      .where((eb) => eb('attempts', '>=', eb.ref('max_attempts')))
      .returning(['id', 'queue', 'payload', 'attempts'])
      .execute();
    return rows.map((row) => ({
      id: row.id,
      queue: row.queue,
      payload: JSON.parse(row.payload) as Payload,
      attempts: Number(row.attempts),
    }));
  }

  async depth(queue: string): Promise<number> {
    const row = await this.store.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('queue', '=', queue)
      .where('state', '=', 'queued')
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }
}
