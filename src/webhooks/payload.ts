import type { Finding } from '../engine/types.js';

export interface WebhookPayload {
  scan_id: string;
  status: 'complete' | 'failed';
  overall_score?: number | null;
  letter_grade?: string | null;
  findings_count?: { critical: number; high: number; medium: number; low: number };
  error?: string;
}

export interface EndedScan {
  id: string;
  status: 'complete' | 'failed';
  overall_score: number | null;
  letter_grade: string | null;
  findings: Pick<Finding, 'severity' | 'suppressed'>[];
  error: string | null;
}

/** The reference's payload for a complete scan; a failed scan carries its error instead of counts. */
export function buildWebhookPayload(scan: EndedScan): WebhookPayload {
  if (scan.status === 'failed')
    return { scan_id: scan.id, status: 'failed', error: scan.error ?? 'Scan failed' };
  const findings_count = { critical: 0, high: 0, medium: 0, low: 0 };
  // Suppressed findings are the project's accepted risks: they count here no more than in the score.
  for (const { severity, suppressed } of scan.findings)
    if (severity !== 'info' && !suppressed) findings_count[severity]++;
  return {
    scan_id: scan.id,
    status: 'complete',
    overall_score: scan.overall_score,
    letter_grade: scan.letter_grade,
    findings_count,
  };
}
