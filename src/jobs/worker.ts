// Scan workers: N loops in this process, each claiming a `scan` job, running the engine and saving the
// outcome. A claim's lease is renewed while the scan runs; if this process dies, the lease runs out and
// another worker (here or in another process) claims the job again. Stopping is graceful: no new
// claims, running scans get time to finish, and what is still running after that is released.
import { AnalysisLimitError, type AnalysisPool } from '../analysis/pool.js';
import { TargetError } from '../engine/collect/mcp/target-error.js';
import type { JudgeConfig } from '../engine/rules/tools/poisoning/judge.js';
import { SUPPRESSION_FILE_NAME, SuppressionError } from '../engine/suppressions/file.js';
import type { InputFile, ScanResult } from '../engine/types.js';
import type { Store } from '../store/database.js';
import type { ScanKind } from '../store/schema.js';
import {
  completeScan,
  failScan,
  loadScanFiles,
  loadScanToRun,
  markScanQueued,
  markScanRunning,
  ResultTooLargeError,
  SCAN_QUEUE,
  setScanProgress,
  type ScanJobPayload,
  type ScanToRun,
} from '../store/scans.js';
import type { ClaimedJob, JobQueue } from './queue.js';

/** A failure that another attempt cannot fix: the scan fails at once with this message. */
export class PermanentScanError extends Error {}

/** Runs one scan: `files` for uploads (empty for mcp). Reports phases through `onProgress`. */
export type ScanRunner = (
  scan: ScanToRun,
  files: InputFile[],
  onProgress: (message: string) => void,
) => Promise<ScanResult>;

export interface EngineScanRunnerOptions {
  /** Where the engine runs: threads with a heap cap and CPU-time budgets, off this event loop. */
  pool: AnalysisPool;
  /** What live scans and advisory look-ups may reach: TRUSTTRACE_ALLOW_PRIVATE_TARGETS (none by default). */
  allowPrivateTargets?: string[];
  /** Bound on a whole live scan. */
  deadlineMs?: number;
  /** TRUSTTRACE_OSV_URL; unset or `off` means the embedded advisory set only. */
  osvUrl?: string;
  /** The judge: a model asked about uncertain tool definitions (TRUSTTRACE_LLM_*), if any. */
  secondOpinion?: JudgeConfig;
}

/**
 * The engine as workers run it, in the analysis pool. Live scans and OSV look-ups reach only what the
 * allow-list permits. A target that cannot be scanned, and an analysis that hit its CPU or memory
 * limit, fail the scan at once: another attempt would meet the same server or the same input. An OSV
 * that cannot be reached does not fail the scan: the embedded advisories are used and a finding says so.
 */
export function engineScanRunner(options: EngineScanRunnerOptions): ScanRunner {
  const { pool } = options;
  const policy = { allow: options.allowPrivateTargets ?? [] };
  const secondOpinion = options.secondOpinion ? { secondOpinion: options.secondOpinion } : {};
  return async (scan, files, onProgress) => {
    try {
      switch (scan.kind) {
        case 'upload': {
          const result = await pool.scanFiles(files, {
            policy,
            onProgress,
            ...(options.osvUrl ? { osvUrl: options.osvUrl } : {}),
            ...secondOpinion,
          });
          // A .trusttrace.yaml among the uploaded files suppresses findings as it does for the CLI.
          const suppressions = files.find((file) => file.name === SUPPRESSION_FILE_NAME);
          if (!suppressions) return result;
          const applied = await pool.applySuppressions(
            result,
            {
              name: SUPPRESSION_FILE_NAME,
              text: Buffer.from(suppressions.content).toString('utf8'),
              base: '',
            },
            new Date().toISOString().slice(0, 10),
          );
          return {
            ...applied.result,
            file_errors: [
              ...applied.result.file_errors,
              ...applied.warnings.map((warning) => ({ file: SUPPRESSION_FILE_NAME, error: warning })),
            ],
          };
        }
        case 'mcp':
          return await pool.scanServer(scan.target ?? '', {
            policy,
            onProgress,
            ...(scan.authToken ? { authToken: scan.authToken } : {}),
            ...(options.deadlineMs ? { deadlineMs: options.deadlineMs } : {}),
            ...secondOpinion,
          });
      }
    } catch (error) {
      if (error instanceof TargetError)
        throw new PermanentScanError(`The MCP server could not be scanned: ${error.message}`);
      if (error instanceof AnalysisLimitError)
        throw new PermanentScanError(`The scan was stopped: ${error.message}`);
      if (error instanceof SuppressionError)
        throw new PermanentScanError(`The suppressions could not be used: ${error.message}`);
      throw error;
    }
  };
}

/** Every scan that ends (complete or failed) — where the webhook delivery job is enqueued. */
export interface ScanFinishedEvent {
  scanId: string;
  accountId: string;
  kind: ScanKind;
  status: 'complete' | 'failed';
  /** Run time of the last attempt, when it ran at all. */
  durationSeconds: number | undefined;
}

/** The subset of pino the worker logs through. */
export interface WorkerLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

const silentLogger: WorkerLogger = { info() {}, warn() {}, error() {} };

export interface ScanWorkerOptions {
  store: Store;
  queue: JobQueue;
  /** Scans run at once (TRUSTTRACE_SCAN_CONCURRENCY). */
  concurrency: number;
  /** How long a claim holds a job without renewal (default 60 s); renewed every third of it. */
  leaseMs?: number;
  /** Idle wait between claims when the queue is empty (default 500 ms); `wake()` cuts it short. */
  pollIntervalMs?: number;
  /** Runs one scan: `engineScanRunner(...)` in serve and worker, a scripted runner in some tests. */
  runScan: ScanRunner;
  onScanFinished?: (event: ScanFinishedEvent) => void | Promise<void>;
  logger?: WorkerLogger;
}

interface RunningScan {
  job: ClaimedJob<ScanJobPayload>;
  done: Promise<void>;
  /** Set when shutdown gave the job back: whatever the run produces afterwards is dropped. */
  released: boolean;
}

export class ScanWorker {
  private readonly leaseMs: number;
  private readonly pollIntervalMs: number;
  private readonly runScan: ScanRunner;
  private readonly logger: WorkerLogger;
  private readonly running = new Map<string, RunningScan>();
  private readonly sleepers = new Set<() => void>();
  private loops: Promise<void>[] = [];
  private stopping = false;
  /** Bumped by stop(), so that a loop still finishing a released run ends instead of claiming again. */
  private generation = 0;
  private lastReapAt = 0;

  constructor(private readonly options: ScanWorkerOptions) {
    this.leaseMs = options.leaseMs ?? 60_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.runScan = options.runScan;
    this.logger = options.logger ?? silentLogger;
  }

  /** Scans running in this process now. */
  get activeCount(): number {
    return this.running.size;
  }

  start(): void {
    if (this.loops.length > 0) return;
    this.stopping = false;
    const generation = this.generation;
    for (let slot = 0; slot < this.options.concurrency; slot++) {
      this.loops.push(this.loop(slot, generation));
    }
  }

  /** Ends idle waits at once, e.g. right after a scan was submitted in this process. */
  wake(): void {
    for (const resolve of this.sleepers) resolve();
    this.sleepers.clear();
  }

  /**
   * Stops claiming, waits up to `graceMs` for running scans, then releases the rest to the queue (their
   * scans go back to `queued`) so that another worker picks them up at once.
   */
  async stop({ graceMs = 30_000 }: { graceMs?: number } = {}): Promise<void> {
    this.stopping = true;
    this.generation += 1;
    this.wake();
    const finished = Promise.all([...this.running.values()].map((entry) => entry.done));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      finished.then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), graceMs))),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      for (const entry of this.running.values()) {
        entry.released = true;
        if (await this.options.queue.release(entry.job)) {
          await markScanQueued(this.options.store, entry.job.payload.scanId);
          this.logger.warn({ scanId: entry.job.payload.scanId }, 'scan released on shutdown');
        }
      }
    } else {
      // Idle loops wake and end at once; a released run is not waited for: its outcome is dropped.
      await Promise.all(this.loops);
    }
    this.loops = [];
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const sleepers = this.sleepers;
      function done() {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      }
      sleepers.add(done);
    });
  }

  private async loop(slot: number, generation: number): Promise<void> {
    while (!this.stopping && generation === this.generation) {
      let job: ClaimedJob<ScanJobPayload> | undefined;
      try {
        // One slot also fails the jobs whose worker died on their last attempt, a few times a lease.
        if (slot === 0 && Date.now() - this.lastReapAt >= this.leaseMs / 4) {
          this.lastReapAt = Date.now();
          await this.reapAbandoned();
        }
        job = await this.options.queue.claim<ScanJobPayload>(SCAN_QUEUE, this.leaseMs);
      } catch (error) {
        this.logger.error({ err: error }, 'claiming a scan job failed');
      }
      if (!job) {
        await this.sleep(this.pollIntervalMs);
        continue;
      }
      if (this.stopping || generation !== this.generation) {
        // Claimed while stop() began: give it straight back rather than start work past the deadline.
        await this.options.queue.release(job);
        break;
      }
      const entry: RunningScan = { job, done: Promise.resolve(), released: false };
      entry.done = this.process(entry).catch((error: unknown) => {
        this.logger.error({ err: error, scanId: job.payload.scanId }, 'scan job crashed');
      });
      this.running.set(job.id, entry);
      await entry.done;
      this.running.delete(job.id);
    }
  }

  private async reapAbandoned(): Promise<void> {
    const abandoned = await this.options.queue.reapAbandoned<ScanJobPayload>(SCAN_QUEUE);
    for (const job of abandoned) {
      const scan = await loadScanToRun(this.options.store, job.payload.scanId);
      if (!scan || scan.status === 'complete' || scan.status === 'failed') continue;
      await failScan(
        this.options.store,
        scan.id,
        `The scan was interrupted ${job.attempts} times and was stopped`,
      );
      await this.notify({
        scanId: scan.id,
        accountId: scan.accountId,
        kind: scan.kind,
        status: 'failed',
        durationSeconds: undefined,
      });
    }
  }

  private async process(entry: RunningScan): Promise<void> {
    const { store, queue } = this.options;
    const { job } = entry;
    const scan = await loadScanToRun(store, job.payload.scanId);
    if (!scan || scan.status === 'complete' || scan.status === 'failed') {
      // Deleted, or finished by an earlier attempt that died before completing its job.
      await queue.complete(job);
      return;
    }

    let leaseLost = false;
    const heartbeat = setInterval(() => {
      queue.extendLease(job, this.leaseMs).then(
        (held) => {
          if (!held) leaseLost = true;
        },
        (error: unknown) => this.logger.warn({ err: error, scanId: scan.id }, 'lease renewal failed'),
      );
    }, this.leaseMs / 3);
    const stillOurs = () => !leaseLost && !entry.released;

    const startedAt = Date.now();
    // Progress writes are chained so that they land in order and never after the final write.
    let progressWrites = Promise.resolve();
    const onProgress = (message: string) => {
      progressWrites = progressWrites
        .then(() => (stillOurs() ? setScanProgress(store, scan.id, message) : undefined))
        .catch((error: unknown) =>
          this.logger.warn({ err: error, scanId: scan.id }, 'progress write failed'),
        );
    };

    try {
      await markScanRunning(store, scan.id, 'Starting scan...');
      const files = scan.kind === 'upload' ? await loadScanFiles(store, scan.id) : [];
      let outcome: { result: ScanResult } | { error: unknown };
      try {
        outcome = { result: await this.runScan(scan, files, onProgress) };
      } catch (error) {
        outcome = { error };
      }
      await progressWrites;
      if (!stillOurs()) return;
      const durationSeconds = (Date.now() - startedAt) / 1000;

      if ('result' in outcome) {
        await setScanProgress(store, scan.id, 'Saving results...');
        try {
          await completeScan(store, scan.id, outcome.result);
        } catch (error) {
          if (!(error instanceof ResultTooLargeError)) throw error;
          outcome = { error: new PermanentScanError(`The scan could not be saved: ${error.message}`) };
        }
      }
      if ('result' in outcome) {
        await queue.complete(job);
        this.logger.info({ scanId: scan.id, durationSeconds }, 'scan complete');
        await this.notify({
          scanId: scan.id,
          accountId: scan.accountId,
          kind: scan.kind,
          status: 'complete',
          durationSeconds,
        });
        return;
      }

      const message = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
      const permanent = outcome.error instanceof PermanentScanError;
      const { retrying } = await queue.fail(job, message, { retry: !permanent });
      if (retrying) {
        await markScanQueued(store, scan.id);
        this.logger.warn(
          { scanId: scan.id, attempt: job.attempts, err: outcome.error },
          'scan attempt failed; retrying',
        );
        return;
      }
      await failScan(store, scan.id, permanent ? message : `Scan failed: ${message}`);
      this.logger.warn({ scanId: scan.id, error: message }, 'scan failed');
      await this.notify({
        scanId: scan.id,
        accountId: scan.accountId,
        kind: scan.kind,
        status: 'failed',
        durationSeconds,
      });
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async notify(event: ScanFinishedEvent): Promise<void> {
    try {
      await this.options.onScanFinished?.(event);
    } catch (error) {
      this.logger.error({ err: error, scanId: event.scanId }, 'onScanFinished failed');
    }
  }
}
