// DEP-005: a dependency fetched from a URL or a version-control repository instead of a registry.
// Nothing vouches for what such a location serves: it can change under the same address, it skips the
// registry's malware takedowns, and advisories do not track it.
import type { Dependency, DependencyManifest, ScanContext, Severity } from '../../types.js';
import { defineRule } from '../../types.js';
import { locationOf, manifestsLockedBy, packageKey } from './context.js';

/** A full commit hash in the reference pins the content; a branch or tag can be moved. */
function pinnedToCommit(spec: string): boolean {
  return /(^|[@#:=/])[0-9a-f]{40}([^0-9a-f]|$)/i.test(spec);
}

function hasIntegrity(spec: string): boolean {
  return /[#&](sha256|sha384|sha512)=/i.test(spec) || /--hash=/.test(spec);
}

function judge(dependency: Dependency): { severity: Severity; why: string } {
  const spec = dependency.spec;
  if (/^(git\+)?http:\/\//i.test(spec) || /^url:http:\/\//i.test(spec))
    return { severity: 'high', why: 'over plain HTTP, which anyone on the path can change' };
  if (dependency.source === 'vcs') {
    return pinnedToCommit(spec)
      ? { severity: 'low', why: 'from a repository, pinned to a commit' }
      : { severity: 'medium', why: 'from a repository branch or tag, which can move' };
  }
  return hasIntegrity(spec)
    ? { severity: 'low', why: 'from a URL, with an integrity hash' }
    : { severity: 'medium', why: 'from a URL, with no integrity hash' };
}

export const remoteSource = defineRule({
  meta: {
    id: 'DEP-005',
    title: 'Dependency fetched from a URL or repository',
    severity: 'medium',
    confidence: 'confirmed',
    owasp_category: 'LLM03',
    owasp_mcp: 'MCP04',
    cwe: 'CWE-494',
    hipaa_mapping: '45 CFR 164.312(c)(1)',
    description:
      'A dependency is installed from a URL or a git (or other VCS) repository rather than the package ' +
      'registry. Its content is whatever that location serves at install time: it is not covered by ' +
      'advisories or registry takedowns, and a branch, tag or unhashed URL can change without notice.',
    remediation:
      'Depend on a published registry release. If you must use a repository, pin a full commit hash; ' +
      'if you must use a URL, use HTTPS and an integrity hash (`--hash=sha256:…`, `#sha256=…`).',
    monitor_candidate: true,
    docs:
      'Reports requirements lines such as `git+https://github.com/org/tool.git@main#egg=tool`, ' +
      '`pkg @ https://…`, package.json specs like `github:org/repo` or `https://…/pkg.tgz`, Poetry, ' +
      'Pipfile and uv `git`/`url` sources, and lockfile entries resolved from such places (when no ' +
      'manifest beside the lockfile already names them). Plain HTTP is high; a branch or tag, or a URL ' +
      'without a hash, is medium; a full commit hash or a hashed URL is low. Local paths are not ' +
      'reported. Example: `tool @ git+https://github.com/org/tool@main` is reported as ' +
      '`tool from git+https://github.com/org/tool@main (from a repository branch or tag, which can move)`.',
  },
  artifact: 'dependency-manifest',
  check(manifest, context) {
    const named = namedByManifest(manifest, context.scan);
    const seen = new Set<string>();
    for (const dependency of manifest.dependencies) {
      if (dependency.source !== 'vcs' && dependency.source !== 'url') continue;
      const key = packageKey(manifest.ecosystem, dependency.name);
      if (named.has(key) || seen.has(key)) continue;
      seen.add(key);
      const { severity, why } = judge(dependency);
      context.report({
        evidence: `${dependency.name} from ${dependency.spec} (${why})`,
        severity,
        location: locationOf(manifest, dependency),
      });
    }
  },
});

/** For a lockfile: the names the manifests beside it already report on. */
function namedByManifest(manifest: DependencyManifest, scan: ScanContext): Set<string> {
  if (!manifest.lockfile) return new Set();
  return new Set(
    manifestsLockedBy(manifest, scan)
      .flatMap((m) => m.dependencies)
      .filter((d) => d.source === 'vcs' || d.source === 'url')
      .map((d) => packageKey(manifest.ecosystem, d.name)),
  );
}
