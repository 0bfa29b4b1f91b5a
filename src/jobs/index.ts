// Jobs: the `JobQueue` contract, its embedded implementation on the store's jobs table, and the scan
// workers.
//   new EmbeddedJobQueue(store, {defaultMaxAttempts?, retryBaseMs?, retryMaxMs?}) implements JobQueue:
//     enqueue(queue, payload, {transaction?, maxAttempts?, runAfter?}), claim(queue, leaseMs), complete,
//     fail(job, error, {retry?}), extendLease(job, leaseMs), release(job), reapAbandoned(queue), depth(queue)
//   new ScanWorker({store, queue, concurrency, leaseMs?, pollIntervalMs?, runScan, onScanFinished?,
//     logger?}): start(), wake() (after an in-process submission), stop({graceMs?}), activeCount
export { EmbeddedJobQueue, type EmbeddedJobQueueOptions } from './embedded-queue.js';
export type { AbandonedJob, ClaimedJob, EnqueueOptions, FailOutcome, JobQueue } from './queue.js';
export {
  engineScanRunner,
  PermanentScanError,
  ScanWorker,
  type ScanFinishedEvent,
  type ScanRunner,
  type ScanWorkerOptions,
  type WorkerLogger,
} from './worker.js';
