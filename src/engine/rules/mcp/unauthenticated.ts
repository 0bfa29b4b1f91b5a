import { defineRule } from '../../types.js';
import { serverLocation, served } from './probe-helpers.js';

export const unauthenticatedServer = defineRule({
  artifact: 'live-server',
  meta: {
    id: 'MCP-001',
    title: 'Unauthenticated MCP server',
    severity: 'critical',
    confidence: 'confirmed',
    owasp_category: 'LLM06',
    owasp_mcp: 'MCP07',
    cwe: 'CWE-306',
    hipaa_mapping: '45 CFR 164.312(d)',
    description:
      'The server opened a session and listed its tools for a client that sent no credentials. Anyone who can reach it can call every tool it exposes.',
    remediation:
      'Require a credential on every request: OAuth 2.1 bearer tokens per the MCP authorization spec, or at least a per-client API key checked by the server. Answer requests without one with 401 and a WWW-Authenticate header.',
    monitor_candidate: true,
    docs: 'The scanner repeats the session it opened, this time without the Authorization header: `initialize`, then `tools/list`. When both are answered, the server is open to anyone on the network. Example: a server on `https://tools.example.com/mcp` answers `tools/list` with its 12 tools to a request that carries no token. Scanning a server without giving `--auth-token` and getting its tools is the same finding.',
  },
  check(live, context) {
    const anonymous = live.probes.anonymous;
    if (!served(anonymous) || !('toolsListed' in anonymous) || !anonymous.toolsListed) return;
    context.report({
      evidence: `initialize and tools/list answered without credentials (HTTP ${'status' in anonymous ? anonymous.status : '?'}, ${live.counts.tools} tool${live.counts.tools === 1 ? '' : 's'} listed)`,
      location: serverLocation(live),
    });
  },
});
