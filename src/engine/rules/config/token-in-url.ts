// CFG-005: credentials carried in a server URL (`?token=…`, `?api_key=…`, `user:pass@`), where they end
// up in proxy logs, server access logs, browser history and crash reports.
import { maskSecret } from '../../evidence.js';
import { defineRule } from '../../types.js';
import { findProviderSecrets, isPlaceholder, isReference, secretKindOfName } from '../secrets/patterns.js';
import { locate, redact } from './command-line.js';
import { configuredUrls } from './urls.js';

const SECRET_PARAMS =
  /^(?:token|access_token|accesstoken|auth|auth_token|authtoken|api_key|apikey|api-key|key|secret|client_secret|password|pass|pwd|sig|signature|private_token|session|sessionid|session_id|jwt|bearer|code)$/i;

function isRealValue(value: string): boolean {
  return value.length >= 6 && !isReference(value) && !isPlaceholder(value);
}

export const tokenInUrl = defineRule({
  meta: {
    id: 'CFG-005',
    title: 'Credential in an MCP server URL',
    severity: 'high',
    confidence: 'likely',
    owasp_category: 'LLM02',
    owasp_mcp: 'MCP01',
    cwe: 'CWE-598',
    hipaa_mapping: '45 CFR 164.312(a)(1); 45 CFR 164.312(e)(1)',
    description:
      'A token, key or password is part of a server URL (a query parameter or `user:password@`). URLs are ' +
      'logged by proxies and servers, shown in error messages and kept in histories.',
    remediation:
      'Send the credential in a header that references the environment (`"headers": {"Authorization": ' +
      '"Bearer ${env:TOKEN}"}`) or use the server\'s OAuth flow, and rotate the exposed value.',
    monitor_candidate: false,
    docs:
      'Checks the `url` of each entry and URL arguments. Reported: passwords in the user-info part, query ' +
      'parameters named like credentials (`token`, `api_key`, `key`, `sig`, `*_secret`, …) with a ' +
      'literal value, and any provider-format key anywhere in the URL. Example: ' +
      '`https://mcp.example.com/sse?api_key=9f…` is shown as `?api_key=9f…c1d2`.',
  },
  artifact: 'mcp-config',
  check(config, context) {
    for (const server of config.servers) {
      for (const found of configuredUrls(server)) {
        const { url } = found;
        const reasons: string[] = [];
        if (url.password && isRealValue(decodedOrRaw(url.password))) reasons.push('password in URL');
        for (const [name, value] of url.searchParams) {
          if ((SECRET_PARAMS.test(name) || secretKindOfName(name)) && isRealValue(value))
            reasons.push(`query parameter ${name}=${maskSecret(value)}`);
        }
        if (reasons.length === 0 && findProviderSecrets(found.text).length > 0)
          reasons.push('API key in URL');
        if (reasons.length === 0) continue;
        context.report({
          evidence: `${server.name}: ${redact(found.text)} (${reasons.join(', ')})`,
          location: locate(config, server, found.path),
        });
      }
    }
  },
});

/** A percent-decoded URL part; a malformed escape (`%E0%A4%A`) is judged as written. */
function decodedOrRaw(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
