import { safetyOff, tlsVerificationOff } from '../../../../src/engine/rules/config/security-off.js';
import { ruleTester } from '../../../helpers/rule-tester.js';
import { server } from './helpers.js';

ruleTester(tlsVerificationOff, {
  valid: [
    {
      code: server({
        command: 'node',
        env: { NODE_TLS_REJECT_UNAUTHORIZED: '1', PYTHONHTTPSVERIFY: '1', SSL_VERIFY: 'true' },
      }),
    },
    {
      code: server({
        command: 'node',
        env: { NODE_EXTRA_CA_CERTS: '/etc/ssl/corp-ca.pem', REQUESTS_CA_BUNDLE: '/etc/ssl/corp-ca.pem' },
      }),
    },
    {
      description: '-k means something else to a server',
      code: server({ command: 'npx', args: ['kv-mcp@1.0.0', '-k', 'name'] }),
    },
    { code: server({ command: 'uvx', args: ['svc==1.0', '--verify=true'] }) },
  ],
  invalid: [
    {
      code: server(
        {
          command: 'npx',
          args: ['mcp-remote@0.1.0', 'https://x.example.com/sse'],
          env: { NODE_TLS_REJECT_UNAUTHORIZED: '0' },
        },
        'bridge',
      ),
      errors: [
        {
          evidence: 'bridge: env.NODE_TLS_REJECT_UNAUTHORIZED=0 (certificate checks off)',
          location: { line: 10, field: 'bridge.env.NODE_TLS_REJECT_UNAUTHORIZED' },
        },
      ],
    },
    { code: server({ command: 'python', args: ['-m', 'srv'], env: { PYTHONHTTPSVERIFY: '0' } }), errors: 1 },
    {
      code: server({
        command: 'node',
        env: { JIRA_SSL_VERIFY: 'false', GITLAB_INSECURE: 'true', GIT_SSL_NO_VERIFY: '1' },
      }),
      errors: 3,
    },
    { code: server({ command: 'node', env: { REQUESTS_CA_BUNDLE: '' } }), errors: 1 },
    {
      code: server({
        command: 'uvx',
        args: ['svc==1.0', '--insecure', '--verify=false', '--ignore-certificate-errors'],
      }),
      errors: 3,
    },
    { code: server({ command: 'sh', args: ['-c', 'x'], env: {} }), errors: 0 },
    {
      code: server({ command: 'curl', args: ['-k', 'https://x.example.com'] }),
      errors: [{ evidence: /-k \(certificate checks off\)/ }],
    },
  ],
});

ruleTester(safetyOff, {
  valid: [
    { code: server({ command: 'npx', args: ['@playwright/mcp@0.0.30', '--headless'] }) },
    { code: server({ command: 'deno', args: ['run', '--allow-net=api.example.com', 'server.ts'] }) },
    {
      code: server({
        command: 'node',
        env: { DISABLE_TELEMETRY: '1', DANGEROUSLY_ALLOW_ALL: 'false', AUTH_REQUIRED: 'true' },
      }),
    },
    {
      description: '-A means something else outside deno',
      code: server({ command: 'node', args: ['s.js', '-A'] }),
    },
  ],
  invalid: [
    {
      code: server({
        command: 'npx',
        args: ['puppeteer-mcp@1.0.0', '--no-sandbox', '--disable-web-security'],
      }),
      errors: [
        { evidence: /--no-sandbox \(protection off\)/, location: { field: 'srv.args.1' } },
        { evidence: /--disable-web-security/ },
      ],
    },
    { code: server({ command: 'deno', args: ['run', '--allow-all', 'server.ts'] }), errors: 1 },
    { code: server({ command: 'deno', args: ['run', '-A', 'server.ts'] }), errors: 1 },
    { code: server({ command: 'agent-cli', args: ['--dangerously-skip-permissions'] }), errors: 1 },
    {
      code: server({
        command: 'node',
        env: { DANGEROUSLY_OMIT_AUTH: 'true', MCP_DISABLE_AUTH: '1', BROWSER_NO_SANDBOX: 'yes' },
      }),
      errors: 3,
    },
    { code: server({ command: 'node', env: { PUPPETEER_ARGS: '--headless --no-sandbox' } }), errors: 1 },
  ],
});
