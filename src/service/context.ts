// What every route module gets from buildApp.
import type { AnalysisPool } from '../analysis/pool.js';
import type { Config } from '../config.js';
import type { AddressPolicy } from '../engine/net/address-policy.js';
import type { JobQueue } from '../jobs/queue.js';
import type { Store } from '../store/database.js';
import type { ServiceMetrics } from './metrics.js';
import type { UploadLimits } from './upload.js';

export interface ServiceContext {
  config: Config;
  store: Store;
  /** Where submissions put their scan jobs (in the submission's transaction). */
  queue: JobQueue;
  /** Which addresses scan targets and webhooks may point at (TRUSTTRACE_ALLOW_PRIVATE_TARGETS). */
  policy: AddressPolicy;
  metrics: ServiceMetrics;
  /** Renders PDFs off the event loop. */
  pool: AnalysisPool;
  upload: UploadLimits;
  onScanSubmitted: () => void;
}
