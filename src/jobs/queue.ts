// The job queue as the rest of the code sees it. The embedded implementation (embedded-queue.ts) keeps
// jobs in the store's `jobs` table; a scale-out implementation can put the same contract on pg-boss.
import type { Transaction } from 'kysely';
import type { Database } from '../store/schema.js';

export interface EnqueueOptions {
  /** Enqueue as part of this transaction: the job exists exactly when the transaction commits. */
  transaction?: Transaction<Database>;
  /** How many times the job may be claimed before it fails for good (default 3). */
  maxAttempts?: number;
  /** Not claimable before this instant (default now). */
  runAfter?: Date;
}

export interface ClaimedJob<Payload = unknown> {
  id: string;
  queue: string;
  payload: Payload;
  /** This claim included (1 on the first claim). */
  attempts: number;
  maxAttempts: number;
  /** Proves that this claim still holds the job; a claim whose lease ran out cannot finish the job. */
  leaseToken: string;
  leaseExpiresAt: Date;
}

/** A job whose worker vanished on its last allowed attempt: it is now `failed`. */
export interface AbandonedJob<Payload = unknown> {
  id: string;
  queue: string;
  payload: Payload;
  attempts: number;
}

export interface FailOutcome {
  /** True when the job went back to the queue for another attempt. */
  retrying: boolean;
  /** When the next attempt may start (retrying only). */
  runAfter?: Date;
}

export interface JobQueue {
  enqueue<Payload>(queue: string, payload: Payload, options?: EnqueueOptions): Promise<string>;
  /**
   * Takes the next due job of `queue` (or one whose previous claim's lease expired) for `leaseMs`.
   * Undefined when there is none.
   */
  claim<Payload>(queue: string, leaseMs: number): Promise<ClaimedJob<Payload> | undefined>;
  /** Finishes the job. False when this claim no longer holds it (its lease ran out and it moved on). */
  complete(job: ClaimedJob): Promise<boolean>;
  /**
   * Records a failed attempt. With `retry` (default) and attempts left, the job is queued again after a
   * back-off that doubles per attempt; otherwise it fails for good.
   */
  fail(job: ClaimedJob, error: string, options?: { retry?: boolean }): Promise<FailOutcome>;
  /** Keeps the claim alive for another `leaseMs`. False when the claim was lost. */
  extendLease(job: ClaimedJob, leaseMs: number): Promise<boolean>;
  /** Gives the job back untouched (graceful shutdown): claimable at once, the attempt not counted. */
  release(job: ClaimedJob): Promise<boolean>;
  /** Fails jobs whose lease expired on their last allowed attempt, and returns them. */
  reapAbandoned<Payload>(queue: string): Promise<AbandonedJob<Payload>[]>;
  /** Jobs waiting in `queue` (for metrics). */
  depth(queue: string): Promise<number>;
}
