// Rebuilds src/engine/advisories/embedded-data.ts from OSV: every advisory OSV has for the packages
// the embedded set already covers (plus any named on the command line as `npm:name` or `PyPI:name`).
// Our own summaries are kept for advisories we already carry; new ones take OSV's summary.
//
//   npx tsx scripts/refresh-advisories.ts [npm:some-mcp-server PyPI:some-agent-lib …]
//
// TRUSTTRACE_OSV_URL picks the server (default https://api.osv.dev). Requests go through the
// guarded fetch, so the address policy (TRUSTTRACE_ALLOW_PRIVATE_TARGETS) and byte caps apply here too.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { format } from 'prettier';
import { EMBEDDED_ADVISORIES } from '../src/engine/advisories/embedded-data.js';
import type { EmbeddedAdvisory } from '../src/engine/advisories/embedded.js';
import { OsvAdvisorySource, toEmbeddedAdvisory } from '../src/engine/advisories/osv.js';
import type { Ecosystem, FetchLike } from '../src/engine/advisories/types.js';
import { normalizePackageName } from '../src/engine/advisories/versions.js';
import { createAddressPolicy, parseAllowList } from '../src/engine/net/address-policy.js';
import { createGuardedFetch } from '../src/engine/net/guarded-fetch.js';

const TARGET = new URL('../src/engine/advisories/embedded-data.ts', import.meta.url);

function packagesToRefresh(args: string[]): { ecosystem: Ecosystem; name: string }[] {
  const seen = new Map<string, { ecosystem: Ecosystem; name: string }>();
  const add = (ecosystem: Ecosystem, name: string) =>
    seen.set(`${ecosystem}:${normalizePackageName(ecosystem, name)}`, { ecosystem, name });
  for (const advisory of EMBEDDED_ADVISORIES) for (const a of advisory.affected) add(a.ecosystem, a.name);
  for (const arg of args) {
    const match = /^(npm|PyPI):(.+)$/.exec(arg);
    if (!match) throw new Error(`expected npm:<name> or PyPI:<name>, got ${arg}`);
    add(match[1] as Ecosystem, match[2]!);
  }
  return [...seen.values()];
}

export interface RefreshOptions {
  baseUrl: string;
  fetch: FetchLike;
  /** Packages beyond those the embedded set already covers. */
  extraPackages?: string[];
  today?: string;
}

/** The new text of embedded-data.ts. */
export async function renderEmbeddedAdvisories(
  options: RefreshOptions,
): Promise<{ text: string; count: number }> {
  const packages = packagesToRefresh(options.extraPackages ?? []);
  const osv = new OsvAdvisorySource({ baseUrl: options.baseUrl, fetch: options.fetch });
  const perPackage = await osv.advisoriesOfPackages(packages);
  const ours = new Map<string, EmbeddedAdvisory>();
  for (const advisory of EMBEDDED_ADVISORIES)
    for (const id of [advisory.id, ...advisory.aliases]) ours.set(id, advisory);
  const byId = new Map<string, EmbeddedAdvisory>();
  for (const records of perPackage) {
    for (const record of records) {
      if (record.withdrawn || byId.has(record.id)) continue;
      const entry = toEmbeddedAdvisory(record, packages);
      if (!entry) continue;
      const known = [record.id, ...(record.aliases ?? [])].map((id) => ours.get(id)).find(Boolean);
      byId.set(record.id, known ? { ...entry, summary: known.summary } : entry);
    }
  }
  const advisories = [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
  const source = [
    '// The advisory set shipped inside TrustTrace, so that a scan finds the best-known vulnerable MCP and',
    '// LLM packages with no network at all. Summaries are ours where we wrote one; ids, ranges, fixed',
    '// versions and severities follow OSV. `npx tsx scripts/refresh-advisories.ts` rebuilds this file.',
    "import type { EmbeddedAdvisory } from './embedded.js';",
    '',
    `export const EMBEDDED_PACKAGES_REFRESHED = '${options.today ?? new Date().toISOString().slice(0, 10)}';`,
    '',
    `export const EMBEDDED_ADVISORIES: EmbeddedAdvisory[] = ${JSON.stringify(advisories, null, 2)};`,
    '',
  ].join('\n');
  const text = await format(source, {
    parser: 'typescript',
    singleQuote: true,
    printWidth: 110,
    trailingComma: 'all',
  });
  return { text, count: advisories.length };
}

async function main(): Promise<void> {
  const baseUrl = process.env.TRUSTTRACE_OSV_URL?.trim() || 'https://api.osv.dev';
  if (baseUrl === 'off') throw new Error('TRUSTTRACE_OSV_URL is off: nothing to refresh from');
  const policy = createAddressPolicy({ allow: parseAllowList(process.env.TRUSTTRACE_ALLOW_PRIVATE_TARGETS) });
  const guarded = createGuardedFetch({ policy, maxBodyBytes: 8 * 1024 * 1024 });
  try {
    const { text, count } = await renderEmbeddedAdvisories({
      baseUrl,
      fetch: guarded.fetch,
      extraPackages: process.argv.slice(2),
    });
    writeFileSync(TARGET, text);
    console.log(`${count} advisories written to ${TARGET.pathname}`);
  } finally {
    await guarded.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(`refresh-advisories: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
