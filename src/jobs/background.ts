// The background work of one process, built from the operator's configuration: scan workers and
// webhook delivery workers on one store and queue. `trusttrace serve` runs them beside the API and
// `trusttrace worker` runs them alone; both build them here so that the two cannot drift apart.
import { AnalysisPool } from '../analysis/pool.js';
import type { Config } from '../config.js';
import { createAddressPolicy } from '../engine/net/address-policy.js';
import type { Store } from '../store/database.js';
import {
  DeliveryWorker,
  enqueueWebhookDelivery,
  type DeliveryWorkerOptions,
} from '../webhooks/delivery-worker.js';
import type { JobQueue } from './queue.js';
import { engineScanRunner, ScanWorker, type ScanRunner, type WorkerLogger } from './worker.js';

export interface BackgroundWorkersOptions {
  config: Pick<Config, 'scanConcurrency' | 'analysis' | 'allowPrivateTargets' | 'osvUrl' | 'secondOpinion'>;
  store: Store;
  queue: JobQueue;
  logger?: WorkerLogger;
  /** Idle wait between claims of both kinds of worker (tests shorten it). */
  pollIntervalMs?: number;
  /** Tests shorten the receiver timeout and the wait between attempts. */
  delivery?: Pick<DeliveryWorkerOptions, 'timeoutMs' | 'retryDelay' | 'concurrency'>;
  /** Replaces the engine (tests that need a scan to take a given time). */
  runScan?: ScanRunner;
  /** The analysis pool scans run in; one from `config.analysis` (closed on stop) when absent. */
  pool?: AnalysisPool;
}

export interface BackgroundWorkers {
  scans: ScanWorker;
  deliveries: DeliveryWorker;
  pool: AnalysisPool;
  start(): void;
  /** Ends idle waits at once, after a submission in this process. */
  wake(): void;
  /** Stops claiming; running scans get `graceMs` to finish, then go back to the queue. */
  stop(options: { graceMs: number }): Promise<void>;
}

export function createBackgroundWorkers(options: BackgroundWorkersOptions): BackgroundWorkers {
  const { config, store, queue } = options;
  // Scan targets, advisory look-ups and webhook receivers obey the same address rules.
  const policy = createAddressPolicy({ allow: config.allowPrivateTargets });
  const pool = options.pool ?? new AnalysisPool(config.analysis);
  const scans = new ScanWorker({
    store,
    queue,
    concurrency: config.scanConcurrency,
    runScan:
      options.runScan ??
      engineScanRunner({
        pool,
        allowPrivateTargets: config.allowPrivateTargets,
        osvUrl: config.osvUrl,
        secondOpinion: config.secondOpinion,
      }),
    // Queuing the delivery is quick; the delivery workers send it, so a slow receiver never holds a scan slot.
    onScanFinished: async (event) => {
      await enqueueWebhookDelivery(store, queue, event);
    },
    ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const deliveries = new DeliveryWorker({
    store,
    queue,
    policy,
    ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
    ...options.delivery,
  });
  return {
    scans,
    deliveries,
    pool,
    start() {
      scans.start();
      deliveries.start();
    },
    wake: () => scans.wake(),
    async stop({ graceMs }) {
      await Promise.all([scans.stop({ graceMs }), deliveries.stop()]);
      if (!options.pool) await pool.close();
    },
  };
}
