// Every migration, in order, as code: the built package needs no migration files on disk.
import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './001-initial.js';
import * as reportsWebhooks from './002-reports-webhooks.js';
import * as jobClaimIndexes from './003-job-claim-indexes.js';
import * as settings from './004-settings.js';
import * as reportDocuments from './005-report-documents.js';
import * as encryptedScanFiles from './006-encrypted-scan-files.js';
import * as targetCiphertext from './007-target-ciphertext.js';

const migrations: Record<string, Migration> = {
  '001-initial': initial,
  '002-reports-webhooks': reportsWebhooks,
  '003-job-claim-indexes': jobClaimIndexes,
  '004-settings': settings,
  '005-report-documents': reportDocuments,
  '006-encrypted-scan-files': encryptedScanFiles,
  '007-target-ciphertext': targetCiphertext,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
