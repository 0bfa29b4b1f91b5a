// Suppressions applied to a finished result: a matching finding is marked `suppressed` (it stays in
// the result, and counts toward no score or threshold), an expired entry suppresses nothing and is a
// finding of its own (SCAN-002), and the score follows from what still counts. The scanner's own
// findings (SCAN-*) are never suppressed: a scan that did not run in full cannot be waved through.
import { findingFingerprint } from '../fingerprint.js';
import { isScannerFinding, withFindings } from '../result.js';
import { buildFinding } from '../rules/run.js';
import type { Finding, RuleMeta, ScanResult } from '../types.js';
import { parseSuppressionFile, type SuppressionEntry } from './config.js';
import type { SuppressionFile } from './file.js';
import { matchName, matchPath } from './glob.js';

export const EXPIRED_SUPPRESSION_META: RuleMeta = {
  id: 'SCAN-002',
  title: 'A suppression has expired',
  severity: 'low',
  confidence: 'confirmed',
  owasp_category: 'LLM09',
  owasp_mcp: null,
  cwe: null,
  hipaa_mapping: null,
  description:
    'An entry of .trusttrace.yaml has passed its `expires` date, so it no longer suppresses anything: ' +
    'the findings it covered count again.',
  remediation:
    'Fix what the suppression covered, or review the accepted risk and set a new `expires` date (or ' +
    'remove the entry).',
  monitor_candidate: false,
  docs:
    'Reported by the scan for every entry of `.trusttrace.yaml` (or the file given with `--config`) ' +
    'whose `expires` day has passed (UTC), pointing at the entry. The findings the entry matched are no ' +
    'longer suppressed and count toward the score and the thresholds again, so an accepted risk ' +
    'resurfaces instead of staying hidden for good. Example: `suppression of CFG-002 (path ' +
    'configs/*.json) expired on 2027-03-31: pinned by our lockfile`.',
};

/** The finding's file, relative to where the suppression file's globs start; undefined when outside it. */
function relativeFile(file: string | undefined, base: string): string | undefined {
  if (file === undefined) return undefined;
  if (base === '') return file;
  return file.startsWith(`${base}/`) ? file.slice(base.length + 1) : undefined;
}

function matches(
  entry: SuppressionEntry,
  finding: Finding,
  base: string,
  fingerprint: () => string,
): boolean {
  if (entry.rule !== undefined && entry.rule !== finding.id) return false;
  if (entry.tool !== undefined) {
    const tool = finding.location?.tool;
    if (tool === undefined || !matchName(entry.tool, tool)) return false;
  }
  if (entry.path !== undefined) {
    const file = relativeFile(finding.location?.file, base);
    if (file === undefined || !matchPath(entry.path, file)) return false;
  }
  return entry.fingerprint === undefined || entry.fingerprint === fingerprint();
}

function describe(entry: SuppressionEntry): string {
  const scope = [entry.path ? `path ${entry.path}` : '', entry.tool ? `tool ${entry.tool}` : ''].filter(
    Boolean,
  );
  const what = entry.rule ?? `fingerprint ${entry.fingerprint}`;
  return `${what}${scope.length > 0 ? ` (${scope.join(', ')})` : ''}`;
}

/**
 * Applies the suppressions of `file` to `result` as of `today` (YYYY-MM-DD, UTC). Throws
 * SuppressionError when the file cannot be used; `warnings` are keys it ignored.
 */
export function applySuppressions(
  result: ScanResult,
  file: SuppressionFile,
  today: string,
): { result: ScanResult; warnings: string[] } {
  const { entries, warnings } = parseSuppressionFile(file);
  const live = entries.filter((entry) => entry.expires === undefined || entry.expires >= today);
  const findings = result.findings.map((finding) => {
    if (finding.suppressed || isScannerFinding(finding)) return finding;
    let fingerprint: string | undefined;
    const fingerprintOf = () => (fingerprint ??= findingFingerprint(finding));
    const entry = live.find((candidate) => matches(candidate, finding, file.base, fingerprintOf));
    if (!entry) return finding;
    return {
      ...finding,
      suppressed: {
        reason: entry.reason,
        ...(entry.expires ? { expires: entry.expires } : {}),
        kind: 'config' as const,
      },
    };
  });
  for (const entry of entries) {
    if (entry.expires === undefined || entry.expires >= today) continue;
    findings.push(
      buildFinding(EXPIRED_SUPPRESSION_META, {
        evidence: `suppression of ${describe(entry)} expired on ${entry.expires}: ${entry.reason}`,
        location: { file: file.name, ...(entry.line ? { line: entry.line } : {}) },
      }),
    );
  }
  return { result: withFindings(result, findings), warnings };
}
