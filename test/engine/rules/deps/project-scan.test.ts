// A whole upload as a user sends it: a Python agent and a TypeScript MCP server with their manifests
// and lockfiles, scanned through scanFiles with every DEP rule and the default (embedded) advisories.
import { describe, expect, it } from 'vitest';
import { depRules } from '../../../../src/engine/rules/deps/index.js';
import { scanFiles } from '../../../../src/engine/scan.js';

const files = [
  {
    name: 'agent/requirements.txt',
    content: [
      '-c ../constraints.txt',
      'mcp==1.9.0',
      'langchian==0.2.1',
      'openai',
      'httpx',
      'git+https://github.com/example/agent-tools.git@main#egg=agent-tools',
    ].join('\n'),
  },
  { name: 'constraints.txt', content: 'httpx==0.27.0\n' },
  {
    name: 'server/package.json',
    content: JSON.stringify(
      {
        name: 'notes-mcp-server',
        scripts: { build: 'tsc', postinstall: 'node scripts/fetch-model.js' },
        dependencies: { '@modelcontextprotocol/sdk': '^1.24.0', 'mcp-remote': '^0.1.0', zod: '^3.23.8' },
      },
      null,
      2,
    ),
  },
  {
    name: 'server/package-lock.json',
    content: JSON.stringify(
      {
        lockfileVersion: 3,
        packages: {
          '': { dependencies: { '@modelcontextprotocol/sdk': '^1.24.0', 'mcp-remote': '^0.1.0' } },
          'node_modules/@modelcontextprotocol/sdk': { version: '1.24.0' },
          'node_modules/mcp-remote': { version: '0.1.12' },
        },
      },
      null,
      2,
    ),
  },
];

describe('a realistic upload', () => {
  it('reports exactly what a reviewer would', async () => {
    const result = await scanFiles(files, { rules: depRules });
    expect(result.file_errors).toEqual([]);
    expect(
      result.findings.map((f) => [f.id, f.severity, f.location?.file, f.location?.line, f.evidence]),
    ).toEqual([
      [
        'DEP-001',
        'critical',
        'server/package-lock.json',
        13,
        'mcp-remote@0.1.12: CVE-2025-6514 (CVSS 9.6, critical), fixed in 0.1.16 [npm]',
      ],
      [
        'DEP-001',
        'high',
        'agent/requirements.txt',
        2,
        'mcp@1.9.0: CVE-2025-66416 (high), fixed in 1.23.0 [PyPI]',
      ],
      [
        'DEP-001',
        'high',
        'agent/requirements.txt',
        2,
        'mcp@1.9.0: CVE-2025-53365 (high), fixed in 1.10.0 [PyPI]',
      ],
      [
        'DEP-001',
        'high',
        'agent/requirements.txt',
        2,
        'mcp@1.9.0: CVE-2025-53366 (high), fixed in 1.9.4 [PyPI]',
      ],
      ['DEP-006', 'high', 'agent/requirements.txt', 3, 'langchian looks like langchain [PyPI]'],
      ['DEP-002', 'medium', 'agent/requirements.txt', 4, 'openai (no version)'],
      ['DEP-004', 'medium', 'server/package.json', 5, 'postinstall: node scripts/fetch-model.js'],
      [
        'DEP-005',
        'medium',
        'agent/requirements.txt',
        6,
        'agent-tools from git+https://github.com/example/agent-tools.git@main#egg=agent-tools (from a repository branch or tag, which can move)',
      ],
      ['DEP-007', 'medium', 'server/package.json', 10, 'zod is not in package-lock.json'],
    ]);
    // A confirmed critical (the mcp-remote advisory) caps the score.
    expect(result.overall_score).toBeLessThanOrEqual(49);
  });
});
