import { toEvidence } from '../evidence.js';
import type { Artifact, FileError, Finding, Location, ReportInput, Rule, ScanContext } from '../types.js';

/** A finding built from a rule's meta and what its check reported. */
export function buildFinding(rule: Rule, input: ReportInput): Finding {
  const { meta } = rule;
  return {
    id: meta.id,
    title: input.title ?? meta.title,
    severity: input.severity ?? meta.severity,
    owasp_category: meta.owasp_category,
    owasp_mcp: meta.owasp_mcp,
    cwe: meta.cwe,
    confidence: input.confidence ?? meta.confidence,
    description: input.description ?? meta.description,
    remediation: meta.remediation,
    evidence: toEvidence(input.evidence),
    hipaa_mapping: meta.hipaa_mapping,
    monitor_candidate: meta.monitor_candidate,
    location: input.location ? sanitizeLocation(input.location) : null,
  };
}

function sanitizeLocation(location: Location): Location {
  const out: Location = {};
  for (const [key, value] of Object.entries(location) as [keyof Location, string | number | undefined][]) {
    if (value === undefined) continue;
    (out as Record<string, string | number>)[key] =
      typeof value === 'string' ? toEvidence(value, 200) : value;
  }
  return out;
}

/** Where a failing rule is blamed: the artifact's file, or its server. */
function artifactName(artifact: Artifact): string {
  return 'file' in artifact && artifact.file ? artifact.file : 'server' in artifact ? artifact.server : '?';
}

/**
 * Runs every rule on every artifact of the kind it reads. A rule that throws loses only its own
 * findings on that artifact; the error is recorded, never raised.
 */
export async function runRules(
  rules: readonly Rule[],
  artifacts: readonly Artifact[],
  scan: ScanContext,
): Promise<{ findings: Finding[]; errors: FileError[] }> {
  const findings: Finding[] = [];
  const errors: FileError[] = [];
  for (const artifact of artifacts) {
    for (const rule of rules) {
      if (rule.artifact !== artifact.kind) continue;
      const reported: Finding[] = [];
      try {
        await rule.check(artifact as never, {
          scan,
          report: (input) => reported.push(buildFinding(rule, input)),
        });
        findings.push(...reported);
      } catch (error) {
        errors.push({
          file: artifactName(artifact),
          error: `rule ${rule.meta.id} failed: ${toEvidence(error instanceof Error ? error.message : String(error), 200)}`,
        });
      }
    }
  }
  return { findings: dedupe(findings), errors };
}

/** The same rule at the same place with the same evidence is one finding. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = JSON.stringify([finding.id, finding.location, finding.evidence]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
