// DEP-002: a dependency whose version is not held down, so the next install may fetch a release
// nobody reviewed — or a hijacked one. MCP and LLM packages weigh more: a new version can change
// which tools an agent has and what they do.
import { defineRule } from '../../types.js';
import { constraintPins, locationOf, lockfilesBeside, packageKey, tightnessOf } from './context.js';
import { isAiPackage } from './popular-packages.js';

export const looseVersion = defineRule({
  meta: {
    id: 'DEP-002',
    title: 'Unpinned dependency',
    severity: 'medium',
    confidence: 'likely',
    owasp_category: 'LLM03',
    owasp_mcp: 'MCP04',
    cwe: 'CWE-1357',
    hipaa_mapping: null,
    description:
      'A dependency is declared with no version, `*`, a dist-tag such as `latest`, or a lower bound ' +
      'only (`>=`), so every install may bring a different, unreviewed release — including a ' +
      'compromised one published by a hijacked maintainer account.',
    remediation:
      'Pin the exact version (`mcp==1.23.0`, `"@modelcontextprotocol/sdk": "1.24.0"`), or keep a range ' +
      'and commit the lockfile your package manager writes; update deliberately and review the changes.',
    monitor_candidate: false,
    docs:
      'Reads requirements files, pyproject.toml, Pipfile and package.json. No version, `*`, `latest` and ' +
      'lower-bound-only ranges are reported: medium for MCP and LLM packages (`mcp`, `openai`, ' +
      '`@modelcontextprotocol/sdk`, `langchain`, …), low for the rest, and at low/possible when a lockfile ' +
      'beside the manifest holds the resolved versions. Bounded ranges (`^1.2.0`, `~=1.2`, `>=1,<2`) are ' +
      'reported only for MCP and LLM packages with no lockfile. A constraints file (`-c constraints.txt`) ' +
      'that pins the package counts as a pin. Example: `openai` alone on a line of requirements.txt is ' +
      'reported as `openai (no version)`.',
  },
  artifact: 'dependency-manifest',
  check(manifest, context) {
    if (manifest.lockfile) return;
    const locked = lockfilesBeside(manifest, context.scan).length > 0;
    const pins =
      manifest.manifestKind === 'requirements' ? constraintPins(manifest, context.scan) : new Map();
    for (const dependency of manifest.dependencies) {
      if (dependency.source !== 'registry') continue;
      if (pins.has(packageKey(manifest.ecosystem, dependency.name))) continue;
      const tightness = tightnessOf(manifest.ecosystem, dependency);
      if (tightness === 'exact') continue;
      const ai = isAiPackage(dependency.name);
      const spec = dependency.spec.trim();
      if (tightness === 'unbounded') {
        const how = spec === '' ? 'no version' : spec === '*' ? 'any version' : `${spec}: no upper bound`;
        context.report({
          evidence: `${dependency.name} (${how})${locked ? '; a lockfile is present' : ''}`,
          title: ai ? 'Unpinned MCP/LLM dependency' : 'Unpinned dependency',
          severity: locked ? 'low' : ai ? 'medium' : 'low',
          confidence: locked ? 'possible' : 'likely',
          location: locationOf(manifest, dependency),
        });
      } else if (ai && !locked) {
        context.report({
          evidence: `${dependency.name} ${spec} (range, no lockfile)`,
          title: 'Loosely pinned MCP/LLM dependency',
          severity: 'low',
          confidence: 'likely',
          location: locationOf(manifest, dependency),
        });
      }
    }
  },
});
