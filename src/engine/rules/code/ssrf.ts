import type { CallSite, ValueSummary } from '../../collect/code/model.js';
import { defineRule } from '../../types.js';
import { locationOf } from './sinks.js';

const HTTP_VERBS = 'get|post|put|patch|delete|head|options|request|stream|fetch';
const FETCHERS = new RegExp(
  `^(?:(?:requests|httpx|axios|got|needle|superagent|ky|undici|node-fetch)\\.(?:${HTTP_VERBS})|urllib\\.request\\.(?:urlopen|Request)|urllib3\\.request|https?\\.(?:get|request)|fetch|node-fetch|axios|got|aiohttp\\.request)$`,
);
/**
 * Method calls on something named like an HTTP client (`session.get`, `client.post`, `http.fetch`): the
 * name is looked into for the word, not read again from every place the word could start.
 */
const CLIENT_METHOD = new RegExp(
  `(?:^|\\.)(?=\\w*(?:session|client|http|requests|axios))\\w+\\.(?:${HTTP_VERBS})$`,
  'i',
);

function urlOf(call: CallSite): ValueSummary | undefined {
  return call.keywords.url ?? call.args[0]?.properties?.url ?? call.args[0];
}

/** A URL whose scheme and host are fixed text cannot be pointed at another host. */
function hostIsFixed(url: ValueSummary): boolean {
  return url.prefix !== undefined && /^[a-z][a-z0-9+.-]*:\/\/[^/?#]+[/?#]/i.test(url.prefix);
}

export const serverSideRequestForgery = defineRule({
  meta: {
    id: 'CODE-006',
    title: 'HTTP request to a URL taken from a tool argument (SSRF)',
    severity: 'high',
    confidence: 'likely',
    owasp_category: 'LLM06',
    owasp_mcp: 'MCP05',
    cwe: 'CWE-918',
    hipaa_mapping: '45 CFR 164.312(a)(1)',
    description:
      'A tool fetches a URL that comes from its arguments without checking where it points. The caller can make the server reach internal services, cloud metadata endpoints (169.254.169.254) or localhost admin ports and read the answers.',
    remediation:
      'Parse the URL, allow only https and an allow-list of hosts, resolve the host and refuse private, loopback and link-local addresses (re-check on every redirect), and cap the response size.',
    monitor_candidate: false,
    docs: 'Inside an MCP tool handler, flags requests, httpx, urllib, aiohttp sessions, `fetch`, axios, got, undici and `http(s).get/request` when the URL flows from a tool parameter and the handler never inspects the URL\'s host (`urlparse(url).hostname`, `new URL(u).host`). A URL whose scheme and host are fixed text (`f"https://api.github.com/repos/{repo}"`) stays silent. Example: `@mcp.tool()\\nasync def fetch_page(url: str):\\n    return httpx.get(url).text` answers `url = "http://169.254.169.254/latest/meta-data/iam/"` with cloud credentials.',
  },
  artifact: 'source-file',
  check(source, context) {
    const checked = new Set(source.handlers.filter((h) => h.checksUrlHost).map((h) => h.tool));
    for (const call of source.calls) {
      if (!call.handler || checked.has(call.handler)) continue;
      if (!FETCHERS.test(call.callee) && !CLIENT_METHOD.test(call.callee)) continue;
      const url = urlOf(call);
      if (!url || url.taint.length === 0 || hostIsFixed(url)) continue;
      context.report({
        evidence: call.text,
        location: locationOf(source, call),
        description: `Tool parameter ${url.taint.map((t) => `\`${t}\``).join(', ')} decides the URL this request goes to, and the handler of \`${call.handler}\` never checks its host.`,
      });
    }
  },
});
