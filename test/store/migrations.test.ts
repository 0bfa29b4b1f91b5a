import { createHash } from 'node:crypto';
import { Migrator, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { EmbeddedJobQueue } from '../../src/jobs/index.js';
import { migrationProvider } from '../../src/store/migrations/index.js';
import { loadReport } from '../../src/store/reports.js';
import {
  authenticateApiKey,
  completeScan,
  createAccount,
  getAccountInfo,
  getScan,
  listScans,
  migrateToLatest,
  openStore,
  SecretMismatchError,
  submitScan,
} from '../../src/store/index.js';
import { databaseUrlFor, openTempStore, tempDataDir } from './temp-store.js';

describe('migrations', () => {
  it('creates the schema once; running again changes nothing and keeps the data', async () => {
    const dataDir = await tempDataDir();
    const store = await openStore({ dataDir, databaseUrl: databaseUrlFor(dataDir), migrate: false });
    const applied = await migrateToLatest(store.db);
    expect(applied).toContain('001-initial');
    const { apiKey } = await createAccount(store, { email: 'keep@example.com' });

    expect(await migrateToLatest(store.db)).toEqual([]);
    expect(await migrateToLatest(store.db)).toEqual([]);
    expect((await authenticateApiKey(store, apiKey))?.email).toBe('keep@example.com');
    const tables = await store.db.introspection.getTables();
    expect(tables.map((table) => table.name)).toEqual(
      expect.arrayContaining(['accounts', 'api_keys', 'scans', 'scan_files', 'usage', 'jobs']),
    );
    await store.close();
  });
});

describe('005-report-documents', () => {
  it('keeps report links issued before it working, each with its own PDF', async () => {
    const dataDir = await tempDataDir();
    const store = await openStore({ dataDir, databaseUrl: databaseUrlFor(dataDir), migrate: false });
    const migrator = new Migrator({ db: store.db, provider: migrationProvider });
    expect((await migrator.migrateTo('004-settings')).error).toBeUndefined();
    const { account } = await createAccount(store, { email: 'legacy@example.com', tier: 'developer' });
    const token = 'L'.repeat(43);
    // The tables as they were before 005: not in today's schema type (nor today's submitScan).
    const old = store.db as unknown as Kysely<Record<string, Record<string, string>>>;
    const submitted = { scan_id: 'legacy-scan' };
    await old
      .insertInto('scans')
      .values({
        id: submitted.scan_id,
        account_id: account.id,
        kind: 'upload',
        status: 'complete',
        created_at: new Date().toISOString(),
        month: '2026-03',
      })
      .execute();
    await old
      .insertInto('reports')
      .values({
        id: 'legacy-report',
        account_id: account.id,
        scan_id: submitted.scan_id,
        token_hash: createHash('sha256').update(token).digest('hex'),
        pdf_base64: Buffer.from('%PDF-legacy').toString('base64'),
        created_at: new Date().toISOString(),
        expires_at: new Date(Date.now() + 3600_000).toISOString(),
      })
      .execute();

    expect(await migrateToLatest(store.db)).toContain('005-report-documents');
    const report = await loadReport(store, token);
    expect(report?.scanId).toBe(submitted.scan_id);
    expect(report?.pdf.toString()).toBe('%PDF-legacy');
    await store.close();
  });
});

describe('006-target-ciphertext', () => {
  it('redacts credentials in the targets of finished scans stored before it', async () => {
    const dataDir = await tempDataDir();
    const store = await openStore({ dataDir, databaseUrl: databaseUrlFor(dataDir), migrate: false });
    const migrator = new Migrator({ db: store.db, provider: migrationProvider });
    expect((await migrator.migrateTo('005-report-documents')).error).toBeUndefined();
    const { account } = await createAccount(store, { email: 'before@example.com', tier: 'developer' });
    const row = (id: string, target: string, status: string) => ({
      id,
      account_id: account.id,
      kind: 'mcp',
      target,
      status,
      created_at: new Date().toISOString(),
      month: '2026-03',
    });
    // The table as it was before 006: not in today's schema type.
    const old = store.db as unknown as Kysely<Record<string, Record<string, string>>>;
    await old
      .insertInto('scans')
      .values([
        row('done', 'https://mcp.example.com/sse?token=tok-0123456789&v=2', 'complete'),
        row('plain', 'https://mcp.example.com/sse?v=2', 'failed'),
      ])
      .execute();

    expect(await migrateToLatest(store.db)).toContain('006-target-ciphertext');
    const targets = await store.db.selectFrom('scans').select(['id', 'target']).orderBy('id').execute();
    expect(targets).toEqual([
      { id: 'done', target: 'https://mcp.example.com/sse?token=[redacted]&v=2' },
      { id: 'plain', target: 'https://mcp.example.com/sse?v=2' },
    ]);
    await store.close();
  });
});

describe('restart', () => {
  it('keeps accounts, keys, usage, scans and results when the file is reopened', async () => {
    const dataDir = await tempDataDir();
    const first = await openTempStore(dataDir);
    const { account, apiKey } = await createAccount(first, { email: 'dev@example.com', tier: 'developer' });
    const queue = new EmbeddedJobQueue(first);
    const submitted = await submitScan(first, queue, account.id, {
      kind: 'upload',
      files: [{ name: 'tools.json', content: '{"tools": []}' }],
    });
    if (!submitted.accepted) throw new Error('expected the scan to be accepted');
    await completeScan(first, submitted.scan_id, {
      status: 'complete',
      incomplete: false,
      overall_score: 88,
      letter_grade: 'B',
      findings: [],
      files_scanned: ['tools.json'],
      file_errors: [],
    });
    await first.close();

    const second = await openTempStore(dataDir);
    const again = await authenticateApiKey(second, apiKey);
    expect(again?.id).toBe(account.id);
    expect(await getAccountInfo(second, account.id)).toMatchObject({
      email: 'dev@example.com',
      tier: 'developer',
      scans_used: 1,
      scans_limit: 15,
    });
    const scan = await getScan(second, account.id, submitted.scan_id);
    expect(scan).toMatchObject({
      status: 'complete',
      overall_score: 88,
      letter_grade: 'B',
      finding_count: 0,
    });
    expect(scan?.result?.files_scanned).toEqual(['tools.json']);
    expect((await listScans(second, account.id)).total).toBe(1);
  });
});

describe('server secret check', () => {
  it('refuses to open the store with a secret other than the one it was set up with', async () => {
    const dataDir = await tempDataDir();
    const databaseUrl = databaseUrlFor(dataDir);
    const first = await openStore({ dataDir, databaseUrl });
    await createAccount(first, { email: 'secret@example.com' });
    await first.close();

    await expect(
      openStore({ dataDir, databaseUrl, secret: 'a different secret of thirty-two characters' }),
    ).rejects.toBeInstanceOf(SecretMismatchError);

    const again = await openStore({ dataDir, databaseUrl });
    expect(await again.db.selectFrom('accounts').select('email').execute()).toEqual([
      { email: 'secret@example.com' },
    ]);
    await again.close();
  });
});
