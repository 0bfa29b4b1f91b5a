// Prometheus metrics for /metrics. Each app gets its own registry, so that tests can build many apps
// in one process and the numbers of one never leak into another.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { JobQueue } from '../jobs/queue.js';
import type { Store } from '../store/database.js';
import { countScansByKindAndStatus, SCAN_QUEUE } from '../store/scans.js';

export interface ServiceMetrics {
  registry: Registry;
  scansSubmitted: Counter<'kind'>;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
}

export interface MetricsSources {
  /** Scans by kind and state, read from the store at scrape time (so it is right across processes). */
  scanCounts(): Promise<{ kind: string; state: string; count: number }[]>;
  /** Jobs waiting to be claimed. */
  queueDepth(): Promise<number>;
  /** Run times, in seconds, of the scans that finished since the previous call. */
  finishedSince(): Promise<{ kind: string; seconds: number }[]>;
}

export function createMetrics(sources: MetricsSources): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'trusttrace_' });

  const scansSubmitted = new Counter({
    name: 'trusttrace_scans_submitted_total',
    help: 'Scan submissions accepted by this process, by kind',
    labelNames: ['kind'] as const,
    registers: [registry],
  });

  new Gauge({
    name: 'trusttrace_scans',
    help: 'Scans in the store, by kind and state',
    labelNames: ['kind', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const { kind, state, count } of await sources.scanCounts()) this.set({ kind, state }, count);
    },
  });

  new Gauge({
    name: 'trusttrace_queue_depth',
    help: 'Scan jobs waiting for a worker',
    registers: [registry],
    async collect() {
      this.set(await sources.queueDepth());
    },
  });

  new Histogram({
    name: 'trusttrace_scan_duration_seconds',
    help: 'How long finished scans ran (start to end), by kind; counted from when this process started',
    labelNames: ['kind'] as const,
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300],
    registers: [registry],
    async collect() {
      for (const { kind, seconds } of await sources.finishedSince()) this.observe({ kind }, seconds);
    },
  });

  const httpDuration = new Histogram({
    name: 'trusttrace_http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  return { registry, scansSubmitted, httpDuration };
}

/**
 * Reads the numbers from the store and the queue rather than from this process's memory, so that they
 * are right whichever process (API or worker) did the work.
 */
export function storeMetricsSources(store: Store, queue: JobQueue): MetricsSources {
  let watermark = new Date().toISOString();
  return {
    async scanCounts() {
      const rows = await countScansByKindAndStatus(store);
      return rows.map((row) => ({ kind: row.kind, state: row.status, count: row.count }));
    },
    queueDepth: () => queue.depth(SCAN_QUEUE),
    async finishedSince() {
      const rows = await store.db
        .selectFrom('scans')
        .select(['kind', 'started_at', 'finished_at'])
        .where('finished_at', '>', watermark)
        .where('started_at', 'is not', null)
        .orderBy('finished_at')
        .limit(10_000)
        .execute();
      const last = rows.at(-1)?.finished_at;
      if (last) watermark = last;
      return rows.map((row) => ({
        kind: row.kind,
        seconds: (Date.parse(row.finished_at!) - Date.parse(row.started_at!)) / 1000,
      }));
    },
  };
}
