import { foldRepeats, KEPT_PER_RULE_AND_ARTIFACT } from '../bounds.js';
import { errorReason, toEvidence, visibleLine, visibleName } from '../evidence.js';
import type {
  AnalysisGap,
  Artifact,
  Finding,
  Location,
  ReportInput,
  Rule,
  RuleMeta,
  ScanContext,
} from '../types.js';

/** Bounds on a finding's prose: far above every rule's own text, which passes unchanged. */
const MAX_TITLE = 300;
const MAX_DESCRIPTION = 2_000;

/**
 * A finding built from a rule's meta and what its check reported. Rules put hostile names into titles
 * and descriptions: every string is made visible and bounded here, once, whatever the rule did.
 */
export function buildFinding(meta: RuleMeta, input: ReportInput): Finding {
  return {
    id: meta.id,
    title: visibleLine(input.title ?? meta.title, MAX_TITLE),
    severity: input.severity ?? meta.severity,
    owasp_category: meta.owasp_category,
    owasp_mcp: meta.owasp_mcp,
    cwe: meta.cwe,
    confidence: input.confidence ?? meta.confidence,
    description: visibleLine(input.description ?? meta.description, MAX_DESCRIPTION),
    remediation: visibleLine(meta.remediation, MAX_DESCRIPTION),
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
    (out as Record<string, string | number>)[key] = typeof value === 'string' ? visibleName(value) : value;
  }
  return out;
}

/** Where an artifact came from: its file, or its live server. */
export function artifactOrigin(artifact: Artifact): { file: string } | { server: string } {
  if ('file' in artifact && artifact.file) return { file: artifact.file };
  return { server: 'server' in artifact ? artifact.server : 'the scan' };
}

export interface RunRulesOptions {
  /** Told before the rules start on each artifact: the analysis pool charges CPU time to it. */
  onArtifact?: (origin: { file: string } | { server: string }) => void;
}

/**
 * Runs every rule on every artifact of the kind it reads. A rule that throws loses its findings on
 * that artifact, and the loss is returned as a gap (the scan then fails closed), never raised.
 */
export async function runRules(
  rules: readonly Rule[],
  artifacts: readonly Artifact[],
  scan: ScanContext,
  options: RunRulesOptions = {},
): Promise<{ findings: Finding[]; gaps: AnalysisGap[] }> {
  const findings: Finding[] = [];
  const gaps: AnalysisGap[] = [];
  for (const artifact of artifacts) {
    const origin = artifactOrigin(artifact);
    options.onArtifact?.(origin);
    for (const rule of rules) {
      if (rule.artifact !== artifact.kind) continue;
      // A rule may fire a hundred thousand times on a hostile file: keep the first reports as findings
      // and only count the rest, so that memory stays bounded whatever the file holds. Definitions are
      // places of their own: each poisoned tool of a server keeps its finding.
      const reported = new Map<string, { kept: Finding[]; uncounted: number }>();
      try {
        await rule.check(artifact as never, {
          scan,
          report: (input) => {
            const place = input.location?.tool ?? '';
            const group = reported.get(place) ?? { kept: [], uncounted: 0 };
            reported.set(place, group);
            if (group.kept.length < KEPT_PER_RULE_AND_ARTIFACT)
              group.kept.push(buildFinding(rule.meta, input));
            else group.uncounted += 1;
          },
        });
        for (const { kept, uncounted } of reported.values())
          for (const finding of foldRepeats(kept, uncounted)) findings.push(finding);
      } catch (error) {
        gaps.push({ ...origin, rule: rule.meta.id, reason: errorReason(error) });
      }
    }
  }
  return { findings: dedupe(findings), gaps };
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
