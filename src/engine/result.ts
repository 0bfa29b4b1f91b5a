// A scan's result from what its analysis produced: gaps become findings, findings are bounded and
// sorted, and the score follows. Light on purpose: the CLI merges results without loading the engine.
import { boundFindings } from './bounds.js';
import { fingerprintSurface } from './fingerprint.js';
import { gapFinding } from './rules/incomplete.js';
import { scoreFindings } from './score.js';
import type { AnalysisGap, FileError, Finding, ScanResult, ServerSurface } from './types.js';
import { SEVERITIES } from './types.js';

const SEVERITY_ORDER = new Map(SEVERITIES.map((s, i) => [s, i]));

/** Most severe first, then by rule id and place, so that results are stable between runs. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      SEVERITY_ORDER.get(a.severity)! - SEVERITY_ORDER.get(b.severity)! ||
      a.id.localeCompare(b.id) ||
      (a.location?.file ?? '').localeCompare(b.location?.file ?? '') ||
      (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
      (a.location?.tool ?? '').localeCompare(b.location?.tool ?? ''),
  );
}

/**
 * The result of what was analysed: every gap becomes a SCAN-001 finding (so an incomplete scan is never
 * graded as clean), findings are bounded and sorted, and the score follows from what is left.
 */
export function assembleResult(parts: {
  findings: Finding[];
  gaps: AnalysisGap[];
  files_scanned: string[];
  file_errors: FileError[];
  surfaces: ServerSurface[];
}): ScanResult {
  const findings = sortFindings(boundFindings([...parts.findings, ...parts.gaps.map(gapFinding)]));
  const { overall_score, letter_grade } = scoreFindings(findings);
  return {
    status: 'complete',
    incomplete: parts.gaps.length > 0,
    overall_score,
    letter_grade,
    findings,
    files_scanned: parts.files_scanned,
    file_errors: parts.file_errors,
    fingerprints: parts.surfaces.map(fingerprintSurface),
  };
}

/** Two results of one command (a live server and local files) as one report. */
export function mergeResults(a: ScanResult, b: ScanResult): ScanResult {
  const findings = sortFindings(boundFindings([...a.findings, ...b.findings]));
  const { overall_score, letter_grade } = scoreFindings(findings);
  return {
    status: 'complete',
    incomplete: a.incomplete || b.incomplete,
    overall_score,
    letter_grade,
    findings,
    files_scanned: [...a.files_scanned, ...b.files_scanned],
    file_errors: [...a.file_errors, ...b.file_errors],
    fingerprints: [...(a.fingerprints ?? []), ...(b.fingerprints ?? [])],
  };
}

/** The scanner's own account of itself (SCAN-*): never suppressed, never part of a baseline. */
export function isScannerFinding(finding: Finding): boolean {
  return finding.id.startsWith('SCAN-');
}

/** `result` with `findings` in place of its own, sorted and scored again (after suppressions, a baseline). */
export function withFindings(result: ScanResult, findings: Finding[]): ScanResult {
  const sorted = sortFindings(findings);
  const { overall_score, letter_grade } = scoreFindings(sorted);
  return { ...result, overall_score, letter_grade, findings: sorted };
}
