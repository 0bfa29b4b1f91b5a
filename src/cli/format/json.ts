import { findingFingerprint } from '../../engine/fingerprint.js';
import type { ConfiguredServerInfo } from '../../engine/inventory.js';
import type { ScanResult } from '../../engine/types.js';

export interface JsonExtras {
  /** The configured MCP servers, when the scan discovered or launched them (never their env or headers). */
  inventory?: readonly ConfiguredServerInfo[];
  /** How many findings a baseline left out. */
  baselineKnown?: number;
}

/**
 * The same object as a complete `GET /v1/scan/{id}` at enterprise tier, plus the CLI's own: file lists,
 * each finding's `fingerprint` (for suppressions and baselines), and the inventory of a discovery.
 */
export function formatJson(result: ScanResult, scanId: string, extras: JsonExtras = {}): string {
  const output = {
    scan_id: scanId,
    ...result,
    findings: result.findings.map((finding) => ({ ...finding, fingerprint: findingFingerprint(finding) })),
    ...(extras.inventory
      ? {
          inventory: extras.inventory.map(({ file, client, server, transport, shown, pinning }) => ({
            file,
            client,
            server,
            transport,
            command_or_url: shown,
            pinning,
          })),
        }
      : {}),
    ...(extras.baselineKnown !== undefined ? { baseline: { known: extras.baselineKnown } } : {}),
  };
  return `${JSON.stringify(output, null, 2)}\n`;
}
