import { describe, expect, it } from 'vitest';
import { EmbeddedJobQueue } from '../../src/jobs/index.js';
import {
  completeScan,
  createAccount,
  estimateSeconds,
  failScan,
  getScan,
  listScans,
  loadScanFiles,
  loadScanToRun,
  markScanRunning,
  MAX_STORED_RESULT_BYTES,
  ResultTooLargeError,
  submitScan,
  type ScanSubmission,
} from '../../src/store/index.js';
import { openTempStore } from './temp-store.js';

const upload: ScanSubmission = { kind: 'upload', files: [{ name: 'agent.py', content: 'print(1)\n' }] };
const emptyResult = {
  status: 'complete' as const,
  incomplete: false,
  overall_score: 100,
  letter_grade: 'A' as const,
  findings: [],
  files_scanned: ['agent.py'],
  file_errors: [],
};

async function accepted(promise: ReturnType<typeof submitScan>) {
  const outcome = await promise;
  if (!outcome.accepted) throw new Error('expected the scan to be accepted');
  return outcome;
}

describe('queue position and estimates', () => {
  it('numbers queued scans of every account from 1 and moves them up as scans start', async () => {
    const store = await openTempStore();
    const queue = new EmbeddedJobQueue(store);
    const { account: a } = await createAccount(store, { email: 'a@example.com', tier: 'pro' });
    const { account: b } = await createAccount(store, { email: 'b@example.com', tier: 'pro' });
    const t = (second: number) => new Date(Date.UTC(2026, 2, 6, 14, 30, second));

    const first = await accepted(submitScan(store, queue, a.id, upload, { now: t(1) }));
    const second = await accepted(submitScan(store, queue, b.id, upload, { now: t(2) }));
    const third = await accepted(submitScan(store, queue, a.id, upload, { now: t(3) }));
    expect([first.position, second.position, third.position]).toEqual([1, 2, 3]);

    await markScanRunning(store, first.scan_id, 'Reading 1 file...');
    expect((await getScan(store, a.id, third.scan_id))?.position).toBe(2);
    const running = await getScan(store, a.id, first.scan_id);
    expect(running).toMatchObject({ status: 'running', progress: 'Reading 1 file...' });
    expect(running?.position).toBeUndefined();
  });

  it('estimates from recent scans of the same kind, with a fallback before there are any', async () => {
    const store = await openTempStore();
    const queue = new EmbeddedJobQueue(store);
    const { account } = await createAccount(store, { email: 'est@example.com', tier: 'pro' });

    expect(await estimateSeconds(store, 'upload', { position: 1, concurrency: 1 })).toBe(30);
    expect(await estimateSeconds(store, 'mcp', { position: 1, concurrency: 1 })).toBe(60);

    for (const seconds of [4, 8]) {
      const scan = await accepted(submitScan(store, queue, account.id, upload));
      const start = new Date('2026-03-06T14:30:00Z');
      await markScanRunning(store, scan.scan_id, 'Starting scan...', start);
      await completeScan(store, scan.scan_id, emptyResult, new Date(start.getTime() + seconds * 1000));
    }

    expect(await estimateSeconds(store, 'upload', { position: 1, concurrency: 2 })).toBe(6);
    // Positions 3 and 4 wait for one round of two scans ahead of them.
    expect(await estimateSeconds(store, 'upload', { position: 3, concurrency: 2 })).toBe(12);
    expect(await estimateSeconds(store, 'mcp', { position: 1, concurrency: 2 })).toBe(60);
  });
});

describe('history', () => {
  it('pages newest first, filters by status and counts the total', async () => {
    const store = await openTempStore();
    const queue = new EmbeddedJobQueue(store);
    const { account } = await createAccount(store, { email: 'hist@example.com', tier: 'team' });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const now = new Date(Date.UTC(2026, 2, 6, 12, i));
      ids.push((await accepted(submitScan(store, queue, account.id, upload, { now }))).scan_id);
    }
    await completeScan(store, ids[0]!, emptyResult);
    await completeScan(store, ids[3]!, emptyResult);
    await failScan(store, ids[4]!, 'Connection timeout: unable to reach MCP server');

    const page1 = await listScans(store, account.id, { page: 1, perPage: 2 });
    expect(page1.total).toBe(5);
    expect(page1.scans.map((scan) => scan.scan_id)).toEqual([ids[4], ids[3]]);
    const page3 = await listScans(store, account.id, { page: 3, perPage: 2 });
    expect(page3.scans.map((scan) => scan.scan_id)).toEqual([ids[0]]);

    const complete = await listScans(store, account.id, { status: 'complete' });
    expect(complete.total).toBe(2);
    expect(complete.scans[0]).toEqual({
      scan_id: ids[3],
      scan_type: 'upload',
      status: 'complete',
      overall_score: 100,
      finding_count: 0,
      created_at: '2026-03-06T12:03:00.000Z',
    });
    expect((await getScan(store, account.id, ids[4]!))?.error).toBe(
      'Connection timeout: unable to reach MCP server',
    );
  });
});

describe('uploaded files', () => {
  it('keeps every file of a large upload, in order, byte for byte', async () => {
    const store = await openTempStore();
    const queue = new EmbeddedJobQueue(store);
    const { account } = await createAccount(store, { email: 'many@example.com', tier: 'pro' });
    const files = Array.from({ length: 1200 }, (_, i) => ({
      name: `file-${i}.txt`,
      content: Buffer.from([i % 256, 0, 255, 10]),
    }));

    const scan = await accepted(submitScan(store, queue, account.id, { kind: 'upload', files }));

    expect(scan.files_accepted).toHaveLength(1200);
    const stored = await loadScanFiles(store, scan.scan_id);
    expect(stored.map((file) => file.name)).toEqual(files.map((file) => file.name));
    expect(stored.every((file, i) => Buffer.compare(file.content as Buffer, files[i]!.content) === 0)).toBe(
      true,
    );
  });

  it('stores them encrypted, each readable only as the file of its scan and position', async () => {
    const store = await openTempStore();
    const queue = new EmbeddedJobQueue(store);
    const { account } = await createAccount(store, { email: 'sealed@example.com', tier: 'pro' });
    const files = [
      { name: 'a.env.txt', content: 'OPENAI_API_KEY=sk-proj-first-file-secret-0123456789\n' },
      { name: 'b.env.txt', content: 'OPENAI_API_KEY=sk-proj-other-file-secret-9876543210\n' },
    ];
    const scan = await accepted(submitScan(store, queue, account.id, { kind: 'upload', files }));

    const rows = await store.db
      .selectFrom('scan_files')
      .select(['position', 'content_ciphertext'])
      .where('scan_id', '=', scan.scan_id)
      .orderBy('position')
      .execute();
    for (const [i, row] of rows.entries()) {
      expect(row.content_ciphertext).not.toContain('sk-proj');
      expect(row.content_ciphertext).not.toContain(
        Buffer.from(files[i]!.content).toString('base64').slice(0, 20),
      );
    }
    expect((await loadScanFiles(store, scan.scan_id)).map((file) => String(file.content))).toEqual(
      files.map((file) => file.content),
    );

    // A ciphertext moved to another row does not decrypt there.
    await store.db
      .updateTable('scan_files')
      .set({ content_ciphertext: rows[0]!.content_ciphertext })
      .where('scan_id', '=', scan.scan_id)
      .where('position', '=', 1)
      .execute();
    await expect(loadScanFiles(store, scan.scan_id)).rejects.toThrow();
  });
});

describe('results', () => {
  it('refuses to store a result over the cap and writes nothing', async () => {
    const store = await openTempStore();
    const { account } = await createAccount(store, { email: 'big@example.com', tier: 'pro' });
    const scan = await accepted(submitScan(store, new EmbeddedJobQueue(store), account.id, upload));
    const huge = {
      ...emptyResult,
      file_errors: [{ file: 'agent.py', error: 'x'.repeat(MAX_STORED_RESULT_BYTES) }],
    };
    await expect(completeScan(store, scan.scan_id, huge)).rejects.toBeInstanceOf(ResultTooLargeError);
    expect(await getScan(store, account.id, scan.scan_id)).toMatchObject({ status: 'queued', result: null });
  });
});

describe('target credentials', () => {
  const target = 'https://mcp.example.com/mcp?api_key=sk-live-0123456789abcdef&region=eu';
  const shown = 'https://mcp.example.com/mcp?api_key=[redacted]&region=eu';

  it('stores the target redacted and gives the worker the URL as given, until the scan ends', async () => {
    const store = await openTempStore();
    const queue = new EmbeddedJobQueue(store);
    const { account } = await createAccount(store, { email: 'key@example.com', tier: 'pro' });
    const scan = await accepted(submitScan(store, queue, account.id, { kind: 'mcp', target }));

    const row = await store.db
      .selectFrom('scans')
      .selectAll()
      .where('id', '=', scan.scan_id)
      .executeTakeFirst();
    expect(row?.target).toBe(shown);
    expect(JSON.stringify(row)).not.toContain('sk-live-0123456789abcdef');
    expect((await getScan(store, account.id, scan.scan_id))?.target).toBe(shown);
    expect((await loadScanToRun(store, scan.scan_id))?.target).toBe(target);

    await failScan(store, scan.scan_id, 'The MCP server could not be scanned: connection refused');
    expect((await loadScanToRun(store, scan.scan_id))?.target).toBe(shown);
  });

  it('keeps a target without credentials as it is, with nothing encrypted', async () => {
    const store = await openTempStore();
    const queue = new EmbeddedJobQueue(store);
    const { account } = await createAccount(store, { email: 'plain@example.com', tier: 'pro' });
    const plain = 'https://mcp.example.com/mcp?region=eu';
    const scan = await accepted(submitScan(store, queue, account.id, { kind: 'mcp', target: plain }));
    const row = await store.db
      .selectFrom('scans')
      .selectAll()
      .where('id', '=', scan.scan_id)
      .executeTakeFirst();
    expect(row).toMatchObject({ target: plain, target_ciphertext: null });
    expect((await loadScanToRun(store, scan.scan_id))?.target).toBe(plain);
  });
});
