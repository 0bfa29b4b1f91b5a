import { looseVersion } from '../../../../src/engine/rules/deps/loose-version.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(looseVersion, {
  valid: [
    { description: 'exact pins', name: 'requirements.txt', code: 'mcp==1.23.0\nopenai===1.40.0\n' },
    {
      description: 'a bounded range of an ordinary package, no lockfile',
      name: 'requirements.txt',
      code: 'requests>=2.31,<3\n',
    },
    {
      description: 'a caret range of an MCP package with its lockfile',
      files: [
        { name: 'package.json', code: { dependencies: { '@modelcontextprotocol/sdk': '^1.24.0' } } },
        { name: 'pnpm-lock.yaml', code: "lockfileVersion: '9.0'\npackages: {}\n" },
      ],
    },
    {
      description: 'an unpinned requirement pinned by a constraints file in the upload',
      files: [
        { name: 'app/requirements.txt', code: '-c ../constraints.txt\nopenai\n' },
        { name: 'constraints.txt', code: 'openai==1.40.0\n' },
      ],
    },
    {
      description: 'constraints reached through an included requirements file',
      files: [
        { name: 'requirements.txt', code: '-r requirements/base.txt\nlangchain\n' },
        { name: 'requirements/base.txt', code: '-c ../constraints.txt\n' },
        { name: 'constraints.txt', code: 'langchain==0.3.7\n' },
      ],
    },
    {
      description: 'git, URL and path dependencies are another rule’s business',
      name: 'package.json',
      code: { dependencies: { a: 'github:example/a', b: 'file:../b' } },
    },
    {
      description: 'lockfiles themselves',
      name: 'poetry.lock',
      code: '[[package]]\nname = "openai"\nversion = "1.0.0"\n',
    },
  ],
  invalid: [
    {
      description: 'no version and any version',
      name: 'requirements.txt',
      code: 'openai\nrequests\n',
      errors: [
        {
          evidence: 'openai (no version)',
          severity: 'medium',
          title: 'Unpinned MCP/LLM dependency',
          location: { line: 1 },
        },
        { evidence: 'requests (no version)', severity: 'low', location: { line: 2 } },
      ],
    },
    {
      description: 'latest, star and a lower bound only in package.json',
      name: 'package.json',
      code: {
        dependencies: { '@modelcontextprotocol/sdk': 'latest', 'mcp-remote': '*', express: '>=4.0.0' },
      },
      errors: [
        { evidence: '@modelcontextprotocol/sdk (latest: no upper bound)', severity: 'medium' },
        { evidence: 'mcp-remote (any version)', severity: 'medium' },
        { evidence: 'express (>=4.0.0: no upper bound)', severity: 'low' },
      ],
    },
    {
      description: 'a lower bound in pyproject even with a lockfile is still worth a note',
      files: [
        { name: 'pyproject.toml', code: '[project]\nname = "a"\ndependencies = ["mcp>=1.0"]\n' },
        { name: 'uv.lock', code: '[[package]]\nname = "mcp"\nversion = "1.23.0"\n' },
      ],
      errors: [
        {
          evidence: 'mcp (>=1.0: no upper bound); a lockfile is present',
          severity: 'low',
          confidence: 'possible',
        },
      ],
    },
    {
      description: 'a range of an LLM package with no lockfile',
      name: 'Pipfile',
      code: '[packages]\nlangchain = "~=0.3.0"\nflask = "~=3.0"\n',
      errors: [
        { evidence: 'langchain ~=0.3.0 (range, no lockfile)', severity: 'low', location: { line: 2 } },
      ],
    },
    {
      description: 'Poetry star',
      name: 'pyproject.toml',
      code: '[tool.poetry.dependencies]\npython = "^3.11"\nanthropic = "*"\n',
      errors: [{ evidence: 'anthropic (any version)', location: { line: 3 } }],
    },
  ],
});
