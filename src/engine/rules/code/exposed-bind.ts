import type { CallSite, ValueSummary } from '../../collect/code/model.js';
import { defineRule } from '../../types.js';
import { locationOf } from './sinks.js';

const ALL_INTERFACES = new Set(['0.0.0.0', '::', '[::]']);
const SERVER_CALLS =
  /(?:^|\.)(?:run|listen|serve|bind|run_app|make_server|start_server|create_server|createServer|run_simple|run_server|HTTPServer|ThreadingHTTPServer|TCPServer|FastMCP|Server|McpServer|Config)$/;
/** Any sign that the file authenticates its callers: middleware, bearer checks, token verifiers, OAuth. */
const AUTH_WORD =
  /auth(?!or)|bearer|token_verifier|verify_?token|jwt|api[_-]?key[_-]?header|x-api-key|passport|basic_?auth/i;

const isAllInterfaces = (value: ValueSummary | undefined) =>
  typeof value?.literal === 'string' &&
  (ALL_INTERFACES.has(value.literal) || /^0\.0\.0\.0:\d+$/.test(value.literal));

function bindsAllInterfaces(call: CallSite): boolean {
  if (!SERVER_CALLS.test(call.callee)) return false;
  const { host, hostname, bind } = call.keywords;
  if (
    isAllInterfaces(host) ||
    isAllInterfaces(hostname) ||
    isAllInterfaces(bind) ||
    bind?.elements?.some(isAllInterfaces)
  ) {
    return true;
  }
  return call.args.some(
    (a) =>
      isAllInterfaces(a) ||
      isAllInterfaces(a.elements?.[0]) ||
      isAllInterfaces(a.properties?.host) ||
      isAllInterfaces(a.properties?.hostname),
  );
}

export const exposedWithoutAuth = defineRule({
  meta: {
    id: 'CODE-008',
    title: 'Server listens on all interfaces without authentication',
    severity: 'high',
    confidence: 'likely',
    owasp_category: 'LLM06',
    owasp_mcp: 'MCP07',
    cwe: 'CWE-306',
    hipaa_mapping: '45 CFR 164.312(d)',
    description:
      'The server binds to 0.0.0.0 (every network interface) and nothing in the file authenticates callers. Anyone who can reach the machine can list and call its tools.',
    remediation:
      'Bind to 127.0.0.1 for local use. When the server must be reachable, put authentication in front of it (OAuth per the MCP authorization spec, or a bearer-token check in middleware) and validate the Origin header.',
    monitor_candidate: true,
    docs: 'Flags a server start (`mcp.run`, `FastMCP(host=...)`, `uvicorn.run`, `app.run`, `web.run_app`, `HTTPServer((host, port))`, `app.listen(port, host)`, `server.listen({host})`) or a `settings.host` assignment that uses `0.0.0.0` or `::`, when the file shows no sign of authentication (auth middleware, bearer or token verifiers, JWT, API-key headers). Example: `mcp = FastMCP("ops", host="0.0.0.0")` followed by `mcp.run(transport="streamable-http")` exposes every tool to the local network.',
  },
  artifact: 'source-file',
  check(source, context) {
    if ([...source.words].some((word) => AUTH_WORD.test(word))) return;
    for (const call of source.calls) {
      if (bindsAllInterfaces(call))
        context.report({ evidence: call.text, location: locationOf(source, call) });
    }
    for (const write of source.writes) {
      if (/\.host$/.test(write.target) && isAllInterfaces(write.value)) {
        context.report({ evidence: write.text, location: locationOf(source, write) });
      }
    }
  },
});
