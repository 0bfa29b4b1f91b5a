// The store: accounts, keys, scans, quotas and the jobs table, on Kysely (SQLite now, PostgreSQL too).
//
// API (stable names; every function takes the `Store` from `openStore` first):
//   openStore({dataDir, databaseUrl?, secret?, migrate?}) → Store {db, secret, dialect, close()}
//   migrateToLatest(db) → names applied now                    (run by openStore and `trusttrace migrate`)
//   openStore throws SecretMismatchError when the server secret is not the one the database was set up with
//   Accounts: createAccount(store, {email, tier?, password?}) → {account, apiKey}   (AccountError codes)
//     authenticateApiKey(store, key) → Account | undefined    (malformed/unknown/revoked → undefined)
//     authenticatePassword(store, email, password), findAccountById, findAccountByEmail
//     getAccountInfo(store, accountId, now?) → AccountInfo     (GET /v1/account body, key masked)
//     rotateApiKey(store, accountId) → new key (old ones revoked in the same transaction)
//     currentApiKey(store, accountId) → key in the clear (webhook signatures)
//     setWebhookUrl(store, accountId, url | null), setTier(store, email, tier)
//     bootstrapFirstAccount(store, email?) → {account, apiKey} | undefined (only on an empty store)
//     PLAN_LIMITS, TIERS, isTier, tierAtLeast(tier, minimum)
//   Scans: submitScan(store, queue, accountId, {kind:'mcp', target, authToken?} | {kind:'upload', files},
//       {now?, concurrency?}) → ScanAccepted {scan_id, status, position, estimated_seconds,
//       files_accepted?} | QuotaExceeded {limit, used, resets_at, retry_after_seconds}
//     getScan(store, accountId, scanId) → ScanDetails | undefined (another account's scan → undefined)
//     listScans(store, accountId, {page, perPage, status}) → {scans, page, per_page, total}
//     queuePosition, estimateSeconds, averageScanSeconds, countScansByKindAndStatus (metrics)
//     worker side: loadScanToRun, loadScanFiles, markScanRunning, setScanProgress, markScanQueued,
//       completeScan, failScan; SCAN_QUEUE and ScanJobPayload name the scan jobs.
//   Time: monthKey, nextMonthStart, resetsAt.
export {
  MigrationError,
  migrateToLatest,
  openStore,
  SecretMismatchError,
  verifyServerSecret,
  SQLITE_FILE_NAME,
  type OpenStoreOptions,
  type Store,
} from './database.js';
export {
  AccountError,
  authenticateApiKey,
  authenticatePassword,
  BOOTSTRAP_EMAIL,
  bootstrapFirstAccount,
  createAccount,
  currentApiKey,
  findAccountByEmail,
  findAccountById,
  getAccountInfo,
  isTier,
  normalizeEmail,
  PLAN_LIMITS,
  rotateApiKey,
  setTier,
  setWebhookUrl,
  tierAtLeast,
  type Account,
  type AccountInfo,
  type CreateAccountInput,
} from './accounts.js';
export {
  averageScanSeconds,
  completeScan,
  countScansByKindAndStatus,
  estimateSeconds,
  failScan,
  getScan,
  listScans,
  loadScanFiles,
  loadScanToRun,
  markScanQueued,
  markScanRunning,
  MAX_STORED_RESULT_BYTES,
  queuePosition,
  ResultTooLargeError,
  SCAN_QUEUE,
  ScanSubmissionError,
  setScanProgress,
  submitScan,
  type QuotaExceeded,
  type ScanAccepted,
  type ScanDetails,
  type ScanJobPayload,
  type ScanPage,
  type ScanSubmission,
  type ScanSummary,
  type ScanToRun,
  type SubmitScanOptions,
} from './scans.js';
export {
  JOB_STATES,
  SCAN_KINDS,
  SCAN_STATUSES,
  TIERS,
  type Database,
  type JobState,
  type ScanKind,
  type ScanStatus,
  type Tier,
} from './schema.js';
export { monthKey, nextMonthStart, resetsAt } from './time.js';
