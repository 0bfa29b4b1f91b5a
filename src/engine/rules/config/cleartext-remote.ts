// CFG-004: a remote MCP server reached over plain `http://` (or `ws://`) off this machine.
import { defineRule } from '../../types.js';
import { locate, redact } from './command-line.js';
import { configuredUrls, isLoopbackHost, isPrivateHost } from './urls.js';

export const cleartextRemote = defineRule({
  meta: {
    id: 'CFG-004',
    title: 'Remote MCP server over cleartext HTTP',
    severity: 'high',
    confidence: 'likely',
    owasp_category: 'LLM02',
    owasp_mcp: 'MCP07',
    cwe: 'CWE-319',
    hipaa_mapping: '45 CFR 164.312(e)(1)',
    description:
      'The client talks to a server on another machine over `http://`. Anyone on the path can read the ' +
      'tokens, prompts and tool results, and can change tool definitions and results on the way.',
    remediation: 'Use `https://` (TLS) for every server that is not on this machine.',
    monitor_candidate: false,
    docs:
      "Checks the entry's `url` (`serverUrl`, `httpUrl`) and URL arguments of bridges such as " +
      '`mcp-remote`. Loopback (`localhost`, `127.0.0.1`, `::1`) is fine; private addresses and names ' +
      '(`10.x`, `192.168.x`, `*.internal`) are reported as medium. Example: ' +
      '`"url": "http://mcp.example.com/sse"` should be `https://mcp.example.com/sse`.',
  },
  artifact: 'mcp-config',
  check(config, context) {
    for (const server of config.servers) {
      for (const found of configuredUrls(server)) {
        if (found.url.protocol !== 'http:' && found.url.protocol !== 'ws:') continue;
        if (isLoopbackHost(found.url.hostname)) continue;
        const inside = isPrivateHost(found.url.hostname);
        context.report({
          evidence: `${server.name}: ${redact(found.text)}`,
          ...(inside
            ? { severity: 'medium', title: 'MCP server on the local network over cleartext HTTP' }
            : {}),
          ...(found.primary ? {} : { confidence: 'possible' }),
          location: locate(config, server, found.path),
        });
      }
    }
  },
});
