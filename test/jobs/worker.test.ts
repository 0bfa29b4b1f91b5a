import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { AnalysisPool } from '../../src/analysis/pool.js';
import {
  EmbeddedJobQueue,
  engineScanRunner,
  ScanWorker,
  type ScanFinishedEvent,
  type ScanRunner,
  type ScanWorkerOptions,
} from '../../src/jobs/index.js';
import {
  createAccount,
  getScan,
  markScanRunning,
  SCAN_QUEUE,
  submitScan,
  type ScanSubmission,
  type Store,
} from '../../src/store/index.js';
import { openTempStore, tempDataDir } from '../store/temp-store.js';

const pool = new AnalysisPool({ threads: 2, heapMb: 256, taskCpuMs: 120_000, fileCpuMs: 60_000 });
const runScanWithEngine = engineScanRunner({ pool });
afterAll(() => pool.close());

const workers: ScanWorker[] = [];
afterEach(async () => {
  while (workers.length > 0) await workers.pop()!.stop({ graceMs: 0 });
});

function startWorker(options: Omit<ScanWorkerOptions, 'runScan'> & Partial<ScanWorkerOptions>): ScanWorker {
  const worker = new ScanWorker({ pollIntervalMs: 20, runScan: runScanWithEngine, ...options });
  workers.push(worker);
  worker.start();
  return worker;
}

async function waitFor<T>(probe: () => Promise<T | undefined | false>, what: string): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A promise the test resolves when it wants a fake scan to finish. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

async function setup(tier: 'pro' | 'enterprise' = 'pro') {
  const store = await openTempStore();
  const queue = new EmbeddedJobQueue(store, { retryBaseMs: 10 });
  const { account } = await createAccount(store, { email: `${tier}@example.com`, tier });
  return { store, queue, account };
}

async function submit(store: Store, queue: EmbeddedJobQueue, accountId: string, submission: ScanSubmission) {
  const outcome = await submitScan(store, queue, accountId, submission);
  if (!outcome.accepted) throw new Error('expected the scan to be accepted');
  return outcome.scan_id;
}

async function jobOf(store: Store, scanId: string) {
  const rows = await store.db
    .selectFrom('jobs')
    .select(['state', 'attempts', 'payload'])
    .where('queue', '=', SCAN_QUEUE)
    .execute();
  return rows.find((row) => (JSON.parse(row.payload) as { scanId: string }).scanId === scanId)!;
}

const uploadFiles: ScanSubmission = {
  kind: 'upload',
  files: [
    {
      name: 'claude_desktop_config.json',
      content: JSON.stringify({ mcpServers: { files: { command: 'npx', args: ['-y', 'some-server'] } } }),
    },
    { name: 'requirements.txt', content: 'requests==2.31.0\n' },
  ],
};

describe('scan worker', () => {
  it('runs an upload scan through the engine, saves the result and drops the uploaded bytes', async () => {
    const { store, queue, account } = await setup();
    const finished: ScanFinishedEvent[] = [];
    const scanId = await submit(store, queue, account.id, uploadFiles);
    startWorker({ store, queue, concurrency: 2, onScanFinished: (event) => void finished.push(event) });

    await waitFor(async () => finished.length > 0, 'the scan to finish');
    const scan = (await getScan(store, account.id, scanId))!;

    expect(scan.result?.files_scanned).toEqual(['claude_desktop_config.json', 'requirements.txt']);
    expect(scan.overall_score).toBeGreaterThanOrEqual(0);
    expect(scan.letter_grade).toMatch(/^[A-F]$/);
    expect(scan.finding_count).toBe(scan.result?.findings.length);
    expect(scan.started_at! <= scan.finished_at!).toBe(true);
    const files = await store.db.selectFrom('scan_files').selectAll().where('scan_id', '=', scanId).execute();
    expect(files).toEqual([]);
    expect(await jobOf(store, scanId)).toMatchObject({ state: 'completed', attempts: 1 });
    expect(finished).toEqual([
      expect.objectContaining({ scanId, accountId: account.id, kind: 'upload', status: 'complete' }),
    ]);
  });

  it('shows a progress sentence per phase while the scan runs', async () => {
    const { store, queue, account } = await setup();
    const finish = gate();
    const seen: string[] = [];
    const runScan: ScanRunner = async (scan, files, onProgress) => {
      onProgress('Analyzing MCP tool definitions...');
      await finish.opened;
      return runScanWithEngine(scan, files, onProgress);
    };
    const scanId = await submit(store, queue, account.id, uploadFiles);
    startWorker({ store, queue, concurrency: 1, runScan });

    const running = await waitFor(async () => {
      const current = await getScan(store, account.id, scanId);
      if (current?.progress) seen.push(current.progress);
      return current?.progress === 'Analyzing MCP tool definitions...' && current;
    }, 'the progress sentence');
    expect(running.status).toBe('running');
    finish.open();
    await waitFor(
      async () => (await getScan(store, account.id, scanId))?.status === 'complete',
      'completion',
    );
    expect((await getScan(store, account.id, scanId))?.progress).toBeNull();
  });

  it('fails a live MCP scan with a clear error, without retrying', async () => {
    const { store, queue, account } = await setup();
    const finished: ScanFinishedEvent[] = [];
    const scanId = await submit(store, queue, account.id, {
      kind: 'mcp',
      target: 'http://127.0.0.1:9/mcp',
    });
    startWorker({ store, queue, concurrency: 1, onScanFinished: (event) => void finished.push(event) });

    await waitFor(async () => finished.length > 0, 'the scan to finish');
    const scan = (await getScan(store, account.id, scanId))!;
    expect(scan.status).toBe('failed');
    expect(scan.error).toBe(
      'The MCP server could not be scanned: 127.0.0.1 is a loopback address, which scans may not reach',
    );
    expect(await jobOf(store, scanId)).toMatchObject({ state: 'failed', attempts: 1 });
    expect(finished.map((event) => event.status)).toEqual(['failed']);
  });

  it('completes a scan whose worker died mid-scan, once the lease runs out', async () => {
    const dataDir = await tempDataDir();
    const store = await openTempStore(dataDir);
    const queue = new EmbeddedJobQueue(store);
    const { account } = await createAccount(store, { email: 'crash@example.com', tier: 'pro' });
    const scanId = await submit(store, queue, account.id, uploadFiles);

    // The first worker claims the job, starts the scan and then vanishes: no completion, no renewal.
    const dying = await queue.claim(SCAN_QUEUE, 300);
    expect(dying).toBeDefined();
    await markScanRunning(store, scanId, 'Reading 2 files...');

    // Another process (its own connection to the file) takes over after the lease expires.
    const survivorStore = await openTempStore(dataDir);
    const survivorQueue = new EmbeddedJobQueue(survivorStore);
    startWorker({ store: survivorStore, queue: survivorQueue, concurrency: 1, leaseMs: 300 });

    const job = await waitFor(async () => {
      const current = await jobOf(store, scanId);
      return current.state === 'completed' && current;
    }, 'the job to complete after the lease expired');
    expect(job.attempts).toBe(2);
    const scan = await getScan(store, account.id, scanId);
    expect(scan?.status).toBe('complete');
    expect(scan?.result?.files_scanned).toHaveLength(2);
    expect(await queue.complete(dying!)).toBe(false);
  });

  it('stops retrying after the cap and fails the scan with the error', async () => {
    const { store, queue, account } = await setup();
    let runs = 0;
    const runScan: ScanRunner = async () => {
      runs += 1;
      throw new Error('advisory database unavailable');
    };
    const scanId = await submit(store, queue, account.id, uploadFiles);
    startWorker({ store, queue, concurrency: 2, runScan });

    const scan = await waitFor(async () => {
      const current = await getScan(store, account.id, scanId);
      return current?.status === 'failed' && current;
    }, 'the scan to fail');
    expect(scan.error).toBe('Scan failed: advisory database unavailable');
    expect(runs).toBe(2);
    expect(await jobOf(store, scanId)).toMatchObject({ state: 'failed', attempts: 2 });
  });

  it('fails a scan whose worker died on its last allowed attempt', async () => {
    const { store, account } = await setup();
    const queue = new EmbeddedJobQueue(store);
    const outcome = await submitScan(store, queue, account.id, uploadFiles, { maxAttempts: 1 });
    if (!outcome.accepted) throw new Error('expected acceptance');
    await queue.claim(SCAN_QUEUE, 100);
    await markScanRunning(store, outcome.scan_id, 'Reading 2 files...');

    startWorker({ store, queue, concurrency: 1, leaseMs: 100 });

    const scan = await waitFor(async () => {
      const current = await getScan(store, account.id, outcome.scan_id);
      return current?.status === 'failed' && current;
    }, 'the abandoned scan to fail');
    expect(scan.error).toMatch(/interrupted/);
  });

  it('fails a scan that took down its worker twice instead of claiming it again', async () => {
    const { store, queue, account } = await setup();
    const scanId = await submit(store, queue, account.id, uploadFiles);
    // Two workers in turn claim the job and die mid-scan: no completion, no renewal.
    for (let death = 0; death < 2; death++) {
      await waitFor(() => queue.claim(SCAN_QUEUE, 100), 'the job to be claimable');
      await markScanRunning(store, scanId, 'Reading 2 files...');
    }
    expect(await queue.claim(SCAN_QUEUE, 100)).toBeUndefined();

    startWorker({ store, queue, concurrency: 1, leaseMs: 100 });
    const scan = await waitFor(async () => {
      const current = await getScan(store, account.id, scanId);
      return current?.status === 'failed' && current;
    }, 'the scan to fail');
    expect(scan.error).toBe('The scan was interrupted 2 times and was stopped');
    expect(await jobOf(store, scanId)).toMatchObject({ state: 'failed', attempts: 2 });
  });

  it('on stop, finishes a running scan within the grace period', async () => {
    const { store, queue, account } = await setup();
    const finish = gate();
    const runScan: ScanRunner = async (scan, files, onProgress) => {
      await finish.opened;
      return runScanWithEngine(scan, files, onProgress);
    };
    const scanId = await submit(store, queue, account.id, uploadFiles);
    const worker = startWorker({ store, queue, concurrency: 1, runScan });
    await waitFor(async () => (await getScan(store, account.id, scanId))?.status === 'running', 'start');

    const stopped = worker.stop({ graceMs: 15_000 });
    finish.open();
    await stopped;

    expect((await getScan(store, account.id, scanId))?.status).toBe('complete');
  });

  it('on stop, releases a scan that outlasts the grace period so that another worker finishes it', async () => {
    const { store, queue, account } = await setup();
    const never = gate();
    const scanId = await submit(store, queue, account.id, uploadFiles);
    const stuck = startWorker({
      store,
      queue,
      concurrency: 1,
      runScan: async () => {
        await never.opened;
        throw new Error('unreachable');
      },
    });
    await waitFor(async () => (await getScan(store, account.id, scanId))?.status === 'running', 'start');

    await stuck.stop({ graceMs: 50 });

    expect(await getScan(store, account.id, scanId)).toMatchObject({ status: 'queued', position: 1 });
    expect(await jobOf(store, scanId)).toMatchObject({ state: 'queued', attempts: 0 });
    startWorker({ store, queue, concurrency: 1 });
    await waitFor(async () => (await getScan(store, account.id, scanId))?.status === 'complete', 'takeover');
    // The stuck run ending later must not overwrite the result.
    never.open();
    expect((await getScan(store, account.id, scanId))?.status).toBe('complete');
  });
});
