// A real service on a temp data dir: SQLite file, embedded queue, and (when asked) the in-process scan
// and webhook workers, built as `serve` builds them. Advisories are offline unless a test names an OSV.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig, type Config } from '../../src/config.js';
import { createBackgroundWorkers, type BackgroundWorkers } from '../../src/jobs/background.js';
import { EmbeddedJobQueue, type ScanRunner } from '../../src/jobs/index.js';
import { buildApp, type App, type HttpTimeouts } from '../../src/service/app.js';
import { createAccount, openStore, type Store, type Tier } from '../../src/store/index.js';

export interface TestService {
  app: App;
  store: Store;
  config: Config;
  dataDir: string;
  workers?: BackgroundWorkers;
  /** Every log line the app wrote, parsed. */
  logs: Record<string, unknown>[];
  /** Creates an account on `tier` and returns its key. */
  account(tier: Tier, email?: string): Promise<string>;
  /** Closes app and store but keeps the data dir (for restart tests). */
  stop(): Promise<void>;
  close(): Promise<void>;
}

export interface TestServiceOptions {
  env?: Record<string, string>;
  /** Reuse a data dir (restart). */
  dataDir?: string;
  maxUploadBytes?: number;
  httpTimeouts?: HttpTimeouts;
  /** Run the in-process workers; `runScan` replaces the engine runner. */
  worker?: { runScan?: ScanRunner; concurrency?: number; webhookTimeoutMs?: number };
}

let accounts = 0;

export async function startTestService(options: TestServiceOptions = {}): Promise<TestService> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'trusttrace-service-')));
  // No test reaches api.osv.dev: the machine may have no internet, and results must not depend on it.
  const config = loadConfig(
    { TRUSTTRACE_DATA_DIR: dataDir, TRUSTTRACE_OSV_URL: 'off', ...options.env },
    dataDir,
  );
  const store = await openStore({ dataDir: config.dataDir });
  const logs: Record<string, unknown>[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) logs.push(JSON.parse(line));
      done();
    },
  });
  const queue = new EmbeddedJobQueue(store);
  const workers = options.worker
    ? createBackgroundWorkers({
        config: { ...config, scanConcurrency: options.worker.concurrency ?? 2 },
        store,
        queue,
        pollIntervalMs: 50,
        delivery: {
          retryDelay: () => 50,
          ...(options.worker.webhookTimeoutMs ? { timeoutMs: options.worker.webhookTimeoutMs } : {}),
        },
        ...(options.worker.runScan ? { runScan: options.worker.runScan } : {}),
      })
    : undefined;
  const app = await buildApp({
    config,
    store,
    queue,
    logStream,
    maxUploadBytes: options.maxUploadBytes,
    httpTimeouts: options.httpTimeouts,
    onScanSubmitted: () => workers?.wake(),
  });
  workers?.start();
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await workers?.stop({ graceMs: 5_000 });
    await app.close();
    await store.close();
  };
  return {
    app,
    store,
    config,
    dataDir,
    workers,
    logs,
    async account(tier, email) {
      accounts += 1;
      const created = await createAccount(store, {
        email: email ?? `user${accounts}-${tier}@example.com`,
        tier,
      });
      return created.apiKey;
    },
    stop,
    async close() {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function bearer(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}

export interface UploadPart {
  name: string;
  content: Buffer | string;
  /** Multipart field name; `files` by default. */
  field?: string;
}

/** A multipart/form-data body built byte by byte, so that tests control names and content exactly. */
export function multipart(parts: UploadPart[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----trusttrace-test-${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${part.field ?? 'files'}"; ` +
          `filename="${part.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      Buffer.isBuffer(part.content) ? part.content : Buffer.from(part.content),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** Polls GET /v1/scan/{id} until the scan reaches one of `states` (bounded). */
export async function waitForScan(
  app: App,
  key: string,
  scanId: string,
  states: string[] = ['complete', 'failed'],
  timeoutMs = 15_000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  // Polls back off to 250 ms, so that a long scan does not run into the key's request rate limit.
  for (let wait = 25; ; wait = Math.min(250, wait * 2)) {
    const response = await app.inject({ method: 'GET', url: `/v1/scan/${scanId}`, headers: bearer(key) });
    const body = response.json<Record<string, unknown>>();
    if (states.includes(String(body.status))) return body;
    if (Date.now() > deadline) throw new Error(`scan ${scanId} still ${String(body.status)}`);
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** The text of a PDF as poppler's pdftotext reads it, whitespace folded. */
export function pdfText(pdf: Buffer): string {
  const file = join(mkdtempSync(join(tmpdir(), 'tt-service-pdf-')), 'r.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}
