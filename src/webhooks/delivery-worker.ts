// Webhook deliveries as jobs on the same queue as scans, worked by their own loops so that a slow or
// dead receiver never takes a scan slot. Each attempt is one job; a failed attempt schedules the next
// one with exponential back-off and jitter, up to MAX_ATTEMPTS. The body is fixed when the scan ends;
// the signing key and the URL are read at send time, so a rotated key signs and a removed URL stops.
import type { AddressPolicy } from '../engine/net/address-policy.js';
import type { Resolver } from '../engine/net/guarded-fetch.js';
import type { ClaimedJob, JobQueue } from '../jobs/queue.js';
import { currentApiKey, findAccountById, tierAtLeast } from '../store/accounts.js';
import type { Store } from '../store/database.js';
import { getScan } from '../store/scans.js';
import {
  cancelDelivery,
  createDelivery,
  loadDelivery,
  recordAttempt,
  WEBHOOK_QUEUE,
  type WebhookJobPayload,
} from '../store/webhook-deliveries.js';
import { deliverWebhook, MAX_ATTEMPTS, retryDelayMs } from './deliver.js';
import { buildWebhookPayload } from './payload.js';

/** A claim outlives the 10 s delivery timeout with room to spare. */
const LEASE_MS = 60_000;

/**
 * Called when a scan ends: for a team+ account with a webhook URL, fixes the payload and queues the
 * first attempt, in one transaction. Returns the delivery id, or undefined when there is nothing to send.
 */
export async function enqueueWebhookDelivery(
  store: Store,
  queue: JobQueue,
  scan: { scanId: string; accountId: string },
): Promise<string | undefined> {
  const account = await findAccountById(store, scan.accountId);
  if (!account?.webhook_url || !tierAtLeast(account.tier, 'team')) return undefined;
  const details = await getScan(store, scan.accountId, scan.scanId);
  if (!details || (details.status !== 'complete' && details.status !== 'failed')) return undefined;
  const payload = JSON.stringify(
    buildWebhookPayload({
      id: details.scan_id,
      status: details.status,
      overall_score: details.overall_score,
      letter_grade: details.letter_grade,
      findings: details.result?.findings ?? [],
      error: details.error,
    }),
  );
  return store.db.transaction().execute(async (trx) => {
    const deliveryId = await createDelivery(trx, { accountId: scan.accountId, scanId: scan.scanId, payload });
    await queue.enqueue<WebhookJobPayload>(WEBHOOK_QUEUE, { delivery_id: deliveryId }, { transaction: trx });
    return deliveryId;
  });
}

export interface DeliveryWorkerOptions {
  store: Store;
  queue: JobQueue;
  policy: AddressPolicy;
  /** Deliveries in flight at once (default 4). */
  concurrency?: number;
  pollIntervalMs?: number;
  /** Tests inject DNS answers and shorter timeouts. */
  resolve?: Resolver;
  timeoutMs?: number;
  /** Tests shorten the wait between attempts. */
  retryDelay?: (attempt: number) => number;
}

/** One attempt of the delivery a job names; schedules the next attempt when this one fails. */
export async function processDeliveryJob(
  options: DeliveryWorkerOptions,
  job: ClaimedJob<WebhookJobPayload>,
): Promise<void> {
  const { store, queue } = options;
  const delivery = await loadDelivery(store, job.payload.delivery_id);
  if (!delivery || delivery.state !== 'pending') {
    await queue.complete(job);
    return;
  }
  const account = await findAccountById(store, delivery.accountId);
  const apiKey = account && (await currentApiKey(store, account.id));
  if (!account?.webhook_url || !apiKey || !tierAtLeast(account.tier, 'team')) {
    await cancelDelivery(store, delivery.id);
    await queue.complete(job);
    return;
  }
  const attempt = await deliverWebhook({
    url: account.webhook_url,
    body: delivery.payload,
    apiKey,
    deliveryId: delivery.id,
    policy: options.policy,
    ...(options.resolve ? { resolve: options.resolve } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  const isLast = delivery.attempts + 1 >= MAX_ATTEMPTS;
  const state = attempt.ok ? 'delivered' : isLast ? 'failed' : 'pending';
  const attempts = await recordAttempt(
    store,
    delivery.id,
    {
      url: account.webhook_url,
      statusCode: attempt.status,
      error: attempt.error,
      durationMs: attempt.duration_ms,
    },
    state,
  );
  if (state === 'pending') {
    const delay = (options.retryDelay ?? retryDelayMs)(attempts);
    await queue.enqueue<WebhookJobPayload>(
      WEBHOOK_QUEUE,
      { delivery_id: delivery.id },
      { runAfter: new Date(Date.now() + delay) },
    );
  }
  await queue.complete(job);
}

/** Loops that claim webhook jobs until stopped. */
export class DeliveryWorker {
  private loops: Promise<void>[] = [];
  private stopping = false;
  private readonly sleepers = new Set<() => void>();

  constructor(private readonly options: DeliveryWorkerOptions) {}

  start(): void {
    if (this.loops.length > 0) return;
    this.stopping = false;
    for (let i = 0; i < (this.options.concurrency ?? 4); i++) this.loops.push(this.loop());
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const wake of this.sleepers) wake();
    await Promise.all(this.loops);
    this.loops = [];
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      const job = await this.options.queue
        .claim<WebhookJobPayload>(WEBHOOK_QUEUE, LEASE_MS)
        .catch(() => undefined);
      if (!job) {
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            this.sleepers.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, this.options.pollIntervalMs ?? 1000);
          this.sleepers.add(wake);
        });
        continue;
      }
      try {
        await processDeliveryJob(this.options, job);
      } catch (error) {
        await this.options.queue.fail(job, (error as Error).message).catch(() => undefined);
      }
    }
  }
}
