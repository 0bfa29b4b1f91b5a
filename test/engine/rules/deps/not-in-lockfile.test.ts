import { notInLockfile } from '../../../../src/engine/rules/deps/not-in-lockfile.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

const lock = (names: Record<string, string>) => ({
  lockfileVersion: 3,
  packages: {
    '': { dependencies: Object.fromEntries(Object.keys(names).map((n) => [n, '*'])) },
    ...Object.fromEntries(Object.entries(names).map(([n, v]) => [`node_modules/${n}`, { version: v }])),
  },
});

ruleTester(notInLockfile, {
  valid: [
    {
      description: 'every dependency locked',
      files: [
        {
          name: 'package.json',
          code: { dependencies: { zod: '^3.23.0', '@modelcontextprotocol/sdk': '^1.24.0' } },
        },
        { name: 'package-lock.json', code: lock({ zod: '3.23.8', '@modelcontextprotocol/sdk': '1.24.0' }) },
      ],
    },
    {
      description: 'Python names compared after normalisation',
      files: [
        { name: 'pyproject.toml', code: '[project]\nname = "a"\ndependencies = ["Llama_Index>=0.10"]\n' },
        { name: 'poetry.lock', code: '[[package]]\nname = "llama-index"\nversion = "0.10.50"\n' },
      ],
    },
    {
      description: 'no lockfile: DEP-003’s business',
      name: 'package.json',
      code: { dependencies: { zod: '^3' } },
    },
    {
      description: 'workspace packages are not in the registry snapshot',
      files: [
        { name: 'package.json', code: { dependencies: { lib: 'workspace:*' } } },
        { name: 'package-lock.json', code: lock({}) },
      ],
    },
  ],
  invalid: [
    {
      description: 'a dependency added to package.json but never locked',
      files: [
        { name: 'package.json', code: { dependencies: { zod: '^3.23.0', 'mcp-remote': '0.1.16' } } },
        { name: 'package-lock.json', code: lock({ zod: '3.23.8' }) },
      ],
      errors: [
        {
          evidence: 'mcp-remote is not in package-lock.json',
          severity: 'medium',
          location: { file: 'package.json', line: 4 },
        },
      ],
    },
    {
      description: 'Pipfile against Pipfile.lock',
      files: [
        { name: 'Pipfile', code: '[packages]\nrequests = "*"\nopenai = "*"\n' },
        { name: 'Pipfile.lock', code: { default: { requests: { version: '==2.31.0' } }, develop: {} } },
      ],
      errors: [{ evidence: 'openai is not in Pipfile.lock', location: { line: 3 } }],
    },
    {
      description: 'yarn.lock',
      files: [
        { name: 'app/package.json', code: { dependencies: { lodash: '^4.17.21', axios: '^1.7.0' } } },
        {
          name: 'app/yarn.lock',
          code: '# yarn lockfile v1\n\nlodash@^4.17.21:\n  version "4.17.21"\n  resolved "https://registry.yarnpkg.com/lodash/-/lodash-4.17.21.tgz"\n',
        },
      ],
      errors: [{ evidence: 'axios is not in yarn.lock' }],
    },
  ],
});
