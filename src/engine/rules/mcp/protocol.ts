// Protocol currency: the deprecated transport, old protocol revisions, and version negotiation.
import { defineRule } from '../../types.js';
import { serverLocation, served } from './probe-helpers.js';

export const sseOnlyTransport = defineRule({
  artifact: 'live-server',
  meta: {
    id: 'MCP-010',
    title: 'Deprecated HTTP+SSE transport only',
    severity: 'low',
    confidence: 'confirmed',
    owasp_category: 'LLM03',
    owasp_mcp: null,
    cwe: 'CWE-477',
    hipaa_mapping: null,
    description:
      'The server speaks only the HTTP+SSE transport that the MCP specification deprecated in 2025-03-26. It keeps a long-lived stream per client, carries the session in a URL, and will lose client support.',
    remediation:
      'Serve the Streamable HTTP transport on the same endpoint (current SDKs do both) and retire the SSE endpoint.',
    monitor_candidate: false,
    docs: 'The scanner tries Streamable HTTP first (POST `initialize`); when that is refused with a 4xx and a GET opens an SSE stream that announces an `endpoint`, the server is SSE-only. Example: a server built on an SDK from 2024 that answers POST `/sse` with 405.',
  },
  check(live, context) {
    if (live.transport !== 'sse') return;
    context.report({
      evidence: 'Streamable HTTP refused; session opened over HTTP+SSE',
      location: serverLocation(live),
    });
  },
});

/** Revisions older than this lack the authorization framework and current transport rules. */
const CURRENT_ENOUGH = '2025-06-18';
const NO_AUTHORIZATION_SPEC = '2025-03-26';

export const outdatedProtocolVersion = defineRule({
  artifact: 'live-server',
  meta: {
    id: 'MCP-011',
    title: 'Outdated MCP protocol version',
    severity: 'low',
    confidence: 'confirmed',
    owasp_category: 'LLM03',
    owasp_mcp: null,
    cwe: 'CWE-477',
    hipaa_mapping: null,
    description:
      'The server negotiated a protocol revision older than 2025-06-18. Older revisions predate the security fixes in the authorization and transport sections (resource indicators, Origin validation, protocol version header).',
    remediation: "Upgrade the server's MCP SDK and negotiate the latest protocol revision.",
    monitor_candidate: true,
    docs: 'Read from the `protocolVersion` of the `initialize` answer, when the scanner offered the latest revision. Example: a server answering `2024-11-05` (low) has no authorization framework at all in its protocol revision and is reported as medium.',
  },
  check(live, context) {
    const version = live.protocolVersion;
    if (!version || !/^\d{4}-\d{2}-\d{2}$/.test(version) || version >= CURRENT_ENOUGH) return;
    context.report({
      evidence: `negotiated protocol version ${version}`,
      location: serverLocation(live),
      ...(version < NO_AUTHORIZATION_SPEC ? { severity: 'medium' as const } : {}),
    });
  },
});

export const protocolVersionNotChecked = defineRule({
  artifact: 'live-server',
  meta: {
    id: 'MCP-012',
    title: 'Unsupported MCP-Protocol-Version accepted',
    severity: 'low',
    confidence: 'confirmed',
    owasp_category: 'LLM03',
    owasp_mcp: null,
    cwe: 'CWE-20',
    hipaa_mapping: null,
    description:
      'The server answered a request announcing a protocol version that does not exist. The spec requires a 400; a server that ignores the header does not validate what clients send and may mis-handle messages of another revision.',
    remediation:
      'Check the MCP-Protocol-Version header on every request after initialization and answer unsupported values with 400 Bad Request (current SDK transports do this).',
    monitor_candidate: false,
    docs: 'Inside a live session the scanner sends `tools/list` with `MCP-Protocol-Version: 1999-01-01`. Example: a hand-written transport that never reads the header returns the tool list.',
  },
  check(live, context) {
    if (!served(live.probes.unsupportedProtocolVersion)) return;
    context.report({
      evidence: 'tools/list with MCP-Protocol-Version: 1999-01-01 was answered',
      location: serverLocation(live),
    });
  },
});
