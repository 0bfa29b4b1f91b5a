// The dialect module: the only place that knows which database is underneath. SQLite (better-sqlite3,
// WAL, busy timeout) in the data directory by default; PostgreSQL when a postgres:// URL is configured.
// Everything outside this file writes SQL that both accept.
//
// On SQLite the files are private to the service's user (directory 0700, database, WAL and shared
// memory 0600) and deleted rows are overwritten with zeros (`secure_delete`), so that what a scan
// removes (its uploaded files) leaves no copy behind once the WAL is truncated (`truncateWal`).
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, sql, SqliteDialect } from 'kysely';
import pg from 'pg';
import { decryptSecret, encryptSecret, loadServerSecret, type ServerSecret } from '../security/keys.js';
import { migrationProvider } from './migrations/index.js';
import type { Database } from './schema.js';

export const SQLITE_FILE_NAME = 'trusttrace.db';
/** How long a SQLite writer waits for another process's write lock before giving up. */
const BUSY_TIMEOUT_MS = 10_000;

export interface Store {
  readonly db: Kysely<Database>;
  /** Key for stored secrets (API keys, target tokens). */
  readonly secret: ServerSecret;
  readonly dialect: 'sqlite' | 'postgres';
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** Holds the SQLite file and the server secret file. */
  dataDir: string;
  /** `postgres://…`; undefined for SQLite in `dataDir`. */
  databaseUrl?: string;
  /** TRUSTTRACE_SECRET; undefined for the 0600 file in `dataDir`. */
  secret?: string;
  /** Bring the schema up to date and check the server secret against it before returning (default true). */
  migrate?: boolean;
}

/** Takes group and other access away from `path` when it has any (a copy restored with loose modes). */
function restrictToOwner(path: string, mode: 0o600 | 0o700): void {
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, mode);
}

/** Kysely instances over a SQLite file, made by sqliteDatabase. */
const sqliteInstances = new WeakSet<Kysely<Database>>();

function sqliteDatabase(dataDir: string): Kysely<Database> {
  const file = join(dataDir, SQLITE_FILE_NAME);
  // SQLite creates its files 0644 (less the umask) and gives the WAL and shared-memory files the mode
  // of the database file: creating that one 0600 first makes all three private.
  closeSync(openSync(file, 'a', 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(path)) restrictToOwner(path, 0o600);
  const connection = new SqliteDatabase(file);
  connection.pragma('journal_mode = WAL');
  connection.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  connection.pragma('synchronous = NORMAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('secure_delete = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: connection }) });
  sqliteInstances.add(db);
  return db;
}

function postgresDatabase(url: string): Kysely<Database> {
  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 10 }) }),
  });
}

/**
 * After rows that must not outlive their use were deleted (a scan's files): on SQLite, copies every page
 * of the WAL (the zeroed pages included) into the database file and truncates the WAL to nothing, so
 * that no earlier version of those rows stays in it. Waits (up to the busy timeout) for readers in other
 * processes; if one holds on longer, the next call finishes the job. On PostgreSQL there is nothing to
 * do here: the rows were encrypted under the server secret, which the database never holds.
 */
export async function truncateWal(store: Store): Promise<void> {
  if (store.dialect === 'sqlite') await checkpointAndTruncate(store.db);
}

async function checkpointAndTruncate(db: Kysely<Database>): Promise<void> {
  await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
}

/** Before this migration uploads were stored in the clear, and freed pages may still hold them. */
const UPLOADS_ENCRYPTED_MIGRATION = '006-encrypted-scan-files';

export class MigrationError extends Error {}

/** Applies every pending migration; returns the names applied now (empty when already current). */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    const message = error instanceof Error ? error.message : String(error);
    throw new MigrationError(`database migration ${failed ?? '(setup)'} failed: ${message}`);
  }
  const applied = (results ?? []).filter((result) => result.status === 'Success').map((r) => r.migrationName);
  // Once, on the upgrade: rewrite a SQLite file so that no page freed before secure_delete keeps an upload.
  if (applied.includes(UPLOADS_ENCRYPTED_MIGRATION) && sqliteInstances.has(db)) {
    await sql`vacuum`.execute(db);
    await checkpointAndTruncate(db);
  }
  return applied;
}

export class SecretMismatchError extends Error {}

const SECRET_CHECK = 'secret_check';
const SECRET_CHECK_TEXT = 'trusttrace';

/**
 * Makes sure `secret` is the one this database's keys were encrypted under: the first process to open
 * the database records an encrypted canary, every later one must be able to decrypt it.
 */
export async function verifyServerSecret(db: Kysely<Database>, secret: ServerSecret): Promise<void> {
  await db
    .insertInto('settings')
    .values({ name: SECRET_CHECK, value: encryptSecret(SECRET_CHECK_TEXT, secret, SECRET_CHECK) })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const { value } = await db
    .selectFrom('settings')
    .select('value')
    .where('name', '=', SECRET_CHECK)
    .executeTakeFirstOrThrow();
  let matches: boolean;
  try {
    matches = decryptSecret(value, secret, SECRET_CHECK) === SECRET_CHECK_TEXT;
  } catch {
    matches = false;
  }
  if (!matches) {
    throw new SecretMismatchError(
      'the server secret does not match the one this database was set up with: restore the ' +
        "data directory's server-secret file or the previous TRUSTTRACE_SECRET (every process that " +
        'shares a PostgreSQL database needs the same TRUSTTRACE_SECRET)',
    );
  }
}

const HEALTH_CHECK = 'health_check';

/**
 * Proves the store takes a write: upserts the time into one settings row. Throws when it cannot (a
 * read-only file or database, a full disk, a failed transaction), also while reads still work.
 */
export async function checkStoreWritable(store: Store, now = new Date()): Promise<void> {
  const value = now.toISOString();
  await store.db
    .insertInto('settings')
    .values({ name: HEALTH_CHECK, value })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value }))
    .execute();
}

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  // The data dir holds the SQLite files, the server-secret file, or both: it is this user's alone.
  if (!options.databaseUrl || options.secret === undefined) {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    restrictToOwner(options.dataDir, 0o700);
  }
  const secret = await loadServerSecret(options.dataDir, options.secret);
  const dialect = options.databaseUrl ? 'postgres' : 'sqlite';
  const db = options.databaseUrl ? postgresDatabase(options.databaseUrl) : sqliteDatabase(options.dataDir);
  try {
    if (options.migrate ?? true) {
      await migrateToLatest(db);
      await verifyServerSecret(db, secret);
    }
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, secret, dialect, close: () => db.destroy() };
}
