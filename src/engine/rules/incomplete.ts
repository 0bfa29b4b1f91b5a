// SCAN-001: the scanner's own account of what it did not analyse. Not a check on an artifact: the
// engine reports it for every rule that threw and every file a collector could not finish, so that a
// scan that lost part of its analysis is never mistaken for a clean one (fail closed).
import type { AnalysisGap, Finding, RuleMeta } from '../types.js';
import { buildFinding } from './run.js';

export const INCOMPLETE_ANALYSIS_META: RuleMeta = {
  id: 'SCAN-001',
  title: 'Part of the analysis did not run',
  severity: 'high',
  confidence: 'confirmed',
  owasp_category: 'LLM09',
  owasp_mcp: null,
  cwe: null,
  hipaa_mapping: null,
  description:
    'A rule failed or a file could not be analysed to the end, so problems in it may be missing from ' +
    'this report. The result is marked incomplete and its grade can be no better than C.',
  remediation:
    'Read the evidence for the rule and file that did not run. Split or trim an oversized or deeply ' +
    'nested file and scan again; if the file is ordinary, report the evidence to the TrustTrace team.',
  monitor_candidate: false,
  docs:
    'Reported by the engine itself, one finding per rule and file that did not finish: a rule that ' +
    'threw (for example on a structure nested beyond the supported depth) or a collector that stopped. ' +
    'Such a scan is `incomplete`: `trusttrace scan` exits 2 unless `--allow-incomplete`, SARIF carries a ' +
    'tool execution notification, and the high severity keeps the grade at C or below. Example: ' +
    '`rule SEC-003 did not run on settings.txt: Maximum call stack size exceeded`.',
};

export function gapFinding(gap: AnalysisGap): Finding {
  const where = gap.file ?? gap.server ?? 'the scan';
  return buildFinding(INCOMPLETE_ANALYSIS_META, {
    evidence: gap.rule
      ? `rule ${gap.rule} did not run on ${where}: ${gap.reason}`
      : `${where} was not fully analysed: ${gap.reason}`,
    location: gap.file ? { file: gap.file } : gap.server ? { server: gap.server } : null,
  });
}
