import { remoteSource } from '../../../../src/engine/rules/deps/remote-source.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(remoteSource, {
  valid: [
    { description: 'registry packages', name: 'requirements.txt', code: 'mcp==1.23.0\n' },
    { description: 'a local path', name: 'requirements.txt', code: '-e ./libs/tools\n' },
  ],
  invalid: [
    {
      description: 'a git branch in requirements.txt',
      name: 'requirements.txt',
      code: 'mcp==1.23.0\ngit+https://github.com/example/tool.git@main#egg=tool\n',
      errors: [
        {
          evidence:
            'tool from git+https://github.com/example/tool.git@main#egg=tool (from a repository branch or tag, which can move)',
          severity: 'medium',
          location: { line: 2 },
        },
      ],
    },
    {
      description: 'a commit-pinned repository is low',
      name: 'package.json',
      code: { dependencies: { helper: 'github:example/helper#0123456789abcdef0123456789abcdef01234567' } },
      errors: [{ severity: 'low', evidence: /pinned to a commit/ }],
    },
    {
      description: 'plain HTTP is high, a hashed URL low',
      name: 'requirements.txt',
      code: 'http://files.example.test/a-1.0.tar.gz\nb @ https://files.example.test/b-1.0.tar.gz#sha256=0123\n',
      errors: [
        { severity: 'high', evidence: /^a from http:/ },
        { severity: 'low', evidence: /^b from https:.*integrity hash/ },
      ],
    },
    {
      description: 'manifest and lockfile together: reported once, on the manifest',
      files: [
        { name: 'package.json', code: { dependencies: { helper: 'github:example/helper' } } },
        {
          name: 'package-lock.json',
          code: {
            lockfileVersion: 3,
            packages: {
              '': { dependencies: { helper: 'github:example/helper' } },
              'node_modules/helper': {
                version: '1.0.0',
                resolved: 'git+ssh://git@github.com/example/helper.git#abc',
              },
            },
          },
        },
      ],
      errors: [{ location: { file: 'package.json' } }],
    },
    {
      description: 'a Poetry git source and a uv URL source',
      name: 'pyproject.toml',
      code: '[project]\nname = "a"\ndependencies = ["tool"]\n[tool.uv.sources]\ntool = { url = "https://files.example.test/tool-1.0.tar.gz" }\n[tool.poetry.dependencies]\nother = { git = "https://github.com/example/other.git", branch = "dev" }\n',
      errors: [{ evidence: /^tool from url:https:/ }, { evidence: /^other from git:https:.*@dev/ }],
    },
  ],
});
