// CFG-002: a server fetched from a registry at whatever version is newest when the client starts it.
import { defineRule } from '../../types.js';
import { launchedPackage, locate, redact } from './command-line.js';

export const unpinnedPackage = defineRule({
  meta: {
    id: 'CFG-002',
    title: 'MCP server package is not pinned to a version',
    severity: 'medium',
    confidence: 'likely',
    owasp_category: 'LLM03',
    owasp_mcp: 'MCP04',
    cwe: 'CWE-494',
    hipaa_mapping: '45 CFR 164.312(c)(1)',
    description:
      'The server is started through a launcher (npx, bunx, pnpm dlx, uvx, pipx run, docker run) without ' +
      'an exact version, so each start may download and run new code: a compromised or hijacked release ' +
      'reaches the machine with no review.',
    remediation:
      'Pin the exact version (`pkg@1.4.2`, `pkg==1.4.2`, `image:1.4.2` or better `image@sha256:…`) and ' +
      'update it deliberately after reviewing the change.',
    monitor_candidate: true,
    docs:
      'Reads the launcher the way it parses its own flags (`npx -y -p pkg`, `uvx --from pkg==1.0 cmd`, ' +
      '`docker run --rm -i -e X image`). Reported: no version, `@latest`, ranges such as `@^1.2`, ' +
      'docker images without a tag or with `:latest`. Example: `"args": ["-y", ' +
      '"@modelcontextprotocol/server-github"]` should be `"@modelcontextprotocol/server-github@2025.4.8"`.',
  },
  artifact: 'mcp-config',
  check(config, context) {
    for (const server of config.servers) {
      const launched = launchedPackage(server);
      if (!launched || launched.pinned) continue;
      const why =
        launched.floating === undefined
          ? 'no version'
          : launched.floating === 'latest'
            ? '`latest`'
            : `range ${launched.floating}`;
      context.report({
        evidence: `${server.name}: ${launched.launcher} ${redact(launched.spec)} (${why})`,
        location: locate(config, server, launched.word.path),
      });
    }
  },
});
