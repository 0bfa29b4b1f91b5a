import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
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
  SQLITE_FILE_NAME,
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

describe('006-encrypted-scan-files', () => {
  it('fails upload scans still waiting with files stored in the clear, and deletes those files', async () => {
    const dataDir = await tempDataDir();
    const store = await openStore({ dataDir, databaseUrl: databaseUrlFor(dataDir), migrate: false });
    const migrator = new Migrator({ db: store.db, provider: migrationProvider });
    expect((await migrator.migrateTo('005-report-documents')).error).toBeUndefined();
    const { account } = await createAccount(store, { email: 'waiting@example.com', tier: 'developer' });
    // Scans and an upload as the version before 006 stored them: not in today's schema type.
    const old = store.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
    const scan = (id: string, kind: string, extra: Record<string, unknown>) => ({
      id,
      account_id: account.id,
      kind,
      status: 'queued',
      created_at: new Date().toISOString(),
      month: '2026-03',
      ...extra,
    });
    const waiting = { scan_id: randomUUID() };
    const live = { scan_id: randomUUID() };
    await old
      .insertInto('scans')
      .values([
        scan(waiting.scan_id, 'upload', { file_names: '["tools.json"]' }),
        scan(live.scan_id, 'mcp', { target: 'https://b.example/mcp' }),
      ])
      .execute();
    await old
      .insertInto('scan_files')
      .values({ scan_id: waiting.scan_id, position: 0, name: 'tools.json', content_base64: 'e30=' })
      .execute();

    expect(await migrateToLatest(store.db)).toContain('006-encrypted-scan-files');
    expect(await getScan(store, account.id, waiting.scan_id)).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('submit it again'),
    });
    expect(await getScan(store, account.id, live.scan_id)).toMatchObject({ status: 'queued' });
    expect(await store.db.selectFrom('scan_files').selectAll().execute()).toEqual([]);
    await store.close();
  });

  it('rewrites a SQLite file once, so that pages freed before it keep no old upload', async () => {
    const dataDir = await tempDataDir();
    const file = join(dataDir, SQLITE_FILE_NAME);
    const before = await openStore({ dataDir, migrate: false });
    expect(
      (await new Migrator({ db: before.db, provider: migrationProvider }).migrateTo('005-report-documents'))
        .error,
    ).toBeUndefined();
    await before.close();
    // What the version before 006 left behind: an upload stored, then deleted without secure_delete.
    const leftover = Buffer.from(`ANTHROPIC_API_KEY=sk-ant-api03-${'Q'.repeat(90)}`).toString('base64');
    const legacy = new SqliteDatabase(file);
    legacy.pragma('secure_delete = OFF');
    legacy.pragma('foreign_keys = OFF');
    legacy
      .prepare('insert into scan_files (scan_id, position, name, content_base64) values (?, 0, ?, ?)')
      .run('gone', 'config.json', leftover.repeat(50));
    legacy.prepare('delete from scan_files').run();
    legacy.close();
    expect((await readFile(file)).includes(leftover)).toBe(true);

    const after = await openStore({ dataDir });
    await after.close();
    expect((await readFile(file)).includes(leftover)).toBe(false);
  });
});

describe('007-target-ciphertext', () => {
  it('redacts credentials in the targets of finished scans stored before it', async () => {
    const dataDir = await tempDataDir();
    const store = await openStore({ dataDir, databaseUrl: databaseUrlFor(dataDir), migrate: false });
    const migrator = new Migrator({ db: store.db, provider: migrationProvider });
    expect((await migrator.migrateTo('006-encrypted-scan-files')).error).toBeUndefined();
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
    // The table as it was before 007: not in today's schema type.
    const old = store.db as unknown as Kysely<Record<string, Record<string, string>>>;
    await old
      .insertInto('scans')
      .values([
        row('done', 'https://mcp.example.com/sse?token=tok-0123456789&v=2', 'complete'),
        row('plain', 'https://mcp.example.com/sse?v=2', 'failed'),
      ])
      .execute();

    expect(await migrateToLatest(store.db)).toContain('007-target-ciphertext');
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
