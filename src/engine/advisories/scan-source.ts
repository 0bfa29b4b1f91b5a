// The advisory source of one scan, with the connection pool it holds: the CLI and the scan workers open
// one per scan from the operator's TRUSTTRACE_OSV_URL and close it when the scan is done. OSV is a
// public host, so the look-ups go through the guarded fetch under the caller's address policy like any
// other request that leaves the process.
import type { AddressPolicy } from '../net/address-policy.js';
import { createGuardedFetch } from '../net/guarded-fetch.js';
import { EmbeddedAdvisorySource } from './embedded.js';
import { advisorySourceFor } from './index.js';
import type { AdvisorySource } from './types.js';

/** All OSV look-ups of one scan together; past it the scan falls back to the embedded set. */
export const ADVISORY_DEADLINE_MS = 60_000;

export interface ScanAdvisories {
  source: AdvisorySource;
  /** Tears down the connections; the source must not be used afterwards. */
  close(): Promise<void>;
}

export function openScanAdvisories(
  osvUrl: string | undefined,
  options: { policy: AddressPolicy; deadlineMs?: number },
): ScanAdvisories {
  const setting = osvUrl?.trim() ?? '';
  // Offline needs no connection pool at all.
  if (setting === '' || setting.toLowerCase() === 'off')
    return { source: new EmbeddedAdvisorySource(), close: async () => undefined };
  const network = createGuardedFetch({
    policy: options.policy,
    signal: AbortSignal.timeout(options.deadlineMs ?? ADVISORY_DEADLINE_MS),
  });
  return { source: advisorySourceFor(setting, network.fetch), close: () => network.close() };
}
