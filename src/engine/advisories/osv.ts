// The OSV API as an advisory source: one `/v1/querybatch` for the ids that affect each package
// version, then `/v1/vulns/{id}` for each advisory's details. Both are cached for the life of the
// source (one scan), and every request goes through the fetch it is given — the guarded fetch in
// production, so that the address policy, timeouts and byte caps apply to OSV like to any target.
import type { Severity } from '../types.js';
import { cvss3BaseScore, severityOfLabel, severityOfScore } from './cvss.js';
import type { EmbeddedAdvisory } from './embedded.js';
import type { Advisory, AdvisorySource, Ecosystem, FetchLike, PackageQuery } from './types.js';
import { compareVersions, inRange, normalizePackageName, type AffectedRange } from './versions.js';

/** OSV's querybatch accepts at most this many queries per request. */
const BATCH_SIZE = 1000;
/** A package with more pages of advisories than this is cut short rather than paged forever. */
const MAX_PAGES = 5;
const DETAIL_CONCURRENCY = 8;

/** The parts of an OSV record we read. Everything is optional: the server is not trusted. */
export interface OsvVulnerability {
  id: string;
  withdrawn?: string;
  aliases?: string[];
  summary?: string;
  details?: string;
  severity?: { type?: string; score?: string }[];
  database_specific?: { severity?: unknown };
  affected?: {
    package?: { ecosystem?: string; name?: string };
    ranges?: { type?: string; events?: Record<string, string>[] }[];
    versions?: string[];
    database_specific?: { severity?: unknown };
    ecosystem_specific?: { severity?: unknown };
  }[];
}

export interface OsvSourceOptions {
  /** e.g. `https://api.osv.dev` (TRUSTTRACE_OSV_URL). */
  baseUrl: string;
  fetch: FetchLike;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class OsvAdvisorySource implements AdvisorySource {
  readonly name = 'osv';
  private readonly baseUrl: string;
  private readonly fetch: FetchLike;
  private readonly idsByQuery = new Map<string, Promise<string[]>>();
  private readonly details = new Map<string, Promise<OsvVulnerability>>();

  constructor(options: OsvSourceOptions) {
    this.baseUrl = options.baseUrl.replace(/(?<!\/)\/+$/, '');
    this.fetch = options.fetch;
  }

  async lookup(queries: readonly PackageQuery[]): Promise<Advisory[][]> {
    const keys = queries.map(queryKey);
    const missing = new Map<string, PackageQuery>();
    queries.forEach((query, i) => {
      if (!this.idsByQuery.has(keys[i]!)) missing.set(keys[i]!, query);
    });
    if (missing.size > 0) {
      const batch = this.queryBatch([...missing.values()]);
      [...missing.keys()].forEach((key, i) => {
        const ids = batch.then((all) => all[i]!);
        ids.catch(() => this.idsByQuery.delete(key));
        this.idsByQuery.set(key, ids);
      });
    }
    const idLists = await Promise.all(keys.map((key) => this.idsByQuery.get(key)!));
    const uniqueIds = [...new Set(idLists.flat())];
    const records = new Map<string, OsvVulnerability>();
    for (let i = 0; i < uniqueIds.length; i += DETAIL_CONCURRENCY) {
      const chunk = uniqueIds.slice(i, i + DETAIL_CONCURRENCY);
      const loaded = await Promise.all(chunk.map((id) => this.vulnerability(id)));
      chunk.forEach((id, j) => records.set(id, loaded[j]!));
    }
    return queries.map((query, i) => idLists[i]!.map((id) => toAdvisory(records.get(id)!, query)));
  }

  /** Every advisory OSV has for each package, whatever the version (for refreshing the embedded set). */
  async advisoriesOfPackages(
    packages: readonly { ecosystem: Ecosystem; name: string }[],
  ): Promise<OsvVulnerability[][]> {
    const idLists = await this.queryBatch(packages);
    const out: OsvVulnerability[][] = [];
    for (const ids of idLists) {
      const records: OsvVulnerability[] = [];
      for (let i = 0; i < ids.length; i += DETAIL_CONCURRENCY) {
        records.push(
          ...(await Promise.all(ids.slice(i, i + DETAIL_CONCURRENCY).map((id) => this.vulnerability(id)))),
        );
      }
      out.push(records);
    }
    return out;
  }

  /** The advisory ids affecting each query (a version, or the whole package), following OSV's paging. */
  private async queryBatch(
    queries: readonly (Omit<PackageQuery, 'version'> & { version?: string })[],
  ): Promise<string[][]> {
    const out: string[][] = [];
    for (let start = 0; start < queries.length; start += BATCH_SIZE) {
      const chunk = queries.slice(start, start + BATCH_SIZE);
      const ids = chunk.map(() => new Set<string>());
      let pending = chunk.map((query, i) => ({ index: i, body: osvQuery(query) }));
      for (let page = 0; page < MAX_PAGES && pending.length > 0; page++) {
        const response = await this.post('/v1/querybatch', { queries: pending.map((p) => p.body) });
        const results = isRecord(response) && Array.isArray(response.results) ? response.results : undefined;
        if (!results || results.length !== pending.length)
          throw new Error('OSV querybatch answered with an unexpected shape');
        const next: typeof pending = [];
        results.forEach((result: unknown, i) => {
          const { index, body } = pending[i]!;
          if (!isRecord(result)) return;
          for (const vuln of Array.isArray(result.vulns) ? result.vulns : []) {
            if (isRecord(vuln) && typeof vuln.id === 'string' && /^[\w.:-]{1,100}$/.test(vuln.id))
              ids[index]!.add(vuln.id);
          }
          if (typeof result.next_page_token === 'string' && result.next_page_token)
            next.push({ index, body: { ...body, page_token: result.next_page_token } });
        });
        pending = next;
      }
      out.push(...ids.map((set) => [...set]));
    }
    return out;
  }

  private vulnerability(id: string): Promise<OsvVulnerability> {
    let record = this.details.get(id);
    if (!record) {
      record = this.get(`/v1/vulns/${encodeURIComponent(id)}`).then((value) => {
        if (!isRecord(value) || value.id !== id) throw new Error(`OSV returned no record for ${id}`);
        return value as unknown as OsvVulnerability;
      });
      record.catch(() => this.details.delete(id));
      this.details.set(id, record);
    }
    return record;
  }

  private post(path: string, body: unknown): Promise<unknown> {
    return this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
  }

  private get(path: string): Promise<unknown> {
    return this.request(path, { method: 'GET', headers: { accept: 'application/json' } });
  }

  private async request(path: string, init: RequestInit): Promise<unknown> {
    const response = await this.fetch(`${this.baseUrl}${path}`, init);
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw new Error(`OSV ${path.split('/').slice(0, 3).join('/')} answered HTTP ${response.status}`);
    }
    try {
      return await response.json();
    } catch {
      throw new Error(`OSV ${path.split('/').slice(0, 3).join('/')} answered with invalid JSON`);
    }
  }
}

function queryKey(query: PackageQuery): string {
  return `${query.ecosystem}\u0000${normalizePackageName(query.ecosystem, query.name)}\u0000${query.version}`;
}

function osvQuery(query: Omit<PackageQuery, 'version'> & { version?: string }): Record<string, unknown> {
  const pkg = { ecosystem: query.ecosystem, name: query.name };
  return query.version ? { package: pkg, version: query.version } : { package: pkg };
}

/** Severity from the best evidence an OSV record has: a CVSS v3 vector, else a label, else `medium`. */
export function osvSeverity(vuln: OsvVulnerability): { severity: Severity; cvssScore?: number } {
  if (vuln.id.startsWith('MAL-')) return { severity: 'critical' };
  for (const entry of Array.isArray(vuln.severity) ? vuln.severity : []) {
    const score = typeof entry?.score === 'string' ? cvss3BaseScore(entry.score) : undefined;
    if (score !== undefined) return { severity: severityOfScore(score), cvssScore: score };
  }
  const labels = [
    vuln.database_specific?.severity,
    ...(vuln.affected ?? []).flatMap((a) => [
      a?.database_specific?.severity,
      a?.ecosystem_specific?.severity,
    ]),
  ];
  for (const label of labels) {
    const severity = severityOfLabel(label);
    if (severity) return { severity };
  }
  return { severity: 'medium' };
}

/** The affected ranges an OSV record gives for one package, as plain intervals. */
export function osvRanges(vuln: OsvVulnerability, ecosystem: Ecosystem, name: string): AffectedRange[] {
  const wanted = normalizePackageName(ecosystem, name);
  const ranges: AffectedRange[] = [];
  for (const affected of vuln.affected ?? []) {
    const pkg = affected?.package;
    if (pkg?.ecosystem !== ecosystem || typeof pkg.name !== 'string') continue;
    if (normalizePackageName(ecosystem, pkg.name) !== wanted) continue;
    for (const range of affected.ranges ?? []) {
      if (range?.type !== 'SEMVER' && range?.type !== 'ECOSYSTEM') continue;
      let current: AffectedRange | undefined;
      for (const event of range.events ?? []) {
        if (!isRecord(event)) continue;
        if (typeof event.introduced === 'string') {
          if (current) ranges.push(current);
          current = { introduced: event.introduced };
        } else if (current && typeof event.fixed === 'string') {
          ranges.push({ ...current, fixed: event.fixed });
          current = undefined;
        } else if (current && typeof event.last_affected === 'string') {
          ranges.push({ ...current, lastAffected: event.last_affected });
          current = undefined;
        }
      }
      if (current) ranges.push(current);
    }
  }
  return ranges;
}

function text(value: unknown, max: number): string {
  return typeof value === 'string' ? value.slice(0, max) : '';
}

export function toAdvisory(vuln: OsvVulnerability, query: PackageQuery): Advisory {
  const ranges = osvRanges(vuln, query.ecosystem, query.name);
  const containing = ranges.find((range) => inRange(query.ecosystem, query.version, range));
  // Without a range that holds the version (OSV also matches by explicit version lists), the lowest
  // fix above the version is the one to suggest.
  const fixed =
    containing?.fixed ??
    ranges
      .map((range) => range.fixed)
      .filter((v): v is string => !!v && (compareVersions(query.ecosystem, v, query.version) ?? -1) > 0)
      .sort((a, b) => compareVersions(query.ecosystem, a, b) ?? 0)[0];
  const aliases = (Array.isArray(vuln.aliases) ? vuln.aliases : [])
    .filter((a): a is string => typeof a === 'string')
    .slice(0, 10);
  return {
    id: vuln.id,
    aliases,
    summary: text(vuln.summary, 300) || text(vuln.details, 300),
    ...osvSeverity(vuln),
    ...(fixed ? { fixed } : {}),
    malicious: vuln.id.startsWith('MAL-'),
  };
}

/** An OSV record in the embedded set's shape, for scripts/refresh-advisories.ts. */
export function toEmbeddedAdvisory(
  vuln: OsvVulnerability,
  packages: readonly { ecosystem: Ecosystem; name: string }[],
): EmbeddedAdvisory | undefined {
  const affected = packages
    .map(({ ecosystem, name }) => ({ ecosystem, name, ranges: osvRanges(vuln, ecosystem, name) }))
    .filter((entry) => entry.ranges.length > 0);
  if (affected.length === 0) return undefined;
  const malicious = vuln.id.startsWith('MAL-');
  return {
    id: vuln.id,
    aliases: (vuln.aliases ?? []).filter((a) => typeof a === 'string').slice(0, 10),
    summary: text(vuln.summary, 300) || text(vuln.details, 300),
    ...osvSeverity(vuln),
    ...(malicious ? { malicious } : {}),
    affected,
  };
}
