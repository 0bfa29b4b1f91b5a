import { describe, expect, it } from 'vitest';
import { editDistance, typosquattedServer } from '../../../../src/engine/rules/config/typosquat.js';
import { ruleTester } from '../../../helpers/rule-tester.js';
import { server } from './helpers.js';

const npx = (pkg: string) => server({ command: 'npx', args: ['-y', pkg] });

ruleTester(typosquattedServer, {
  valid: [
    { code: npx('@modelcontextprotocol/server-filesystem') },
    { code: npx('@modelcontextprotocol/server-github@2025.4.8') },
    { code: npx('@acme/internal-crm-mcp') },
    { code: server({ command: 'uvx', args: ['mcp-server-fetch'] }) },
    { code: server({ command: 'docker', args: ['run', '-i', 'mcp/github:1.0'] }) },
    {
      description: 'a different server under the official scope',
      code: npx('@modelcontextprotocol/server-git'),
    },
  ],
  invalid: [
    {
      code: npx('@modelcontextprotocol/server-filesytem'),
      errors: [
        {
          evidence:
            'srv: @modelcontextprotocol/server-filesytem looks like @modelcontextprotocol/server-filesystem (one character away)',
          location: { line: 7 },
        },
      ],
    },
    { code: npx('@modelcontextprotocol/server-gihtub@1.0.0'), errors: [{ evidence: /one character away/ }] },
    { code: npx('@modelcontextprotocoI/server-github'), errors: 1 },
    {
      code: npx('@modelcontext-protocol/server-slack'),
      errors: [{ evidence: /one character away|another scope/ }],
    },
    { code: npx('@modelcontextprotocols/server-memory'), errors: 1 },
    {
      code: npx('@modelcontextprotocol-ai/server-postgres'),
      errors: [{ evidence: /same name under another scope/ }],
    },
    { code: npx('@modelcontextprotocol/search-server-brave'), errors: [{ evidence: /words swapped/ }] },
    { code: npx('@playwrigth/mcp'), errors: 1 },
    {
      code: server({ command: 'uvx', args: ['mcp-server-fecth'] }),
      errors: [{ evidence: /mcp-server-fetch/ }],
    },
    {
      code: server({ command: 'docker', args: ['run', '-i', '--rm', 'mcp/githb:1.0'] }),
      errors: [{ evidence: /mcp\/github/ }],
    },
  ],
});

describe('editDistance', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('github', 'gihtub')).toBe(1);
    expect(editDistance('fetch', 'fecth')).toBe(1);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('filesystem', 'files')).toBe(3);
  });
});
