import { inlineSecret } from '../../../../src/engine/rules/config/inline-secret.js';
import { ruleTester } from '../../../helpers/rule-tester.js';
import { fake } from '../secrets/fake-secrets.js';
import { server } from './helpers.js';

const token = fake.opaqueToken();

ruleTester(inlineSecret, {
  valid: [
    {
      description: 'env references',
      code: server({
        command: 'npx',
        args: ['gh-mcp@1.0.0'],
        env: { GITHUB_TOKEN: '${env:GITHUB_TOKEN}', API_KEY: '${API_KEY}', SECRET: '${input:secret}' },
      }),
    },
    {
      description: 'placeholders',
      code: server({
        command: 'node',
        env: {
          OPENAI_API_KEY: '<your-openai-key>',
          STRIPE_SECRET_KEY: 'YOUR_STRIPE_SECRET_KEY',
          TOKEN: 'sk-...',
        },
      }),
    },
    {
      description: 'non-secret env and flags',
      code: server({
        command: 'node',
        args: ['--port', '8080', '--log-level', 'debug'],
        env: { LOG_LEVEL: 'debug', MAX_TOKENS: '4096', NODE_ENV: 'production' },
      }),
    },
    {
      description: 'a header built from an env reference',
      code: server({
        url: 'https://mcp.example.com/mcp',
        headers: { Authorization: 'Bearer ${env:MCP_TOKEN}' },
      }),
    },
    {
      description: 'a Codex bearer_token_env_var names, not holds, the token',
      name: 'config.toml',
      code: '[mcp_servers.x]\nurl = "https://x.example.com/mcp"\nbearer_token_env_var = "X_TOKEN"\n',
    },
  ],
  invalid: [
    {
      description: 'a GitHub token in env, masked and located',
      name: 'claude_desktop_config.json',
      code: server(
        {
          command: 'npx',
          args: ['-y', '@modelcontextprotocol/server-github'],
          env: { GITHUB_PERSONAL_ACCESS_TOKEN: fake.githubPat() },
        },
        'github',
      ),
      errors: [
        {
          evidence: /^github: env\.GITHUB_PERSONAL_ACCESS_TOKEN = ghp_…\w{4} \(GitHub token\)$/,
          severity: 'critical',
          location: {
            file: 'claude_desktop_config.json',
            line: 10,
            field: 'github.env.GITHUB_PERSONAL_ACCESS_TOKEN',
          },
        },
      ],
    },
    {
      description: 'an opaque token under a credential name',
      code: server({ command: 'node', env: { INTERNAL_API_TOKEN: token } }),
      errors: [{ evidence: /env\.INTERNAL_API_TOKEN = /, severity: 'high' }],
    },
    {
      description: 'a short password is still reported, with less confidence',
      code: server({ command: 'node', env: { DB_PASSWORD: 'postgrespass' } }),
      errors: [{ severity: 'medium', confidence: 'possible' }],
    },
    {
      description: 'a bearer token in headers (VS Code)',
      name: '.vscode/mcp.json',
      code: {
        servers: {
          api: {
            type: 'http',
            url: 'https://api.example.com/mcp',
            headers: { Authorization: `Bearer ${token}` },
          },
        },
      },
      errors: [{ evidence: /headers\.Authorization = /, location: { line: 7 } }],
    },
    {
      description: '--api-key VALUE and --token=VALUE arguments',
      code: server({
        command: 'uvx',
        args: ['svc-mcp==1.0', '--api-key', token, `--token=${fake.hexToken()}`],
      }),
      errors: 2,
    },
    {
      description: 'a header argument to mcp-remote',
      code: server({
        command: 'npx',
        args: ['mcp-remote@0.1.0', 'https://x.example.com/sse', '--header', `Authorization: Bearer ${token}`],
      }),
      errors: 1,
    },
    {
      description: 'a provider key as a bare argument',
      code: server({ command: 'node', args: ['server.js', fake.anthropic()] }),
      errors: [{ evidence: /args\[1\] = sk-ant-…/, severity: 'critical' }],
    },
    {
      description: 'Codex TOML env table',
      name: '.codex/config.toml',
      code: `[mcp_servers.hf]\ncommand = "uvx"\nargs = ["hf-mcp==0.2.0"]\n\n[mcp_servers.hf.env]\nHF_TOKEN = "${fake.huggingFace()}"\n`,
      errors: [{ location: { line: 6 } }],
    },
  ],
});
