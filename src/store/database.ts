// The dialect module: the only place that knows which database is underneath. SQLite (better-sqlite3,
// WAL, busy timeout) in the data directory by default; PostgreSQL when a postgres:// URL is configured.
// Everything outside this file writes SQL that both accept.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
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

function sqliteDatabase(dataDir: string): Kysely<Database> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const connection = new SqliteDatabase(join(dataDir, SQLITE_FILE_NAME));
  connection.pragma('journal_mode = WAL');
  connection.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  connection.pragma('synchronous = NORMAL');
  connection.pragma('foreign_keys = ON');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: connection }) });
}

function postgresDatabase(url: string): Kysely<Database> {
  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 10 }) }),
  });
}

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
  return (results ?? []).filter((result) => result.status === 'Success').map((r) => r.migrationName);
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

export async function openStore(options: OpenStoreOptions): Promise<Store> {
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
