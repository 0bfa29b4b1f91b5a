import { missingLockfile } from '../../../../src/engine/rules/deps/missing-lockfile.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(missingLockfile, {
  valid: [
    {
      description: 'package.json with its package-lock.json',
      files: [
        { name: 'server/package.json', code: { dependencies: { zod: '^3.23.0' } } },
        { name: 'server/package-lock.json', code: { lockfileVersion: 3, packages: {} } },
      ],
    },
    {
      description: 'pyproject.toml with uv.lock',
      files: [
        { name: 'pyproject.toml', code: '[project]\nname = "a"\ndependencies = ["mcp>=1.23"]\n' },
        { name: 'uv.lock', code: 'version = 1\n' },
      ],
    },
    {
      description: 'a package.json with no dependencies',
      name: 'package.json',
      code: { name: 'x', scripts: {} },
    },
    {
      description: 'only workspace paths',
      name: 'package.json',
      code: { dependencies: { lib: 'workspace:*' } },
    },
    { description: 'a plain requirements.txt is its own lock', name: 'requirements.txt', code: 'openai\n' },
    {
      description: 'requirements.in compiled by pip-tools',
      files: [
        { name: 'requirements.in', code: 'openai\n' },
        { name: 'requirements.txt', code: 'openai==1.40.0\n' },
      ],
    },
  ],
  invalid: [
    {
      description: 'package.json alone',
      name: 'package.json',
      code: { dependencies: { '@modelcontextprotocol/sdk': '^1.24.0', zod: '^3.23.0' } },
      errors: [
        {
          evidence: /package\.json declares 2 dependencies and no package-lock\.json/,
          location: { line: 3 },
        },
      ],
    },
    {
      description: 'a lockfile in another directory does not count',
      files: [
        { name: 'server/package.json', code: { dependencies: { zod: '^3.23.0' } } },
        { name: 'package-lock.json', code: { lockfileVersion: 3, packages: {} } },
      ],
      errors: [{ location: { file: 'server/package.json' } }],
    },
    {
      description: 'Pipfile without Pipfile.lock',
      name: 'Pipfile',
      code: '[packages]\nrequests = "*"\n',
      errors: [{ evidence: 'Pipfile declares 1 dependency and no Pipfile.lock is beside it' }],
    },
    {
      description: 'requirements.in without its compiled file',
      name: 'requirements.in',
      code: 'openai\n',
      errors: [{ evidence: /no requirements\.txt/ }],
    },
  ],
});
