import { cleartextRemote } from '../../../../src/engine/rules/config/cleartext-remote.js';
import { ruleTester } from '../../../helpers/rule-tester.js';
import { server, servers } from './helpers.js';

ruleTester(cleartextRemote, {
  valid: [
    { code: server({ url: 'https://mcp.example.com/mcp' }) },
    {
      code: servers({
        a: { url: 'http://localhost:3000/mcp' },
        b: { url: 'http://127.0.0.1:8080/sse' },
        c: { url: 'http://[::1]:9000/mcp' },
        d: { serverUrl: 'http://api.localhost/mcp' },
      }),
    },
    { code: server({ command: 'npx', args: ['mcp-remote@0.1.0', 'http://localhost:8000/sse'] }) },
  ],
  invalid: [
    {
      code: server({ url: 'http://mcp.example.com/sse' }, 'remote'),
      errors: [
        {
          evidence: 'remote: http://mcp.example.com/sse',
          severity: 'high',
          location: { line: 4, field: 'remote.url' },
        },
      ],
    },
    {
      description: 'private network is medium',
      code: server({ type: 'sse', url: 'http://192.168.1.20:8080/sse' }),
      errors: [{ severity: 'medium' }],
    },
    {
      description: 'Windsurf serverUrl',
      name: 'mcp_config.json',
      code: server({ serverUrl: 'http://tools.example.org/mcp' }),
      errors: 1,
    },
    {
      description: 'a bridge argument',
      code: server({ command: 'npx', args: ['mcp-remote@0.1.0', 'http://mcp.example.net/sse'] }),
      errors: [{ confidence: 'possible', location: { field: 'srv.args.1' } }],
    },
    {
      description: 'credentials in the URL are masked',
      code: server({ url: 'http://bob:S3cretPassw0rd@mcp.example.com/sse' }),
      errors: [{ evidence: 'srv: http://bob:S3…w0rd@mcp.example.com/sse' }],
    },
  ],
});
