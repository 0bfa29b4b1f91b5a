// DEP-001: a dependency version that a published advisory says is vulnerable, or a malicious package.
// Versions come from lockfiles and exact pins; a manifest range with no lockfile is probed at the
// lowest version it allows, and reported only when the range shuts out every fixed version.
import { EmbeddedAdvisorySource } from '../../advisories/embedded.js';
import type { Advisory, AdvisorySource, PackageQuery } from '../../advisories/types.js';
import { toEvidence } from '../../evidence.js';
import type { Confidence, Dependency, DependencyManifest, RuleContext } from '../../types.js';
import { defineRule } from '../../types.js';
import { locationOf, lockManifestsBeside, lowestAllowed, packageKey, rangeAllows } from './context.js';

interface Probe {
  dependency: Dependency;
  query: PackageQuery;
  /** The version is exact (pinned or locked), not a guess from a range. */
  exact: boolean;
}

function probesOf(manifest: DependencyManifest, context: RuleContext): Probe[] {
  const locked = new Set(
    lockManifestsBeside(manifest, context.scan).flatMap((lock) =>
      lock.dependencies.map((d) => packageKey(manifest.ecosystem, d.name)),
    ),
  );
  const probes: Probe[] = [];
  const seen = new Set<string>();
  for (const dependency of manifest.dependencies) {
    if (dependency.source !== 'registry') continue;
    // The lockfile beside a manifest says what is installed; the manifest's range does not.
    if (!manifest.lockfile && locked.has(packageKey(manifest.ecosystem, dependency.name))) continue;
    const version =
      dependency.version ??
      (manifest.lockfile ? undefined : lowestAllowed(manifest.ecosystem, dependency.spec));
    if (!version) continue;
    const key = `${packageKey(manifest.ecosystem, dependency.name)}@${version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    probes.push({
      dependency,
      query: { ecosystem: manifest.ecosystem, name: dependency.name, version },
      exact: dependency.version !== undefined,
    });
  }
  return probes;
}

/** Advisory text comes from the advisory source, names from the scanned file: both are made safe. */
function describe(advisory: Advisory): string {
  const also = advisory.aliases.length > 0 ? ` (also ${advisory.aliases.slice(0, 3).join(', ')})` : '';
  const fix = advisory.fixed ? ` Fixed in ${advisory.fixed}.` : ' No fixed version is published.';
  const what = advisory.malicious
    ? 'This package is listed as malicious: installing it runs an attacker’s code.'
    : toEvidence(advisory.summary || 'A published advisory affects this version.', 300);
  return toEvidence(`${advisory.id}${also}: ${what}${fix}`, 600);
}

function evidenceOf(probe: Probe, advisory: Advisory, manifest: DependencyManifest): string {
  const { name, version } = probe.query;
  const at = probe.exact ? `${name}@${version}` : `${name} ${probe.dependency.spec} (allows ${version})`;
  const score = advisory.cvssScore !== undefined ? `CVSS ${advisory.cvssScore}, ` : '';
  const verdict = advisory.malicious ? 'malicious package' : `${score}${advisory.severity}`;
  const fix = advisory.fixed ? `fixed in ${advisory.fixed}` : 'no fix published';
  return `${at}: ${advisory.id} (${verdict}), ${fix} [${manifest.ecosystem}]`;
}

async function lookupWithFallback(
  source: AdvisorySource,
  queries: PackageQuery[],
): Promise<{ results: Advisory[][]; failure?: string }> {
  try {
    return { results: await source.lookup(queries) };
  } catch (error) {
    if (source instanceof EmbeddedAdvisorySource) throw error;
    const results = await new EmbeddedAdvisorySource().lookup(queries);
    return { results, failure: error instanceof Error ? error.message : String(error) };
  }
}

export const vulnerableDependency = defineRule({
  meta: {
    id: 'DEP-001',
    title: 'Dependency with a known vulnerability',
    severity: 'high',
    confidence: 'confirmed',
    owasp_category: 'LLM03',
    owasp_mcp: 'MCP04',
    cwe: 'CWE-1395',
    hipaa_mapping: '45 CFR 164.308(a)(1)(ii)(B)',
    description:
      'A dependency resolves to a version that a published security advisory lists as vulnerable, or to ' +
      'a package listed as malicious. MCP servers and agents run with the user’s files and credentials, ' +
      'so a flaw in one of their packages is a flaw in the agent.',
    remediation:
      'Upgrade the dependency to the fixed version named in the finding (or later) and regenerate the ' +
      'lockfile. Remove a malicious package at once, and rotate every credential the machine that ' +
      'installed it could reach.',
    monitor_candidate: true,
    docs:
      'Looks up every exactly pinned or locked version (and, for a manifest range with no lockfile, the ' +
      'lowest version the range allows) in the advisory source of the scan: the OSV database at ' +
      '`TRUSTTRACE_OSV_URL` (https://api.osv.dev unless set), or only the advisory set embedded in ' +
      'TrustTrace when it is `off`. The severity is the ' +
      'advisory’s CVSS rating; malicious-package advisories (`MAL-…`) are critical. A range is reported ' +
      'only when it excludes every fixed version, since the package manager would otherwise pick a fixed ' +
      'one. Example: `"mcp-remote": "0.1.10"` in package.json is reported as `mcp-remote@0.1.10: ' +
      'CVE-2025-6514 (CVSS 9.6, critical), fixed in 0.1.16`. If OSV cannot be reached the embedded set ' +
      'is used and an info finding says so.',
  },
  artifact: 'dependency-manifest',
  async check(manifest, context) {
    const probes = probesOf(manifest, context);
    if (probes.length === 0) return;
    const source = context.scan.advisories ?? new EmbeddedAdvisorySource();
    const { results, failure } = await lookupWithFallback(
      source,
      probes.map((p) => p.query),
    );
    if (failure) {
      context.report({
        evidence: `advisory look-up via ${source.name} failed (${failure}); used the embedded advisory set`,
        title: 'Advisory database unreachable: checked against embedded advisories only',
        severity: 'info',
        confidence: 'confirmed',
        description:
          'The online advisory source could not be queried, so only the advisories shipped with ' +
          'TrustTrace were checked. Vulnerabilities published since may be missed.',
        location: { file: manifest.file },
      });
    }
    probes.forEach((probe, i) => {
      for (const advisory of results[i] ?? []) {
        // A range that lets the package manager pick a fixed version is not a finding.
        if (
          !probe.exact &&
          advisory.fixed &&
          rangeAllows(manifest.ecosystem, probe.dependency.spec, advisory.fixed)
        )
          continue;
        const confidence: Confidence = probe.exact ? 'confirmed' : 'likely';
        context.report({
          evidence: evidenceOf(probe, advisory, manifest),
          title: advisory.malicious
            ? `Malicious package: ${toEvidence(probe.query.name, 100)}`
            : `Vulnerable dependency: ${toEvidence(probe.query.name, 100)} (${toEvidence(advisory.id, 60)})`,
          severity: advisory.malicious ? 'critical' : advisory.severity,
          confidence,
          description: describe(advisory),
          location: locationOf(manifest, probe.dependency),
        });
      }
    });
  },
});
