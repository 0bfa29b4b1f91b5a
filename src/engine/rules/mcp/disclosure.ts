import { defineRule } from '../../types.js';
import { answered, serverLocation } from './probe-helpers.js';

const VERSIONED = /\d\.\d/;

export const identityDisclosure = defineRule({
  artifact: 'live-server',
  meta: {
    id: 'MCP-015',
    title: 'Server software and version disclosed',
    severity: 'low',
    confidence: 'confirmed',
    owasp_category: 'LLM02',
    owasp_mcp: null,
    cwe: 'CWE-497',
    hipaa_mapping: null,
    description:
      'HTTP headers name the software behind the endpoint and its version (Server, X-Powered-By). Attackers use them to pick known vulnerabilities without probing.',
    remediation:
      'Remove X-Powered-By (e.g. `app.disable("x-powered-by")` in Express) and strip versions from the Server header at the proxy.',
    monitor_candidate: false,
    docs: "Reads the headers of the server's answers to the scan. `serverInfo.version` inside MCP is part of the protocol and is not reported. Example: `Server: uvicorn/0.23.1` or `X-Powered-By: Express`.",
  },
  check(live, context) {
    const headers = [
      live.responseHeaders,
      ...[live.probes.anonymous, live.probes.foreignOrigin].filter(answered).map((a) => a.headers),
    ];
    const poweredBy = headers.map((h) => h['x-powered-by']).find(Boolean);
    const server = headers.map((h) => h.server).find((value) => value && VERSIONED.test(value));
    const parts = [server && `Server: ${server}`, poweredBy && `X-Powered-By: ${poweredBy}`].filter(Boolean);
    if (parts.length === 0) return;
    context.report({ evidence: parts.join('; '), location: serverLocation(live) });
  },
});
