import { resourceMetadataFrom } from '../../collect/mcp/www-authenticate.js';
import { defineRule } from '../../types.js';
import { requiresAuth, serverLocation } from './probe-helpers.js';

function missing(document: Record<string, unknown>, keys: string[]): string[] {
  return keys.filter((key) => document[key] === undefined || document[key] === '' || document[key] === null);
}

export const oauthMetadata = defineRule({
  artifact: 'live-server',
  meta: {
    id: 'MCP-005',
    title: 'OAuth metadata missing, incomplete or without PKCE',
    severity: 'medium',
    confidence: 'likely',
    owasp_category: 'LLM06',
    owasp_mcp: 'MCP07',
    cwe: 'CWE-1390',
    hipaa_mapping: '45 CFR 164.312(d)',
    description:
      'The server requires authorization but does not publish what an MCP client needs to obtain a token safely: protected resource metadata (RFC 9728), authorization server metadata (RFC 8414 / OpenID), or PKCE with S256.',
    remediation:
      'Serve /.well-known/oauth-protected-resource with `resource` and `authorization_servers`, point to it from the WWW-Authenticate header of 401 answers, and have the authorization server publish issuer, authorization and token endpoints and `code_challenge_methods_supported: ["S256"]`.',
    monitor_candidate: true,
    docs: 'Runs when requests without credentials are refused. The scanner follows `resource_metadata` from WWW-Authenticate, then the RFC 9728 well-known paths, then the first authorization server\'s RFC 8414 and OpenID metadata. Example: an authorization server whose metadata lists `code_challenge_methods_supported: ["plain"]` lets an intercepted authorization code be redeemed by an attacker (high); a server answering 401 with no metadata anywhere leaves clients to hard-coded, unverifiable settings (medium).',
  },
  check(live, context) {
    if (!requiresAuth(live)) return;
    const location = serverLocation(live);
    const {
      protectedResourceMetadata: resource,
      authorizationServerMetadata: server,
      wwwAuthenticate,
    } = live.probes;
    if (!wwwAuthenticate) {
      context.report({
        evidence: 'the 401 answer carries no WWW-Authenticate header',
        location,
        severity: 'low',
      });
    } else if (!resourceMetadataFrom(wwwAuthenticate)) {
      context.report({
        evidence: `WWW-Authenticate names no resource_metadata: ${wwwAuthenticate}`,
        location,
        severity: 'low',
      });
    }
    if (!resource?.document) {
      context.report({
        evidence: `no protected resource metadata (RFC 9728) at ${resource?.url ?? '/.well-known/oauth-protected-resource'}${resource?.error ? `: ${resource.error}` : ''}`,
        location,
      });
      return;
    }
    const resourceGaps = missing(resource.document, ['resource', 'authorization_servers']);
    if (resourceGaps.length > 0) {
      context.report({ evidence: `protected resource metadata lacks ${resourceGaps.join(', ')}`, location });
    }
    if (!server) return;
    if (!server.document) {
      context.report({
        evidence: `no authorization server metadata (RFC 8414 / OpenID) at ${server.url}${server.error ? `: ${server.error}` : ''}`,
        location,
      });
      return;
    }
    const serverGaps = missing(server.document, ['issuer', 'authorization_endpoint', 'token_endpoint']);
    if (serverGaps.length > 0) {
      context.report({ evidence: `authorization server metadata lacks ${serverGaps.join(', ')}`, location });
    }
    const methods = server.document.code_challenge_methods_supported;
    if (!Array.isArray(methods) || !methods.includes('S256')) {
      context.report({
        evidence: `authorization server does not offer PKCE S256 (code_challenge_methods_supported: ${JSON.stringify(methods ?? null)})`,
        location,
        severity: 'high',
        confidence: 'confirmed',
        title: 'OAuth authorization server without PKCE S256',
      });
    }
  },
});
