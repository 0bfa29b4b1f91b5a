// The advisory source that needs no network: the set shipped in embedded-data.ts, matched locally.
import type { Severity } from '../types.js';
import { EMBEDDED_ADVISORIES } from './embedded-data.js';
import type { Advisory, AdvisorySource, Ecosystem, PackageQuery } from './types.js';
import { inRange, normalizePackageName, type AffectedRange } from './versions.js';

export interface EmbeddedAdvisory {
  id: string;
  aliases: string[];
  summary: string;
  severity: Severity;
  cvssScore?: number;
  malicious?: boolean;
  affected: { ecosystem: Ecosystem; name: string; ranges: AffectedRange[] }[];
}

export class EmbeddedAdvisorySource implements AdvisorySource {
  readonly name = 'embedded';
  private readonly byPackage = new Map<string, { advisory: EmbeddedAdvisory; ranges: AffectedRange[] }[]>();

  constructor(advisories: readonly EmbeddedAdvisory[] = EMBEDDED_ADVISORIES) {
    for (const advisory of advisories) {
      for (const affected of advisory.affected) {
        const key = `${affected.ecosystem}:${normalizePackageName(affected.ecosystem, affected.name)}`;
        const list = this.byPackage.get(key) ?? [];
        list.push({ advisory, ranges: affected.ranges });
        this.byPackage.set(key, list);
      }
    }
  }

  async lookup(queries: readonly PackageQuery[]): Promise<Advisory[][]> {
    return queries.map((query) => this.match(query));
  }

  private match({ ecosystem, name, version }: PackageQuery): Advisory[] {
    const candidates = this.byPackage.get(`${ecosystem}:${normalizePackageName(ecosystem, name)}`) ?? [];
    const found: Advisory[] = [];
    for (const { advisory, ranges } of candidates) {
      const hit = ranges.find((range) => inRange(ecosystem, version, range));
      if (!hit) continue;
      found.push({
        id: advisory.id,
        aliases: advisory.aliases,
        summary: advisory.summary,
        severity: advisory.malicious ? 'critical' : advisory.severity,
        ...(advisory.cvssScore !== undefined ? { cvssScore: advisory.cvssScore } : {}),
        ...(hit.fixed ? { fixed: hit.fixed } : {}),
        malicious: advisory.malicious ?? false,
      });
    }
    return found;
  }
}
