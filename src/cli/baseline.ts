// Baselines: `--write-baseline FILE` records the findings of a scan by fingerprint; `--baseline FILE`
// then reports only findings that are not in it, so that CI stays quiet until something new appears.
// A fingerprint counts as many times as the baseline lists it: a second copy of a known problem is new.
// The scanner's own findings (SCAN-*) are never part of a baseline, and suppressed findings need none.
import { readFile, writeFile } from 'node:fs/promises';
import { findingFingerprint } from '../engine/fingerprint.js';
import { isScannerFinding, withFindings } from '../engine/result.js';
import type { Finding, ScanResult } from '../engine/types.js';
import { InputError } from './read-inputs.js';

const FORMAT = 'trusttrace-baseline';
const VERSION = 1;
/** A baseline of a big project holds a few thousand fingerprints; anything much larger is not one. */
const MAX_BASELINE_BYTES = 20 * 1024 * 1024;

interface BaselineEntry {
  fingerprint: string;
  /** For a reader of the file: the rule and where it pointed. */
  id: string;
  where: string;
}

function baselined(finding: Finding): boolean {
  return !finding.suppressed && !isScannerFinding(finding);
}

function where(finding: Finding): string {
  const { location } = finding;
  return [location?.file ?? location?.server, location?.tool, location?.field].filter(Boolean).join(' ');
}

export async function writeBaseline(file: string, result: ScanResult): Promise<void> {
  const findings: BaselineEntry[] = result.findings
    .filter(baselined)
    .map((finding) => ({ fingerprint: findingFingerprint(finding), id: finding.id, where: where(finding) }));
  await writeFile(file, `${JSON.stringify({ format: FORMAT, version: VERSION, findings }, null, 2)}\n`);
}

/** The fingerprints of a baseline file, each with how many times it is listed. */
export async function readBaseline(file: string): Promise<Map<string, number>> {
  let data: unknown;
  try {
    const text = await readFile(file, 'utf8');
    if (Buffer.byteLength(text) > MAX_BASELINE_BYTES) throw new Error('larger than 20 MB');
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError(`cannot read the baseline ${file}: ${(error as Error).message}`);
  }
  const findings = (data as { format?: unknown; findings?: unknown } | null)?.findings;
  if ((data as { format?: unknown } | null)?.format !== FORMAT || !Array.isArray(findings))
    throw new InputError(`${file} is not a baseline written by trusttrace scan --write-baseline`);
  const counts = new Map<string, number>();
  for (const entry of findings) {
    const fingerprint = (entry as { fingerprint?: unknown } | null)?.fingerprint;
    if (typeof fingerprint === 'string') counts.set(fingerprint, (counts.get(fingerprint) ?? 0) + 1);
  }
  return counts;
}

/** The result without the findings the baseline knows, scored on what is left, and how many were known. */
export function withoutBaselined(
  result: ScanResult,
  baseline: Map<string, number>,
): { result: ScanResult; known: number } {
  const left = new Map(baseline);
  let known = 0;
  const findings = result.findings.filter((finding) => {
    if (!baselined(finding)) return true;
    const fingerprint = findingFingerprint(finding);
    const remaining = left.get(fingerprint) ?? 0;
    if (remaining === 0) return true;
    left.set(fingerprint, remaining - 1);
    known++;
    return false;
  });
  return { result: withFindings(result, findings), known };
}
