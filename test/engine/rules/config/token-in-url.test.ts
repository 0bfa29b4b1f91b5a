import { tokenInUrl } from '../../../../src/engine/rules/config/token-in-url.js';
import { ruleTester } from '../../../helpers/rule-tester.js';
import { fake } from '../secrets/fake-secrets.js';
import { server } from './helpers.js';

const token = fake.opaqueToken();

ruleTester(tokenInUrl, {
  valid: [
    { code: server({ url: 'https://mcp.example.com/sse?session=new&format=json' }) },
    { code: server({ url: 'https://mcp.example.com/sse?api_key=${env:MCP_KEY}' }) },
    { code: server({ url: 'https://mcp.example.com/sse?token=<your-token>' }) },
    { code: server({ url: 'https://user@mcp.example.com/mcp' }) },
    { code: server({ url: 'https://mcp.example.com/mcp?page=2&sort=desc' }) },
  ],
  invalid: [
    {
      code: server({ url: `https://mcp.example.com/sse?token=${token}` }, 'api'),
      errors: [
        {
          evidence: /^api: https:\/\/mcp\.example\.com\/sse\?token=\w\w…[\w-]{4} \(query parameter token=/,
          location: { line: 4 },
        },
      ],
    },
    { code: server({ url: `https://mcp.example.com/mcp?team=a&api_key=${fake.hexToken()}` }), errors: 1 },
    {
      code: server({ url: 'https://admin:Tr0ub4dor-and-3@mcp.example.com/mcp' }),
      errors: [{ evidence: /password in URL/ }],
    },
    {
      code: server({
        command: 'npx',
        args: ['mcp-remote@0.1.0', `https://mcp.example.com/sse?access_token=${token}`],
      }),
      errors: [{ location: { field: 'srv.args.1' } }],
    },
    {
      description: 'a provider key in the path',
      code: server({ url: `https://hooks.example.com/${fake.google()}/mcp` }),
      errors: [{ evidence: /API key in URL/ }],
    },
  ],
});
