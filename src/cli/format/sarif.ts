// SARIF 2.1.0 for GitHub code scanning and other CI viewers: one rule per rule id used, with help text,
// `security-severity` and tags; results with locations and partial fingerprints so that a finding
// keeps its identity across runs.
import { SarifBuilder, SarifResultBuilder, SarifRuleBuilder, SarifRunBuilder } from 'node-sarif-builder';
import type { ReportingDescriptor, Result } from 'sarif';
import { findingFingerprint } from '../../engine/fingerprint.js';
import { INCOMPLETE_ANALYSIS_META } from '../../engine/rules/incomplete.js';
import { allFindingMetas } from '../../engine/rules/index.js';
import type { Finding, RuleMeta, ScanResult, Severity } from '../../engine/types.js';
import { describeLocation } from './table.js';

/** GitHub maps security-severity to critical (≥ 9.0), high (≥ 7.0), medium (≥ 4.0) and low. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};

const LEVEL: Record<Severity, Result.level> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

const PRECISION = { confirmed: 'very-high', likely: 'high', possible: 'medium' } as const;

const HELP_URI = 'https://github.com/trusttrace/trusttrace/blob/main/docs/rules.md';

function ruleDescriptor(meta: RuleMeta): ReportingDescriptor {
  const tags = [
    'security',
    meta.owasp_category,
    ...(meta.owasp_mcp ? [meta.owasp_mcp] : []),
    ...(meta.cwe ? [`external/cwe/${meta.cwe.toLowerCase()}`] : []),
  ];
  return {
    id: meta.id,
    name: meta.title.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')),
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.description },
    help: {
      text: `${meta.description}\n\nRemediation: ${meta.remediation}`,
      markdown: `${meta.description}\n\n**Remediation:** ${meta.remediation}\n\n${meta.docs}`,
    },
    helpUri: `${HELP_URI}#${meta.id.toLowerCase()}`,
    defaultConfiguration: { level: LEVEL[meta.severity] },
    properties: {
      'security-severity': SECURITY_SEVERITY[meta.severity],
      precision: PRECISION[meta.confidence],
      tags,
    },
  };
}

function resultFor(finding: Finding): Result {
  const { location } = finding;
  const message = `${finding.title}: ${finding.evidence}`;
  const result: Result = {
    ruleId: finding.id,
    level: LEVEL[finding.severity],
    message: { text: message },
    partialFingerprints: { primaryLocationLineHash: findingFingerprint(finding) },
    properties: { confidence: finding.confidence, 'security-severity': SECURITY_SEVERITY[finding.severity] },
    // A suppressed finding stays in the log, as one the user accepted (viewers hide or mark it).
    ...(finding.suppressed
      ? {
          suppressions: [
            {
              kind: finding.suppressed.kind === 'inline' ? 'inSource' : 'external',
              status: 'accepted',
              justification: finding.suppressed.expires
                ? `${finding.suppressed.reason} (until ${finding.suppressed.expires})`
                : finding.suppressed.reason,
            },
          ],
        }
      : {}),
  };
  const uri = location?.file ?? location?.server;
  if (uri) {
    result.locations = [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(uri) },
          ...(location?.line
            ? {
                region: {
                  startLine: location.line,
                  ...(location.column ? { startColumn: location.column } : {}),
                },
              }
            : {}),
        },
        ...(location?.tool
          ? {
              logicalLocations: [
                { name: location.tool, fullyQualifiedName: describeLocation(location), kind: 'member' },
              ],
            }
          : {}),
      },
    ];
  }
  return result;
}

export function formatSarif(result: ScanResult, version: string): string {
  const builder = new SarifBuilder();
  const run = new SarifRunBuilder().initSimple({
    toolDriverName: 'TrustTrace',
    toolDriverVersion: version,
    url: HELP_URI,
  });
  const usedIds = new Set(result.findings.map((f) => f.id));
  for (const meta of allFindingMetas.filter((meta) => usedIds.has(meta.id))) {
    run.addRule(new SarifRuleBuilder(ruleDescriptor(meta)));
  }
  for (const finding of result.findings) run.addResult(new SarifResultBuilder(resultFor(finding)));
  // Analysis that did not run is also the tool's own account of its execution, which viewers show apart.
  run.run.invocations = [
    {
      executionSuccessful: !result.incomplete,
      toolExecutionNotifications: result.findings
        .filter((finding) => finding.id === INCOMPLETE_ANALYSIS_META.id)
        .map((finding) => ({
          level: 'error' as const,
          message: { text: finding.evidence },
          descriptor: { id: finding.id },
        })),
    },
  ];
  builder.addRun(run);
  return `${builder.buildSarifJsonString({ indent: true })}\n`;
}
