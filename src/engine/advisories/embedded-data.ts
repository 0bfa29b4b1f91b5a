// The advisory set shipped inside TrustTrace, so that a scan finds the best-known vulnerable MCP and
// LLM packages with no network at all. Summaries are ours; ids, ranges, fixed versions and severities
// follow the public advisories. `npx tsx scripts/refresh-advisories.ts` rebuilds this file from OSV.
import type { EmbeddedAdvisory } from './embedded.js';

export const EMBEDDED_PACKAGES_REFRESHED = '2026-11-27';

export const EMBEDDED_ADVISORIES: EmbeddedAdvisory[] = [
  {
    id: 'CVE-2025-6514',
    aliases: ['GHSA-6xpm-ggf7-wc3p'],
    summary:
      'mcp-remote passes the authorization endpoint a remote server advertises to the system URL opener, so a malicious MCP server can run commands on the client machine.',
    severity: 'critical',
    cvssScore: 9.6,
    affected: [{ ecosystem: 'npm', name: 'mcp-remote', ranges: [{ introduced: '0.0.5', fixed: '0.1.16' }] }],
  },
  {
    id: 'CVE-2025-49596',
    aliases: ['GHSA-7f8r-222p-6f5g'],
    summary:
      'MCP Inspector’s proxy accepted requests without authentication, so any web page the developer visited could make it launch commands (remote code execution).',
    severity: 'critical',
    cvssScore: 9.4,
    affected: [
      {
        ecosystem: 'npm',
        name: '@modelcontextprotocol/inspector',
        ranges: [{ introduced: '0', fixed: '0.14.1' }],
      },
    ],
  },
  {
    id: 'CVE-2025-53110',
    aliases: ['GHSA-hc55-p739-j48w'],
    summary:
      'The filesystem MCP server checked allowed directories with a plain prefix match, so a sibling directory whose name starts with an allowed one could be read and written.',
    severity: 'high',
    cvssScore: 7.3,
    affected: [
      {
        ecosystem: 'npm',
        name: '@modelcontextprotocol/server-filesystem',
        ranges: [{ introduced: '0', fixed: '2025.7.1' }],
      },
    ],
  },
  {
    id: 'CVE-2025-53109',
    aliases: ['GHSA-q66q-fx2p-7w4m'],
    summary:
      'The filesystem MCP server followed symbolic links out of its allowed directories, giving read and write access to any file the process can reach.',
    severity: 'high',
    cvssScore: 8.4,
    affected: [
      {
        ecosystem: 'npm',
        name: '@modelcontextprotocol/server-filesystem',
        ranges: [{ introduced: '0', fixed: '2025.7.1' }],
      },
    ],
  },
  {
    id: 'CVE-2025-66414',
    aliases: ['GHSA-w48q-cv73-mx4w'],
    summary:
      'The MCP TypeScript SDK did not turn on DNS-rebinding protection for HTTP servers bound to localhost, so a web page could drive a local server.',
    severity: 'high',
    cvssScore: 7.6,
    affected: [
      { ecosystem: 'npm', name: '@modelcontextprotocol/sdk', ranges: [{ introduced: '0', fixed: '1.24.0' }] },
    ],
  },
  {
    id: 'CVE-2025-66416',
    aliases: ['GHSA-9h52-p55h-vw2f'],
    summary:
      'The MCP Python SDK did not turn on DNS-rebinding protection for HTTP servers bound to localhost, so a web page could drive a local server.',
    severity: 'high',
    affected: [{ ecosystem: 'PyPI', name: 'mcp', ranges: [{ introduced: '0', fixed: '1.23.0' }] }],
  },
  {
    id: 'CVE-2025-53365',
    aliases: [],
    summary:
      'An exception raised inside the MCP Python SDK’s Streamable HTTP transport went unhandled and took the whole server down (denial of service).',
    severity: 'high',
    affected: [{ ecosystem: 'PyPI', name: 'mcp', ranges: [{ introduced: '0', fixed: '1.10.0' }] }],
  },
  {
    id: 'CVE-2025-53366',
    aliases: [],
    summary:
      'A malformed tool call could make a FastMCP server in the MCP Python SDK fail on input validation and stop serving (denial of service).',
    severity: 'high',
    affected: [{ ecosystem: 'PyPI', name: 'mcp', ranges: [{ introduced: '0', fixed: '1.9.4' }] }],
  },
  {
    id: 'CVE-2025-68143',
    aliases: [],
    summary:
      'The git MCP server’s git_init tool created repositories at any path it was given, outside the repository it was meant to serve.',
    severity: 'high',
    cvssScore: 8.8,
    affected: [
      { ecosystem: 'PyPI', name: 'mcp-server-git', ranges: [{ introduced: '0', fixed: '2025.9.25' }] },
    ],
  },
  {
    id: 'CVE-2025-68144',
    aliases: [],
    summary:
      'The git MCP server passed tool arguments to git diff and git checkout unchecked, so an argument starting with a dash became a git option (argument injection).',
    severity: 'high',
    cvssScore: 8.1,
    affected: [
      { ecosystem: 'PyPI', name: 'mcp-server-git', ranges: [{ introduced: '0', fixed: '2025.12.18' }] },
    ],
  },
  {
    id: 'CVE-2025-68145',
    aliases: [],
    summary:
      'The git MCP server did not hold tools to the repository it was started with, so a call could operate on other repositories on the machine.',
    severity: 'high',
    cvssScore: 7.1,
    affected: [
      { ecosystem: 'PyPI', name: 'mcp-server-git', ranges: [{ introduced: '0', fixed: '2025.12.18' }] },
    ],
  },
  {
    id: 'CVE-2026-27735',
    aliases: ['GHSA-vjqx-cfc4-9h6v'],
    summary:
      'The git MCP server’s git_add tool staged paths outside the repository (`../`), so files such as credentials could be committed and pushed away.',
    severity: 'medium',
    affected: [
      { ecosystem: 'PyPI', name: 'mcp-server-git', ranges: [{ introduced: '0', fixed: '2026.1.14' }] },
    ],
  },
  {
    id: 'CVE-2025-53107',
    aliases: [],
    summary:
      'A git MCP server built command lines from tool arguments and ran them through a shell (command injection).',
    severity: 'high',
    affected: [
      { ecosystem: 'npm', name: '@cyanheads/git-mcp-server', ranges: [{ introduced: '0', fixed: '2.1.5' }] },
    ],
  },
  {
    id: 'CVE-2025-53967',
    aliases: [],
    summary:
      'The Figma MCP server fell back to a shell command built from request data when fetching, so a crafted request ran commands (command injection).',
    severity: 'high',
    affected: [
      { ecosystem: 'npm', name: 'figma-developer-mcp', ranges: [{ introduced: '0', fixed: '0.6.3' }] },
    ],
  },
  {
    id: 'CVE-2025-54795',
    aliases: [],
    summary:
      'Claude Code’s command allow-list could be bypassed with a crafted command, running commands the user had not approved.',
    severity: 'high',
    affected: [
      { ecosystem: 'npm', name: '@anthropic-ai/claude-code', ranges: [{ introduced: '0', fixed: '1.0.20' }] },
    ],
  },
  {
    id: 'CVE-2025-54794',
    aliases: [],
    summary:
      'Claude Code confined file access with a prefix check on paths, so a sibling directory sharing the prefix was reachable.',
    severity: 'high',
    affected: [
      {
        ecosystem: 'npm',
        name: '@anthropic-ai/claude-code',
        ranges: [{ introduced: '0', fixed: '0.2.111' }],
      },
    ],
  },
  {
    id: 'CVE-2023-29374',
    aliases: [],
    summary:
      'LangChain’s math chain evaluated Python written by the model, so a prompt injection ran arbitrary code.',
    severity: 'critical',
    cvssScore: 9.8,
    affected: [
      { ecosystem: 'PyPI', name: 'langchain', ranges: [{ introduced: '0', lastAffected: '0.0.131' }] },
    ],
  },
  {
    id: 'CVE-2023-36258',
    aliases: [],
    summary:
      'LangChain’s program-aided (PAL) chain executed model-written code, so a prompt injection ran arbitrary code.',
    severity: 'critical',
    cvssScore: 9.8,
    affected: [{ ecosystem: 'PyPI', name: 'langchain', ranges: [{ introduced: '0', fixed: '0.0.236' }] }],
  },
  {
    id: 'CVE-2025-68664',
    aliases: [],
    summary:
      'langchain-core’s serializer did not escape user data shaped like its own objects, so loading it back could instantiate classes and leak secrets from the environment.',
    severity: 'critical',
    affected: [
      {
        ecosystem: 'PyPI',
        name: 'langchain-core',
        ranges: [
          { introduced: '0', fixed: '0.3.81' },
          { introduced: '1.0.0', fixed: '1.2.5' },
        ],
      },
    ],
  },
  {
    id: 'CVE-2025-3248',
    aliases: [],
    summary:
      'Langflow’s code validation endpoint ran submitted Python without authentication (remote code execution).',
    severity: 'critical',
    cvssScore: 9.8,
    affected: [{ ecosystem: 'PyPI', name: 'langflow', ranges: [{ introduced: '0', fixed: '1.3.0' }] }],
  },
  {
    id: 'CVE-2024-34359',
    aliases: [],
    summary:
      'llama-cpp-python rendered chat templates from model files in an unsandboxed Jinja2 environment, so a crafted model ran code when loaded.',
    severity: 'critical',
    cvssScore: 9.6,
    affected: [
      { ecosystem: 'PyPI', name: 'llama-cpp-python', ranges: [{ introduced: '0.2.30', fixed: '0.2.72' }] },
    ],
  },
  {
    id: 'CVE-2024-3098',
    aliases: [],
    summary:
      'LlamaIndex’s safe-eval guard for model-written code could be bypassed, so a prompt injection into a query engine ran arbitrary code.',
    severity: 'critical',
    affected: [
      { ecosystem: 'PyPI', name: 'llama-index-core', ranges: [{ introduced: '0', fixed: '0.10.24' }] },
    ],
  },
];
