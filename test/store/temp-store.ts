// Real stores in throw-away places: SQLite files in temp directories by default. With
// TRUSTTRACE_TEST_DATABASE_URL (a postgres:// URL of a server where this user may create databases)
// the same tests run on PostgreSQL instead, one fresh database per data directory.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';

export const postgresUrl = process.env.TRUSTTRACE_TEST_DATABASE_URL;
const cleanups: (() => Promise<void>)[] = [];
const databaseOf = new Map<string, string>();

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function onPostgres(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The database URL a store on `dataDir` uses: undefined for SQLite. */
export function databaseUrlFor(dataDir: string): string | undefined {
  const name = databaseOf.get(dataDir);
  if (!postgresUrl || !name) return undefined;
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fresh data directory (and, on PostgreSQL, a fresh database), removed after the test. */
export async function tempDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'trusttrace-store-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  if (postgresUrl) {
    const name = `trusttrace_test_${randomBytes(6).toString('hex')}`;
    await onPostgres(`create database "${name}"`);
    databaseOf.set(dir, name);
    cleanups.push(() => onPostgres(`drop database if exists "${name}" with (force)`));
  }
  return dir;
}

/** Opens (and migrates) a store on `dataDir`; it is closed after the test. */
export async function openTempStore(dataDir?: string): Promise<Store> {
  const dir = dataDir ?? (await tempDataDir());
  const store = await openStore({ dataDir: dir, databaseUrl: databaseUrlFor(dir) });
  let closed = false;
  const close = store.close;
  const tracked: Store = {
    ...store,
    close: async () => {
      if (closed) return;
      closed = true;
      await close();
    },
  };
  cleanups.push(tracked.close);
  return tracked;
}
