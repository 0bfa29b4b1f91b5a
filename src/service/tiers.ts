// What each plan sees of a finding, exactly as the reference's table says: free gets the headline
// (and an upgrade_message), developer and above get the detail, only enterprise gets the HIPAA mapping.
import type { Finding } from '../engine/types.js';
import { tierAtLeast } from '../store/accounts.js';
import type { Tier } from '../store/schema.js';

export const UPGRADE_MESSAGE =
  'Upgrade to the Developer plan to see the description, remediation and evidence of this finding.';

export interface VisibleFinding {
  id: string;
  title: string;
  severity: Finding['severity'];
  owasp_category: string;
  confidence: Finding['confidence'];
  monitor_candidate: boolean;
  description?: string;
  remediation?: string;
  evidence?: string;
  owasp_mcp?: string | null;
  cwe?: string | null;
  location?: Finding['location'];
  hipaa_mapping: string | null;
  upgrade_message?: string;
  suppressed?: Finding['suppressed'];
}

export function filterFinding(finding: Finding, tier: Tier): VisibleFinding {
  const headline = {
    id: finding.id,
    title: finding.title,
    severity: finding.severity,
    owasp_category: finding.owasp_category,
    confidence: finding.confidence,
    monitor_candidate: finding.monitor_candidate,
    // The project's own reason for accepting it: every plan sees why a finding does not count.
    ...(finding.suppressed ? { suppressed: finding.suppressed } : {}),
  };
  if (!tierAtLeast(tier, 'developer')) {
    return { ...headline, hipaa_mapping: null, upgrade_message: UPGRADE_MESSAGE };
  }
  return {
    ...headline,
    description: finding.description,
    remediation: finding.remediation,
    evidence: finding.evidence,
    owasp_mcp: finding.owasp_mcp,
    cwe: finding.cwe,
    location: finding.location,
    hipaa_mapping: tierAtLeast(tier, 'enterprise') ? finding.hipaa_mapping : null,
  };
}
