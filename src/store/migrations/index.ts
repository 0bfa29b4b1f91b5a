// Every migration, in order, as code: the built package needs no migration files on disk.
import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './001-initial.js';

const migrations: Record<string, Migration> = {
  '001-initial': initial,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
