import { vulnerableDependency } from '../../../../src/engine/rules/deps/vulnerable-dependency.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(vulnerableDependency, {
  valid: [
    {
      description: 'mcp-remote at the fixed version',
      name: 'package.json',
      code: { dependencies: { 'mcp-remote': '0.1.16' } },
    },
    {
      description: 'a caret range that lets npm pick the fix',
      name: 'package.json',
      code: { dependencies: { 'mcp-remote': '^0.1.0' } },
    },
    {
      description: 'a fixed MCP Python SDK pinned in requirements',
      name: 'requirements.txt',
      code: 'mcp==1.23.0\n',
    },
    {
      description: 'a vulnerable range in package.json overruled by a fixed lockfile',
      files: [
        { name: 'package.json', code: { dependencies: { 'mcp-remote': '~0.1.10' } } },
        {
          name: 'package-lock.json',
          code: {
            lockfileVersion: 3,
            packages: {
              '': { dependencies: { 'mcp-remote': '~0.1.10' } },
              'node_modules/mcp-remote': { version: '0.1.16' },
            },
          },
        },
      ],
    },
    {
      description: 'a package from git is not looked up by version',
      name: 'requirements.txt',
      code: 'git+https://github.com/example/mcp-remote.git@0.1.0#egg=mcp-remote\n',
    },
  ],
  invalid: [
    {
      description: 'mcp-remote 0.1.10 pinned in package.json',
      name: 'package.json',
      code: { dependencies: { 'mcp-remote': '0.1.10' } },
      errors: [
        {
          evidence: 'mcp-remote@0.1.10: CVE-2025-6514 (CVSS 9.6, critical), fixed in 0.1.16',
          severity: 'critical',
          confidence: 'confirmed',
          location: { file: 'package.json', line: 3 },
        },
      ],
    },
    {
      description: 'MCP Inspector and server-filesystem locked in package-lock.json',
      name: 'package-lock.json',
      code: {
        lockfileVersion: 3,
        packages: {
          '': {},
          'node_modules/@modelcontextprotocol/inspector': { version: '0.14.0' },
          'node_modules/@modelcontextprotocol/server-filesystem': { version: '0.6.2' },
        },
      },
      errors: [
        { evidence: /inspector@0\.14\.0: CVE-2025-49596 .*fixed in 0\.14\.1/, severity: 'critical' },
        { evidence: /server-filesystem@0\.6\.2: CVE-2025-53110 .*fixed in 2025\.7\.1/, severity: 'high' },
        { evidence: /server-filesystem@0\.6\.2: CVE-2025-53109 .*fixed in 2025\.7\.1/, severity: 'high' },
      ],
    },
    {
      description: 'an old MCP Python SDK, normalised name and all',
      name: 'requirements.txt',
      code: '# server\nMCP==1.9.0\n',
      errors: [
        { evidence: /MCP@1\.9\.0: CVE-2025-66416 .*fixed in 1\.23\.0/, location: { line: 2 } },
        { evidence: /CVE-2025-53365 .*fixed in 1\.10\.0/ },
        { evidence: /CVE-2025-53366 .*fixed in 1\.9\.4/ },
      ],
    },
    {
      description: 'a range that shuts out the fix, with no lockfile',
      name: 'package.json',
      code: { dependencies: { 'mcp-remote': '>=0.1.0 <0.1.16' } },
      errors: [
        {
          evidence: 'mcp-remote >=0.1.0 <0.1.16 (allows 0.1.0): CVE-2025-6514',
          confidence: 'likely',
        },
      ],
    },
    {
      description: 'langchain-core in the 1.x line before its fix, from uv.lock',
      name: 'uv.lock',
      code: '[[package]]\nname = "langchain-core"\nversion = "1.2.4"\nsource = { registry = "https://pypi.org/simple" }\n',
      errors: [
        { evidence: /langchain-core@1\.2\.4: CVE-2025-68664 .*fixed in 1\.2\.5/, location: { line: 2 } },
      ],
    },
  ],
});
