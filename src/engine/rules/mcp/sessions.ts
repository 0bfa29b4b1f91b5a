// Session ids: how hard they are to guess, and whether they travel in URLs.
import { maskSecret } from '../../evidence.js';
import { defineRule } from '../../types.js';
import { serverLocation } from './probe-helpers.js';

/** Below this, an id can be guessed or brute-forced by a determined attacker. */
const MIN_SESSION_ID_BITS = 64;

export const weakSessionIds = defineRule({
  artifact: 'live-server',
  meta: {
    id: 'MCP-008',
    title: 'Weak or predictable MCP session ids',
    severity: 'high',
    confidence: 'likely',
    owasp_category: 'LLM06',
    owasp_mcp: 'MCP07',
    cwe: 'CWE-330',
    hipaa_mapping: '45 CFR 164.312(d)',
    description:
      "The Mcp-Session-Id values the server hands out are short or follow a pattern. Where the session id is what ties requests to a client, guessing one lets an attacker inject messages into another client's session or read its stream.",
    remediation:
      'Generate session ids from a cryptographic random source with at least 128 bits (e.g. crypto.randomUUID()), and bind each session to the authenticated user so that a guessed id alone is useless.',
    monitor_candidate: false,
    docs: 'The scanner opens two sessions and compares the ids: same id twice, a shared stem with a counter (`session-1001`, `session-1002`), timestamps, or fewer than 64 bits of estimated randomness. Example: ids `sess-17` and `sess-18` let anyone enumerate live sessions.',
  },
  check(live, context) {
    const sample = live.probes.sessionIds;
    if (!sample) return;
    const location = serverLocation(live);
    if (sample.predictable) {
      context.report({
        evidence: `session ids look predictable: ${sample.predictable} (e.g. ${sample.example})`,
        location,
      });
    } else if (sample.entropyBits < MIN_SESSION_ID_BITS) {
      context.report({
        evidence: `session ids carry about ${sample.entropyBits} bits of randomness (length ${Math.min(...sample.lengths)}, e.g. ${sample.example})`,
        location,
        severity: 'medium',
      });
    }
  },
});

const SESSION_PARAM = /^(?:session[_-]?id|sid|session|token|access[_-]?token)$/i;

export const sessionIdInUrl = defineRule({
  artifact: 'live-server',
  meta: {
    id: 'MCP-009',
    title: 'Session id carried in the URL',
    severity: 'medium',
    confidence: 'confirmed',
    owasp_category: 'LLM02',
    owasp_mcp: 'MCP01',
    cwe: 'CWE-598',
    hipaa_mapping: '45 CFR 164.312(a)(1)',
    description:
      'The server tells clients to send messages to a URL whose query string holds the session id (or a token). URLs end up in proxy and server logs, browser history and Referer headers, where anyone reading them can take over the session.',
    remediation:
      "Move to the Streamable HTTP transport, which carries the session in the Mcp-Session-Id header; if the legacy SSE transport must stay, require the client's credential on every POST so that the id alone is not enough.",
    monitor_candidate: false,
    docs: 'Read from the `endpoint` event of an HTTP+SSE server. Example: `event: endpoint` / `data: /messages?sessionId=6f1c…` — every POST of the session then carries its id in the URL.',
  },
  check(live, context) {
    if (!live.sseEndpoint || !URL.canParse(live.sseEndpoint)) return;
    const endpoint = new URL(live.sseEndpoint);
    for (const [name, value] of endpoint.searchParams) {
      if (!SESSION_PARAM.test(name) || !value) continue;
      context.report({
        evidence: `message endpoint ${endpoint.pathname}?${name}=${maskSecret(value)}`,
        location: serverLocation(live),
      });
    }
  },
});
