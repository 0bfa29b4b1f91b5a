import { unpinnedPackage } from '../../../../src/engine/rules/config/unpinned-package.js';
import { ruleTester } from '../../../helpers/rule-tester.js';
import { server } from './helpers.js';

ruleTester(unpinnedPackage, {
  valid: [
    { code: server({ command: 'npx', args: ['-y', '@modelcontextprotocol/server-github@2025.4.8'] }) },
    { code: server({ command: 'npx', args: ['-y', '-p', 'tool-pkg@1.2.3', 'tool-bin'] }) },
    { code: server({ command: 'uvx', args: ['mcp-server-time==0.6.2', '--local-timezone', 'UTC'] }) },
    { code: server({ command: 'uvx', args: ['--from', 'mcp-git==1.0.0', 'mcp-server-git'] }) },
    { code: server({ command: 'uvx', args: ['mcp-server-fetch@2025.4.7'] }) },
    { code: server({ command: 'pipx', args: ['run', '--spec', 'mcp-proxy==0.8.0', 'mcp-proxy'] }) },
    {
      code: server({
        command: 'docker',
        args: ['run', '-i', '--rm', '-e', 'GITHUB_TOKEN', 'ghcr.io/github/github-mcp-server:v0.5.0'],
      }),
    },
    {
      code: server({
        command: 'docker',
        args: ['run', '-i', '--rm', 'mcp/fetch@sha256:' + 'ab12'.repeat(16)],
      }),
    },
    {
      description: 'local scripts and paths are not registry packages',
      code: server({ command: 'npx', args: ['./dist/server.js'] }),
    },
    { code: server({ command: 'node', args: ['build/index.js'] }) },
  ],
  invalid: [
    {
      code: server({ command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'] }, 'gh'),
      errors: [
        {
          evidence: 'gh: npx @modelcontextprotocol/server-github (no version)',
          location: { line: 7, field: 'gh.args.1' },
        },
      ],
    },
    {
      code: server({ command: 'npx', args: ['-y', 'firecrawl-mcp@latest'] }),
      errors: [{ evidence: /firecrawl-mcp@latest \(`latest`\)/ }],
    },
    {
      code: server({ command: 'npx', args: ['some-mcp@^1.2.0'] }),
      errors: [{ evidence: /range \^1\.2\.0/ }],
    },
    {
      description: 'a whole command line in `command`',
      code: server({ command: 'npx -y @playwright/mcp' }),
      errors: [{ evidence: /npx @playwright\/mcp \(no version\)/ }],
    },
    {
      code: server({ command: 'uvx', args: ['mcp-server-fetch'] }),
      errors: [{ evidence: 'uvx mcp-server-fetch (no version)' }],
    },
    {
      code: server({ command: 'uvx', args: ['--from', 'git-mcp>=1.0', 'git-mcp'] }),
      errors: [{ evidence: /range >=1\.0/ }],
    },
    { code: server({ command: 'pipx', args: ['run', 'mcp-proxy'] }), errors: 1 },
    { code: server({ command: 'bunx', args: ['tavily-mcp'] }), errors: 1 },
    {
      code: server({ command: 'pnpm', args: ['dlx', 'exa-mcp-server'] }),
      errors: [{ evidence: /pnpm dlx exa-mcp-server/ }],
    },
    {
      code: server({ command: 'docker', args: ['run', '-i', '--rm', '-e', 'TOKEN', 'mcp/github'] }),
      errors: [{ evidence: 'docker run mcp/github (no version)' }],
    },
    {
      code: server({ command: 'docker', args: ['run', '-i', '--rm', 'ghcr.io/acme/mcp:latest'] }),
      errors: [{ evidence: /ghcr\.io\/acme\/mcp:latest \(`latest`\)/ }],
    },
    {
      description: 'Continue YAML',
      name: 'config.yaml',
      code: 'mcpServers:\n  - name: browser\n    command: npx\n    args: ["-y", "@playwright/mcp"]\n',
      errors: [{ location: { line: 4 } }],
    },
  ],
});
