// Version arithmetic per ecosystem: npm versions are SemVer, Python versions are PEP 440.
import * as pep440 from '@renovatebot/pep440';
import semver from 'semver';
import type { Ecosystem } from './types.js';

/** The name a registry files a package under: PEP 503 for Python (`Llama_Index` is `llama-index`). */
export function normalizePackageName(ecosystem: Ecosystem, name: string): string {
  return ecosystem === 'PyPI' ? name.toLowerCase().replace(/[-_.]+/g, '-') : name.toLowerCase();
}

/** Negative, zero or positive like a comparator; undefined when either side is not a version. */
export function compareVersions(ecosystem: Ecosystem, a: string, b: string): number | undefined {
  if (ecosystem === 'npm') {
    const left = semver.valid(a, { loose: true });
    const right = semver.valid(b, { loose: true });
    return left && right ? semver.compare(left, right) : undefined;
  }
  if (!pep440.valid(a) || !pep440.valid(b)) return undefined;
  return pep440.compare(a, b);
}

/** One affected interval, as OSV writes it: from `introduced` up to `fixed` (exclusive) or `lastAffected`. */
export interface AffectedRange {
  introduced?: string;
  fixed?: string;
  lastAffected?: string;
}

export function inRange(ecosystem: Ecosystem, version: string, range: AffectedRange): boolean {
  const from = range.introduced && range.introduced !== '0' ? range.introduced : undefined;
  if (from) {
    const cmp = compareVersions(ecosystem, version, from);
    if (cmp === undefined || cmp < 0) return false;
  }
  if (range.fixed) {
    const cmp = compareVersions(ecosystem, version, range.fixed);
    return cmp !== undefined && cmp < 0;
  }
  if (range.lastAffected) {
    const cmp = compareVersions(ecosystem, version, range.lastAffected);
    return cmp !== undefined && cmp <= 0;
  }
  return compareVersions(ecosystem, version, version) !== undefined;
}
