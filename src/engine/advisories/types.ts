// Where dependency rules learn which package versions are known to be vulnerable or malicious.
import type { Severity } from '../types.js';

export type Ecosystem = 'npm' | 'PyPI';

/** One package version to look up. */
export interface PackageQuery {
  ecosystem: Ecosystem;
  name: string;
  version: string;
}

/** An advisory as the rules need it: who, how bad, and which version fixes it. */
export interface Advisory {
  /** The advisory's own id (`GHSA-…`, `CVE-…`, `PYSEC-…`, `MAL-…`). */
  id: string;
  /** Other ids for the same advisory (CVE, GHSA). */
  aliases: string[];
  summary: string;
  severity: Severity;
  /** CVSS base score when the advisory carries a vector we could score. */
  cvssScore?: number;
  /** The lowest version that fixes it, for the package queried; absent when no fix is published. */
  fixed?: string;
  /** A malicious package (OSV `MAL-*`), not a bug in a legitimate one. */
  malicious: boolean;
}

export interface AdvisorySource {
  /** A short name for messages: `embedded`, `osv`. */
  readonly name: string;
  /** Advisories affecting each queried version, in query order. Throws when the source is unreachable. */
  lookup(queries: readonly PackageQuery[]): Promise<Advisory[][]>;
}

/** The OSV client fetches through this: the guarded fetch of engine/net in production. */
export type { FetchLike } from '../net/guarded-fetch.js';
