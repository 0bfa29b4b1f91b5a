import { broadFilesystem } from '../../../../src/engine/rules/config/broad-filesystem.js';
import { ruleTester } from '../../../helpers/rule-tester.js';
import { server } from './helpers.js';

const fs = (...dirs: string[]) =>
  server({ command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', ...dirs] }, 'filesystem');

ruleTester(broadFilesystem, {
  valid: [
    { code: fs('/home/alice/projects/site', '/tmp/scratch') },
    { code: fs('~/code/app', 'C:\\Users\\alice\\Documents\\notes') },
    {
      description: 'a non-file server with an unrelated `/` argument',
      code: server({ command: 'node', args: ['router.js', '--prefix', '/'] }),
    },
    {
      description: 'docker mounts are judged by CFG-009',
      code: server({
        command: 'docker',
        args: ['run', '-i', '-v', '/:/host', 'mcp/filesystem:1.0', '/host'],
      }),
    },
  ],
  invalid: [
    {
      code: fs('/'),
      errors: [
        { evidence: 'filesystem: / (whole filesystem)', location: { line: 8, field: 'filesystem.args.2' } },
      ],
    },
    { code: fs('~'), errors: [{ evidence: /whole home directory/ }] },
    { code: fs('/Users/alice'), errors: 1 },
    { code: fs('/home/bob/'), errors: 1 },
    { code: fs('C:\\'), errors: [{ evidence: /whole filesystem/ }] },
    { code: fs('${userHome}', '%USERPROFILE%', '$HOME'), errors: 3 },
    {
      description: 'a path flag of any server',
      code: server({ command: 'uvx', args: ['code-index-mcp==1.0', '--root=/'] }),
      errors: 1,
    },
    { code: server({ command: 'node', args: ['server.js', '--allowed-dirs', '~'] }), errors: 1 },
    {
      description: 'Continue YAML',
      name: 'config.yaml',
      code: 'mcpServers:\n  - name: files\n    command: npx\n    args: ["-y", "@modelcontextprotocol/server-filesystem@2025.3.28", "/"]\n',
      errors: [{ location: { line: 4 } }],
    },
  ],
});
