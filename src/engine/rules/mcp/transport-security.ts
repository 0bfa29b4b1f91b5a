// Transport security of the endpoint: plain HTTP, and certificates that do not verify.
import { defineRule } from '../../types.js';
import { isLoopbackUrl, serverLocation, served } from './probe-helpers.js';

export const noTls = defineRule({
  artifact: 'live-server',
  meta: {
    id: 'MCP-002',
    title: 'MCP server reachable without TLS',
    severity: 'high',
    confidence: 'confirmed',
    owasp_category: 'LLM02',
    owasp_mcp: 'MCP01',
    cwe: 'CWE-319',
    hipaa_mapping: '45 CFR 164.312(e)(1)',
    description:
      'The server speaks MCP over plain HTTP across the network. Tokens, tool arguments and results travel in the clear and can be read or changed on the way.',
    remediation:
      'Serve the endpoint over HTTPS only, and answer plain-HTTP requests with a redirect (or not at all) rather than with MCP.',
    monitor_candidate: true,
    docs: 'Fires when the target URL is `http://` on a host other than this machine (loopback stays silent: the traffic never leaves it), or when an `https://` target also answers `initialize` over plain `http://` instead of redirecting. Example: `http://mcp.internal.example:8080/mcp` sends every bearer token in clear text.',
  },
  check(live, context) {
    const location = serverLocation(live);
    if (new URL(live.url).protocol === 'http:' && !isLoopbackUrl(live.url)) {
      context.report({ evidence: `target is plain HTTP: ${new URL(live.url).origin}`, location });
    }
    if (served(live.probes.plainHttp)) {
      context.report({
        evidence: `the HTTPS server also answers initialize over plain HTTP at ${new URL(live.url).host}`,
        location,
      });
    }
  },
});

export const invalidCertificate = defineRule({
  artifact: 'live-server',
  meta: {
    id: 'MCP-003',
    title: 'Invalid or self-signed TLS certificate',
    severity: 'high',
    confidence: 'confirmed',
    owasp_category: 'LLM02',
    owasp_mcp: 'MCP01',
    cwe: 'CWE-295',
    hipaa_mapping: '45 CFR 164.312(e)(1)',
    description:
      "The server's certificate does not verify (self-signed, expired, wrong name or unknown issuer). Clients either refuse it or are configured to skip verification, which lets anyone in the path impersonate the server.",
    remediation:
      'Install a certificate from a trusted CA that covers the host name (e.g. via ACME), renew it before it expires, and never tell clients to disable verification.',
    monitor_candidate: true,
    docs: 'The scanner verifies the certificate like any client. When verification fails it records the TLS error, then looks at the server anyway without sending the credential, so that the rest of the report is still useful. Example: a server presenting a self-signed certificate for `mcp.example.com` is reported with `DEPTH_ZERO_SELF_SIGNED_CERT`.',
  },
  check(live, context) {
    const tls = live.probes.tls;
    if (!tls || tls.valid) return;
    context.report({ evidence: tls.error ?? 'certificate did not verify', location: serverLocation(live) });
  },
});
