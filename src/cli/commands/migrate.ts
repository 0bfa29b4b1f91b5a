// `trusttrace migrate`: create or upgrade the database schema, then exit.
import type { Command } from 'commander';
import { ConfigError } from '../../config.js';
import { migrateToLatest, openStore, SQLITE_FILE_NAME, verifyServerSecret } from '../../store/index.js';
import { processIo, type CommandIo } from './io.js';
import { loadCommandConfig } from './startup.js';
import { join } from 'node:path';

/** Exit code: 0 done, 2 bad configuration, 1 the migration failed. */
export async function runMigrate(io: CommandIo): Promise<number> {
  let config;
  try {
    config = loadCommandConfig(io);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr(`trusttrace: ${error.message}\n`);
    return 2;
  }
  const where = config.databaseUrl ? 'PostgreSQL' : join(config.dataDir, SQLITE_FILE_NAME);
  try {
    const store = await openStore({
      dataDir: config.dataDir,
      databaseUrl: config.databaseUrl,
      secret: config.secret,
      migrate: false,
    });
    try {
      const applied = await migrateToLatest(store.db);
      await verifyServerSecret(store.db, store.secret);
      io.stdout(
        applied.length === 0
          ? `Schema is up to date (${where}).\n`
          : `Applied ${applied.join(', ')} to ${where}.\n`,
      );
    } finally {
      await store.close();
    }
    return 0;
  } catch (error) {
    io.stderr(`trusttrace: migrating ${where} failed: ${(error as Error).message}\n`);
    return 1;
  }
}

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('create or upgrade the database schema')
    .action(async () => {
      process.exitCode = await runMigrate(processIo());
    });
}
