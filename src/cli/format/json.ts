import type { ScanResult } from '../../engine/types.js';

/** The same object as a complete `GET /v1/scan/{id}` at enterprise tier, plus the CLI's file lists. */
export function formatJson(result: ScanResult, scanId: string): string {
  return `${JSON.stringify({ scan_id: scanId, ...result }, null, 2)}\n`;
}
