import { describe, expect, it } from 'vitest';
import { parsePipRequirementsLine } from 'pip-requirements-js';
import { collectFiles } from '../../../../src/engine/collect/files/index.js';
import type { DependencyManifest } from '../../../../src/engine/types.js';

async function collect(files: Record<string, string | object>) {
  const collected = await collectFiles(
    Object.entries(files).map(([name, code]) => ({
      name,
      content: typeof code === 'string' ? code : JSON.stringify(code, null, 2),
    })),
  );
  const manifests = collected.artifacts.filter(
    (a): a is DependencyManifest => a.kind === 'dependency-manifest',
  );
  return { manifests, errors: collected.file_errors };
}

async function only(
  name: string,
  code: string | object,
  expectedErrors: string[] = [],
): Promise<DependencyManifest> {
  const { manifests, errors } = await collect({ [name]: code });
  expect(errors.map((e) => e.error)).toEqual(expectedErrors);
  expect(manifests).toHaveLength(1);
  return manifests[0]!;
}

function byName(manifest: DependencyManifest) {
  return Object.fromEntries(manifest.dependencies.map((d) => [d.name, d]));
}

describe('requirements files', () => {
  const text = [
    '# pinned and ranged',
    'requests==2.31.0',
    'mcp[cli]>=1.2,<2 ; python_version >= "3.10"',
    '-r base.txt',
    '-c constraints.txt',
    '--index-url https://pypi.org/simple',
    'git+https://github.com/example/tool.git@main#egg=tool',
    'https://files.example.test/pkgs/widget-1.0-py3-none-any.whl',
    'helper @ https://files.example.test/helper-2.0.tar.gz',
    'numpy==1.26.4 \\',
    '    --hash=sha256:abcdef',
    '-e ./local-lib',
    'openai  # latest, unpinned',
    'this is not a requirement !!',
  ].join('\n');

  it('reads pins, ranges, extras, markers, includes, VCS, URL and path lines with their lines', async () => {
    const manifest = await only('requirements.txt', text, [
      'line 14: not a requirement pip would read; skipped',
    ]);
    expect(manifest).toMatchObject({ ecosystem: 'PyPI', manifestKind: 'requirements', lockfile: false });
    const deps = byName(manifest);
    expect(deps.requests).toMatchObject({ version: '2.31.0', spec: '==2.31.0', line: 2, source: 'registry' });
    expect(deps.mcp).toMatchObject({ spec: '>=1.2,<2', line: 3, source: 'registry' });
    expect(deps.mcp!.version).toBeUndefined();
    expect(deps.tool).toMatchObject({ source: 'vcs', line: 7 });
    expect(deps.widget).toMatchObject({ source: 'url', line: 8 });
    expect(deps.helper).toMatchObject({
      source: 'url',
      spec: 'https://files.example.test/helper-2.0.tar.gz',
      line: 9,
    });
    expect(deps.numpy).toMatchObject({ version: '1.26.4', line: 10 });
    expect(deps['local-lib']).toMatchObject({ source: 'path', line: 12 });
    expect(deps.openai).toMatchObject({ spec: '', line: 13 });
    expect(manifest.includes).toEqual([
      { path: 'base.txt', line: 4, constraints: false },
      { path: 'constraints.txt', line: 5, constraints: true },
    ]);
    expect(manifest.dependencies).toHaveLength(8);
  });

  it('accepts requirements-dev.in and constraints files', async () => {
    expect((await only('requirements-dev.in', 'pytest>=8\n')).dependencies[0]).toMatchObject({
      name: 'pytest',
    });
    expect((await only('deps/constraints.txt', 'urllib3==2.2.1\n')).dependencies[0]).toMatchObject({
      version: '2.2.1',
    });
  });

  it('reads simple lines (read without the PEP 508 parser) exactly as that parser reads them', async () => {
    const lines = [
      'requests',
      'Django==4.2',
      'a_b.c-d >= 1.0 , < 2.0.* ',
      '\tpkg~=1.4!2+local',
      'naïve_名前==1.0',
      'pkg===1.0',
      'pkg==',
      'pkg- ==1',
      'pkg == 1 ,',
      '-pkg==1',
      '名前 ==1.0',
      'x>=1,<=2,!=1.5,~=1.1,>0,<3',
    ];
    const manifest = await only('requirements.txt', lines.join('\n'), [
      'lines 6, 7, 8, 9, 10: not a requirement pip would read; skipped',
    ]);
    const expected = lines.flatMap((line, i) => {
      try {
        const read = parsePipRequirementsLine(line);
        if (read?.type !== 'ProjectName') return [];
        const spec = (read.versionSpec ?? []).map((s) => `${s.operator}${s.version}`).join(',');
        return [{ name: read.name, spec, line: i + 1 }];
      } catch {
        return [];
      }
    });
    expect(expected).toHaveLength(7);
    expect(manifest.dependencies.map(({ name, spec, line }) => ({ name, spec, line }))).toEqual(expected);
  });

  it('reports a file where no line is a requirement as a file error', async () => {
    const { manifests, errors } = await collect({ 'requirements.txt': '<<<>>>\n!!!\n' });
    expect(manifests).toEqual([]);
    expect(errors[0]!.error).toMatch(/requirements/);
  });
});

describe('pyproject.toml', () => {
  it('reads PEP 621, optional and PEP 735 groups, Poetry tables and uv sources', async () => {
    const manifest = await only(
      'pyproject.toml',
      [
        '[project]',
        'name = "agent"',
        'dependencies = [',
        '  "mcp>=1.9",',
        '  "httpx==0.27.0",',
        '  "openai",',
        ']',
        '[project.optional-dependencies]',
        'rag = ["llama-index-core>=0.10"]',
        '[dependency-groups]',
        'dev = ["pytest==8.2.0"]',
        '[tool.uv.sources]',
        'openai = { git = "https://github.com/example/openai-fork" }',
        '[tool.poetry.dependencies]',
        'python = "^3.11"',
        'requests = "2.31.0"',
        'anthropic = { version = "^0.30", extras = ["bedrock"] }',
        'tool = { git = "https://github.com/example/tool.git", rev = "v1" }',
        '[tool.poetry.group.dev.dependencies]',
        'ruff = "*"',
      ].join('\n'),
    );
    const deps = byName(manifest);
    expect(deps.mcp).toMatchObject({ spec: '>=1.9', line: 4 });
    expect(deps.httpx).toMatchObject({ version: '0.27.0', line: 5 });
    expect(deps.openai).toMatchObject({ source: 'vcs', line: 6 });
    expect(deps['llama-index-core']).toMatchObject({ line: 9 });
    expect(deps.pytest).toMatchObject({ version: '8.2.0', line: 11 });
    expect(deps.python).toBeUndefined();
    expect(deps.requests).toMatchObject({ version: '2.31.0', line: 16 });
    expect(deps.anthropic).toMatchObject({ spec: '^0.30', line: 17 });
    expect(deps.tool).toMatchObject({
      source: 'vcs',
      spec: 'git:https://github.com/example/tool.git@v1',
      line: 18,
    });
    expect(deps.ruff).toMatchObject({ spec: '*', line: 20 });
  });

  it('leaves broken TOML to the collector’s own error', async () => {
    const { manifests, errors } = await collect({ 'pyproject.toml': '[project\ndependencies = ["x"' });
    expect(manifests).toEqual([]);
    expect(errors).toHaveLength(1);
  });
});

describe('Pipfile, Pipfile.lock, poetry.lock, uv.lock', () => {
  it('reads Pipfile sections', async () => {
    const deps = byName(
      await only(
        'Pipfile',
        '[packages]\nrequests = "*"\nflask = "==3.0.0"\nlib = {git = "https://github.com/example/lib.git", ref = "main"}\n[dev-packages]\npytest = {version = ">=8"}\n',
      ),
    );
    expect(deps.requests).toMatchObject({ spec: '*', line: 2 });
    expect(deps.flask).toMatchObject({ version: '3.0.0', line: 3 });
    expect(deps.lib).toMatchObject({ source: 'vcs', line: 4 });
    expect(deps.pytest).toMatchObject({ spec: '>=8', line: 6 });
  });

  it('reads Pipfile.lock with positions', async () => {
    const lock = await only('Pipfile.lock', {
      _meta: { hash: { sha256: 'x' } },
      default: { requests: { version: '==2.31.0', hashes: [] } },
      develop: { pytest: { version: '==8.2.0' } },
    });
    expect(lock.lockfile).toBe(true);
    expect(byName(lock).requests).toMatchObject({ version: '2.31.0', line: 8 });
  });

  it('reads poetry.lock packages and their sources', async () => {
    const lock = await only(
      'poetry.lock',
      '[[package]]\nname = "requests"\nversion = "2.31.0"\n\n[[package]]\nname = "tool"\nversion = "0.1.0"\n\n[package.source]\ntype = "git"\nurl = "https://github.com/example/tool.git"\nreference = "main"\n',
    );
    expect(lock.dependencies).toEqual([
      { name: 'requests', spec: '2.31.0', line: 2, direct: false, source: 'registry', version: '2.31.0' },
      {
        name: 'tool',
        spec: 'git:https://github.com/example/tool.git',
        line: 6,
        direct: false,
        source: 'vcs',
      },
    ]);
  });

  it('reads uv.lock and marks the project’s own dependencies direct', async () => {
    const lock = await only(
      'uv.lock',
      [
        'version = 1',
        '[[package]]',
        'name = "agent"',
        'version = "0.1.0"',
        'source = { editable = "." }',
        'dependencies = [{ name = "mcp" }]',
        '',
        '[[package]]',
        'name = "mcp"',
        'version = "1.9.0"',
        'source = { registry = "https://pypi.org/simple" }',
        '',
        '[[package]]',
        'name = "anyio"',
        'version = "4.4.0"',
        'source = { registry = "https://pypi.org/simple" }',
      ].join('\n'),
    );
    expect(lock.dependencies.map((d) => [d.name, d.version, d.line, d.direct])).toEqual([
      ['mcp', '1.9.0', 9, true],
      ['anyio', '4.4.0', 14, false],
    ]);
  });
});

describe('npm', () => {
  it('reads package.json groups, sources and install scripts', async () => {
    const manifest = await only('package.json', {
      name: 'server',
      scripts: { build: 'tsc', postinstall: 'node setup.js' },
      dependencies: {
        '@modelcontextprotocol/sdk': '^1.12.0',
        'mcp-remote': '0.1.10',
        helper: 'github:example/helper#main',
        tarball: 'https://files.example.test/t-1.0.0.tgz',
        local: 'file:../local',
        latestish: 'latest',
      },
      devDependencies: { typescript: '~5.9.0' },
    });
    const deps = byName(manifest);
    expect(deps['@modelcontextprotocol/sdk']).toMatchObject({ spec: '^1.12.0', source: 'registry' });
    expect(deps['mcp-remote']).toMatchObject({ version: '0.1.10', line: 9 });
    expect(deps.helper!.source).toBe('vcs');
    expect(deps.tarball!.source).toBe('url');
    expect(deps.local!.source).toBe('path');
    expect(deps.typescript!.line).toBe(16);
    expect(manifest.installScripts).toEqual([{ name: 'postinstall', command: 'node setup.js', line: 5 }]);
  });

  it('reads package-lock.json v3 with direct flags and install scripts', async () => {
    const lock = await only('package-lock.json', {
      name: 'server',
      lockfileVersion: 3,
      packages: {
        '': { name: 'server', dependencies: { 'mcp-remote': '^0.1.0' } },
        'node_modules/mcp-remote': {
          version: '0.1.10',
          resolved: 'https://registry.npmjs.org/mcp-remote/-/mcp-remote-0.1.10.tgz',
        },
        'node_modules/mcp-remote/node_modules/open': {
          version: '10.1.0',
          resolved: 'https://registry.npmjs.org/open/-/open-10.1.0.tgz',
        },
        'node_modules/native': { version: '2.0.0', hasInstallScript: true },
        'node_modules/forked': {
          version: '1.0.0',
          resolved: 'git+ssh://git@github.com/example/forked.git#abc',
        },
      },
    });
    expect(
      lock.dependencies.map((d) => [d.name, d.version, d.direct, d.source, d.hasInstallScript ?? false]),
    ).toEqual([
      ['mcp-remote', '0.1.10', true, 'registry', false],
      ['open', '10.1.0', false, 'registry', false],
      ['native', '2.0.0', false, 'registry', true],
      ['forked', '1.0.0', false, 'vcs', false],
    ]);
    expect(lock.dependencies[0]!.line).toBe(11);
  });

  it('reads package-lock.json v1 nested trees', async () => {
    const lock = await only('package-lock.json', {
      lockfileVersion: 1,
      dependencies: {
        a: { version: '1.0.0', dependencies: { b: { version: '2.0.0' } } },
        c: { version: 'github:example/c#0123456789abcdef0123456789abcdef01234567' },
      },
    });
    expect(lock.dependencies.map((d) => [d.name, d.version, d.source])).toEqual([
      ['a', '1.0.0', 'registry'],
      ['b', '2.0.0', 'registry'],
      ['c', undefined, 'vcs'],
    ]);
  });

  it('reads yarn.lock v1', async () => {
    const lock = await only(
      'yarn.lock',
      '# yarn lockfile v1\n\n\n"@scope/pkg@^1.0.0", "@scope/pkg@^1.1.0":\n  version "1.2.0"\n  resolved "https://registry.yarnpkg.com/@scope/pkg/-/pkg-1.2.0.tgz#abc"\n\n"other@git+https://github.com/example/other.git":\n  version "0.0.1"\n  resolved "git+https://github.com/example/other.git#0123"\n',
    );
    expect(lock.dependencies.map((d) => [d.name, d.version, d.line, d.source])).toEqual([
      ['@scope/pkg', '1.2.0', 4, 'registry'],
      ['other', undefined, 8, 'vcs'],
    ]);
  });

  it('reads yarn berry lockfiles and the workspace’s direct dependencies', async () => {
    const lock = await only(
      'yarn.lock',
      '__metadata:\n  version: 8\n  cacheKey: 10c0\n\n"mcp-remote@npm:^0.1.0":\n  version: 0.1.10\n  resolution: "mcp-remote@npm:0.1.10"\n  languageName: node\n  linkType: hard\n\n"server@workspace:.":\n  version: 0.0.0-use.local\n  resolution: "server@workspace:."\n  dependencies:\n    mcp-remote: "npm:^0.1.0"\n  languageName: unknown\n  linkType: soft\n',
    );
    expect(lock.dependencies).toEqual([
      {
        name: 'mcp-remote',
        spec: 'npm:^0.1.0',
        line: 5,
        direct: true,
        source: 'registry',
        version: '0.1.10',
      },
    ]);
  });

  it('reads pnpm-lock.yaml v9 and v6 keys', async () => {
    const v9 = await only(
      'pnpm-lock.yaml',
      "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      '@modelcontextprotocol/sdk':\n        specifier: ^1.12.0\n        version: 1.12.0\npackages:\n  '@modelcontextprotocol/sdk@1.12.0':\n    resolution: {integrity: sha512-x}\n  esbuild@0.21.5:\n    resolution: {integrity: sha512-y}\n    requiresBuild: true\n",
    );
    expect(
      v9.dependencies.map((d) => [d.name, d.version, d.direct, d.line, d.hasInstallScript ?? false]),
    ).toEqual([
      ['@modelcontextprotocol/sdk', '1.12.0', true, 9, false],
      ['esbuild', '0.21.5', false, 11, true],
    ]);
    const v6 = await only(
      'pnpm-lock.yaml',
      "lockfileVersion: '6.0'\ndependencies:\n  left-pad:\n    specifier: ^1.3.0\n    version: 1.3.0\npackages:\n  /left-pad@1.3.0:\n    resolution: {integrity: sha512-z}\n  /react-dom@18.2.0(react@18.2.0):\n    resolution: {integrity: sha512-w}\n",
    );
    expect(v6.dependencies.map((d) => [d.name, d.version, d.direct])).toEqual([
      ['left-pad', '1.3.0', true],
      ['react-dom', '18.2.0', false],
    ]);
  });
});

describe('malformed input never crashes the scan', () => {
  const cases: Record<string, string> = {
    'yarn.lock': 'foo:\n  - : :\n"unterminated',
    'poetry.lock': '[[package]\nname = ',
    'uv.lock': 'package = 3\n[[package]]\nname = 4',
    Pipfile: '[packages\n',
    'Pipfile.lock': '{"default": ',
    'package.json': '{"dependencies": {"a": ',
    'package-lock.json': '[1, 2, 3]',
    'pnpm-lock.yaml': 'packages:\n  - [unclosed',
    'requirements.txt': '\u0000\u0001\u0002',
  };
  for (const [name, content] of Object.entries(cases)) {
    it(`${name} with garbage becomes a file error or an empty manifest`, async () => {
      const { manifests, errors } = await collect({ [name]: content });
      const empty = manifests.every((m) => m.dependencies.length === 0);
      expect(errors.length > 0 || empty).toBe(true);
    });
  }

  it('refuses absurdly nested package-lock v1 trees', async () => {
    let tree: Record<string, unknown> = { version: '1.0.0' };
    for (let i = 0; i < 70; i++) tree = { version: '1.0.0', dependencies: { [`p${i}`]: tree } };
    const { manifests, errors } = await collect({
      'package-lock.json': { lockfileVersion: 1, dependencies: { root: tree } },
    });
    expect(manifests).toEqual([]);
    expect(errors[0]!.error).toMatch(/nested deeper/);
  });

  it('keeps the other files of the scan', async () => {
    const { manifests, errors } = await collect({ 'yarn.lock': '"oops', 'requirements.txt': 'mcp==1.9.0\n' });
    expect(errors.map((e) => e.file)).toEqual(['yarn.lock']);
    expect(manifests.map((m) => m.file)).toEqual(['requirements.txt']);
  });
});
