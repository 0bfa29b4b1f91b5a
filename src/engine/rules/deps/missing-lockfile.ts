// DEP-003: a manifest with dependencies and no lockfile beside it, so what gets installed is decided
// at install time, not at review time.
import { defineRule } from '../../types.js';
import { lockfileNamesFor, lockfilesBeside } from './context.js';

export const missingLockfile = defineRule({
  meta: {
    id: 'DEP-003',
    title: 'No lockfile beside the manifest',
    severity: 'low',
    confidence: 'possible',
    owasp_category: 'LLM03',
    owasp_mcp: 'MCP04',
    cwe: 'CWE-1357',
    hipaa_mapping: null,
    description:
      'The manifest declares dependencies but no lockfile was found beside it, so each install resolves ' +
      'versions afresh — transitive dependencies included — with no record to review or reproduce.',
    remediation:
      'Commit the lockfile your package manager writes (package-lock.json, pnpm-lock.yaml, yarn.lock, ' +
      'uv.lock, poetry.lock, Pipfile.lock) and install from it in CI and production (`npm ci`, ' +
      '`uv sync --locked`, `poetry install --sync`).',
    monitor_candidate: false,
    docs:
      'Looks in the same directory of the upload for a lockfile that matches the manifest: ' +
      'package-lock.json, npm-shrinkwrap.json, yarn.lock, pnpm-lock.yaml or bun.lock for package.json; ' +
      'poetry.lock, uv.lock, pdm.lock or pylock.toml for pyproject.toml; Pipfile.lock for Pipfile; the ' +
      'compiled .txt for a pip-tools .in file. Plain requirements.txt files are their own lock and are ' +
      'left to DEP-002. Confidence is `possible` because the lockfile may exist and simply not have been ' +
      'uploaded. Example: a package.json with `dependencies` and nothing else uploaded is reported.',
  },
  artifact: 'dependency-manifest',
  check(manifest, context) {
    if (manifest.lockfile) return;
    const names = lockfileNamesFor(manifest);
    if (!names) return;
    const installable = manifest.dependencies.filter((d) => d.source !== 'path');
    if (installable.length === 0 || lockfilesBeside(manifest, context.scan).length > 0) return;
    const count = `${installable.length} dependenc${installable.length === 1 ? 'y' : 'ies'}`;
    context.report({
      evidence: `${manifest.file} declares ${count} and no ${names.slice(0, 4).join(', ')} is beside it`,
      location: { file: manifest.file, line: installable[0]!.line },
    });
  },
});
