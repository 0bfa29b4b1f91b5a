import { defineRule } from '../../types.js';
import { requiresAuth, serverLocation, served } from './probe-helpers.js';

export const tokenNotValidated = defineRule({
  artifact: 'live-server',
  meta: {
    id: 'MCP-004',
    title: 'Bearer token accepted without validation',
    severity: 'critical',
    confidence: 'confirmed',
    owasp_category: 'LLM06',
    owasp_mcp: 'MCP07',
    cwe: 'CWE-287',
    hipaa_mapping: '45 CFR 164.312(d)',
    description:
      'The server refuses requests without a token but served a session to a random, made-up bearer token. It checks that a token is present, not that it is valid, so any string unlocks it.',
    remediation:
      'Validate every token: signature, issuer, audience (this resource), expiry and scopes for JWTs, or introspection against the authorization server for opaque tokens. Reject tokens issued for other resources.',
    monitor_candidate: true,
    docs: 'After a request without credentials is refused (401/403), the scanner sends the same `initialize` and `tools/list` with `Authorization: Bearer <24 random bytes>`. A server that lists its tools for that token does not validate tokens. Example: a middleware that only tests `header.startsWith("Bearer ")`.',
  },
  check(live, context) {
    const garbage = live.probes.garbageToken;
    if (!requiresAuth(live) || !served(garbage)) return;
    context.report({
      evidence: 'no token: refused; random bearer token: session opened and tools listed',
      location: serverLocation(live),
    });
  },
});
