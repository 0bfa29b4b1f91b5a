// Cross-origin access: DNS rebinding through an unchecked Origin, and permissive CORS.
import { defineRule } from '../../types.js';
import { answered, isLoopbackUrl, requiresAuth, serverLocation, served } from './probe-helpers.js';

export const foreignOriginAccepted = defineRule({
  artifact: 'live-server',
  meta: {
    id: 'MCP-006',
    title: 'Requests from a foreign Origin accepted (DNS rebinding)',
    severity: 'high',
    confidence: 'confirmed',
    owasp_category: 'LLM06',
    owasp_mcp: 'MCP07',
    cwe: 'CWE-346',
    hipaa_mapping: '45 CFR 164.312(a)(1)',
    description:
      'The server opened a session for a request whose Origin header named an unrelated web site. A page the user visits can then drive the server from the browser, through DNS rebinding for a local server, or directly for a remote one.',
    remediation:
      'Validate the Origin header on every request, as the MCP transport spec requires: refuse (403) any Origin that is not your own or an explicit allow-list; bind local servers to 127.0.0.1 only.',
    monitor_candidate: true,
    docs: 'The scanner sends `initialize` with `Origin: https://probe-<random>.example` (and the credential, if one was given). When a session is opened anyway, a browser page on any site could do the same. Example: a desktop helper listening on `http://127.0.0.1:3000/mcp` with no Origin check is reachable from any web page via DNS rebinding (high); a remote server without the check is reported as medium.',
  },
  check(live, context) {
    if (!served(live.probes.foreignOrigin)) return;
    const local = isLoopbackUrl(live.url);
    context.report({
      evidence: 'initialize with Origin https://probe-….example was answered with a session',
      location: serverLocation(live),
      ...(local ? {} : { severity: 'medium' as const }),
    });
  },
});

function isProbeOrigin(value: string): boolean {
  return /^https:\/\/probe-[0-9a-f]+\.example$/.test(value);
}

export const permissiveCors = defineRule({
  artifact: 'live-server',
  meta: {
    id: 'MCP-007',
    title: 'Permissive CORS on an authenticated MCP endpoint',
    severity: 'medium',
    confidence: 'likely',
    owasp_category: 'LLM06',
    owasp_mcp: 'MCP07',
    cwe: 'CWE-942',
    hipaa_mapping: '45 CFR 164.312(a)(1)',
    description:
      "An endpoint that requires credentials lets any web origin read its answers (`Access-Control-Allow-Origin: *`, or the caller's origin reflected). Scripts on unrelated sites can use a token they obtain, or the user's cookies, to call tools and read results.",
    remediation:
      'Allow only the origins of your own web clients; never reflect the request Origin, and never combine a reflected origin with Access-Control-Allow-Credentials.',
    monitor_candidate: true,
    docs: "The scanner sends a CORS preflight from a random foreign origin asking for `authorization` and `mcp-session-id`, and reads the CORS headers of the server's answers. Example: `Access-Control-Allow-Origin: *` with `Access-Control-Allow-Headers: *` on an endpoint that answers 401 without a token (medium); the probe's own origin reflected with `Access-Control-Allow-Credentials: true` (high).",
  },
  check(live, context) {
    if (!requiresAuth(live)) return;
    const answers = [live.probes.corsPreflight, live.probes.foreignOrigin, live.probes.anonymous].filter(
      answered,
    );
    const headers = [...answers.map((a) => a.headers), live.responseHeaders];
    const reflected = headers.find((h) => isProbeOrigin(h['access-control-allow-origin'] ?? ''));
    if (reflected) {
      const credentials = reflected['access-control-allow-credentials'] === 'true';
      context.report({
        evidence: `the foreign probe origin is reflected in Access-Control-Allow-Origin${credentials ? ' with Access-Control-Allow-Credentials: true' : ''}`,
        location: serverLocation(live),
        severity: credentials ? 'high' : 'medium',
      });
      return;
    }
    if (headers.some((h) => h['access-control-allow-origin']?.trim() === '*')) {
      context.report({
        evidence: 'Access-Control-Allow-Origin: * on an endpoint that requires a token',
        location: serverLocation(live),
      });
    }
  },
});
