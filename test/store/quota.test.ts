import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { EmbeddedJobQueue } from '../../src/jobs/index.js';
import {
  createAccount,
  getAccountInfo,
  setTier,
  submitScan,
  type ScanSubmission,
  type Store,
} from '../../src/store/index.js';
import { databaseUrlFor, openTempStore, tempDataDir } from './temp-store.js';

const execFileAsync = promisify(execFile);
const submitScript = fileURLToPath(new URL('./fixtures/submit-scans.ts', import.meta.url));

const upload: ScanSubmission = {
  kind: 'upload',
  files: [{ name: 'requirements.txt', content: 'requests==2.31.0\n' }],
};

async function countRows(store: Store, table: 'scans' | 'jobs' | 'scan_files'): Promise<number> {
  const row = await store.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

describe('monthly quota', () => {
  it('accepts exactly the 3 scans left out of 20 concurrent submissions', async () => {
    const store = await openTempStore();
    const queue = new EmbeddedJobQueue(store);
    const { account } = await createAccount(store, { email: 'dev@example.com', tier: 'developer' });
    for (let i = 0; i < 12; i++) await submitScan(store, queue, account.id, upload);

    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => submitScan(store, queue, account.id, upload)),
    );

    expect(outcomes.filter((outcome) => outcome.accepted)).toHaveLength(3);
    const refused = outcomes.filter((outcome) => !outcome.accepted);
    expect(refused).toHaveLength(17);
    for (const outcome of refused) expect(outcome).toMatchObject({ limit: 15, used: 15 });
    expect(await countRows(store, 'scans')).toBe(15);
    expect(await countRows(store, 'jobs')).toBe(15);
    expect((await getAccountInfo(store, account.id))?.scans_used).toBe(15);
  });

  it('holds across two processes submitting to the same database file at once', async () => {
    const dataDir = await tempDataDir();
    const store = await openTempStore(dataDir);
    const { account } = await createAccount(store, { email: 'free@example.com' });

    const runs = await Promise.all(
      [0, 1].map(() =>
        execFileAsync(process.execPath, ['--import', 'tsx', submitScript], {
          env: {
            ...process.env,
            DATA_DIR: dataDir,
            DATABASE_URL: databaseUrlFor(dataDir) ?? '',
            ACCOUNT_ID: account.id,
            COUNT: '10',
          },
        }),
      ),
    );

    const accepted = runs.map((run) => (JSON.parse(run.stdout) as { accepted: number }).accepted);
    expect(accepted[0]! + accepted[1]!).toBe(3);
    expect(await countRows(store, 'scans')).toBe(3);
    expect(await countRows(store, 'jobs')).toBe(3);
    // Refused submissions leave no files behind either.
    expect(await countRows(store, 'scan_files')).toBe(3);
  }, 90_000);

  it('refuses with the 429 data: limit, used, resets_at at 00:00 UTC on the 1st and Retry-After', async () => {
    const store = await openTempStore();
    const queue = new EmbeddedJobQueue(store);
    const { account } = await createAccount(store, { email: 'free@example.com' });
    const now = new Date('2026-03-31T23:00:00Z');
    for (let i = 0; i < 3; i++) await submitScan(store, queue, account.id, upload, { now });

    const refused = await submitScan(store, queue, account.id, upload, { now });

    expect(refused).toEqual({
      accepted: false,
      limit: 3,
      used: 3,
      resets_at: '2026-04-01T00:00:00Z',
      retry_after_seconds: 3600,
    });
  });

  it('starts over in a new calendar month (UTC), and December rolls into January', async () => {
    const store = await openTempStore();
    const queue = new EmbeddedJobQueue(store);
    const { account } = await createAccount(store, { email: 'free@example.com' });
    const lastMinuteOfYear = new Date('2026-12-31T23:59:59Z');
    for (let i = 0; i < 3; i++) {
      expect((await submitScan(store, queue, account.id, upload, { now: lastMinuteOfYear })).accepted).toBe(
        true,
      );
    }
    expect((await submitScan(store, queue, account.id, upload, { now: lastMinuteOfYear })).accepted).toBe(
      false,
    );
    expect(await getAccountInfo(store, account.id, lastMinuteOfYear)).toMatchObject({
      scans_used: 3,
      resets_at: '2027-01-01T00:00:00Z',
    });

    const newYear = new Date('2027-01-01T00:00:00Z');
    expect((await submitScan(store, queue, account.id, upload, { now: newYear })).accepted).toBe(true);
    expect(await getAccountInfo(store, account.id, newYear)).toMatchObject({
      scans_used: 1,
      scans_limit: 3,
      resets_at: '2027-02-01T00:00:00Z',
    });
  });

  it('follows a plan change at once', async () => {
    const store = await openTempStore();
    const queue = new EmbeddedJobQueue(store);
    const { account } = await createAccount(store, { email: 'grow@example.com' });
    for (let i = 0; i < 3; i++) await submitScan(store, queue, account.id, upload);
    expect((await submitScan(store, queue, account.id, upload)).accepted).toBe(false);

    await setTier(store, 'grow@example.com', 'pro');

    const accepted = await submitScan(store, queue, account.id, upload);
    expect(accepted.accepted).toBe(true);
    expect((await getAccountInfo(store, account.id))?.scans_limit).toBe(50);
  });
});
