// DEP-007: a dependency the manifest names but the lockfile beside it does not contain. The lockfile
// is the reviewed snapshot of the registry; a package outside it is resolved fresh at install time —
// from whatever the registry serves then, which may not be what anyone reviewed, or may not exist.
import { defineRule } from '../../types.js';
import { locationOf, lockManifestsBeside, packageKey } from './context.js';

export const notInLockfile = defineRule({
  meta: {
    id: 'DEP-007',
    title: 'Dependency missing from the lockfile',
    severity: 'medium',
    confidence: 'likely',
    owasp_category: 'LLM03',
    owasp_mcp: 'MCP04',
    cwe: 'CWE-353',
    hipaa_mapping: '45 CFR 164.312(c)(1)',
    description:
      'The manifest declares a dependency that its lockfile does not contain. Either the lockfile is ' +
      'stale, or the package was added without being resolved and reviewed; a locked install fails or, ' +
      'worse, an unlocked one pulls whatever the registry serves under that name.',
    remediation:
      'Regenerate the lockfile with your package manager (`npm install`, `uv lock`, `poetry lock`, ' +
      '`pipenv lock`), review what it adds, and commit both files together. Check that the package ' +
      'exists and is the one you meant.',
    monitor_candidate: false,
    docs:
      'Compares each dependency of package.json, pyproject.toml or Pipfile with the lockfiles of the same ' +
      'ecosystem in the same directory of the upload (Python names after PEP 503 normalisation). Local ' +
      'path and workspace dependencies are skipped. Example: package.json depends on `mcp-remote` and ' +
      'the package-lock.json beside it has no `node_modules/mcp-remote` entry: reported as ' +
      '`mcp-remote is not in package-lock.json`.',
  },
  artifact: 'dependency-manifest',
  check(manifest, context) {
    if (manifest.lockfile) return;
    const locks = lockManifestsBeside(manifest, context.scan);
    if (locks.length === 0) return;
    const locked = new Set(
      locks.flatMap((lock) => lock.dependencies.map((d) => packageKey(manifest.ecosystem, d.name))),
    );
    const lockNames = locks.map((lock) => lock.file.slice(lock.file.lastIndexOf('/') + 1)).join(', ');
    for (const dependency of manifest.dependencies) {
      if (dependency.source === 'path') continue;
      if (locked.has(packageKey(manifest.ecosystem, dependency.name))) continue;
      context.report({
        evidence: `${dependency.name} is not in ${lockNames}`,
        location: locationOf(manifest, dependency),
      });
    }
  },
});
