// The package as a user gets it: `npm pack` gives a tarball that installs into a fresh prefix and runs
// outside the checkout. Built into a staging copy (package.json, bin/, README and a dist/ compiled there)
// so that the test neither depends on nor disturbs the checkout's own dist/.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './run-cli.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const version = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string })
  .version;

let tarball: string;
let contents: string[];
let installed: string;

function trusttrace(args: string[], cwd: string) {
  const run = spawnSync(installed, args, {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: cwd, NO_COLOR: '1', TRUSTTRACE_OSV_URL: 'off' },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

beforeAll(() => {
  const work = mkdtempSync(path.join(tmpdir(), 'tt-package-'));
  const stage = path.join(work, 'stage');
  mkdirSync(stage);
  for (const file of ['package.json', 'README.md'])
    copyFileSync(path.join(repoRoot, file), path.join(stage, file));
  cpSync(path.join(repoRoot, 'bin'), path.join(stage, 'bin'), { recursive: true });
  execFileSync(
    process.execPath,
    [
      path.join(repoRoot, 'node_modules/typescript/bin/tsc'),
      '-p',
      path.join(repoRoot, 'tsconfig.build.json'),
      '--outDir',
      path.join(stage, 'dist'),
    ],
    { cwd: repoRoot },
  );
  const packed = JSON.parse(
    execFileSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', work], {
      cwd: stage,
      encoding: 'utf8',
    }),
  ) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(work, packed[0]!.filename);
  contents = packed[0]!.files.map((file) => file.path);
  // Dependencies from npm's cache when it has them (npm ci filled it); install scripts are not needed to
  // scan: the native SQLite binding serves only `serve` and `worker`.
  const prefix = path.join(work, 'prefix');
  execFileSync(
    npm,
    [
      'install',
      '--global',
      '--prefix',
      prefix,
      '--prefer-offline',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      tarball,
    ],
    { cwd: work, stdio: 'ignore' },
  );
  installed = path.join(prefix, process.platform === 'win32' ? 'trusttrace.cmd' : 'bin/trusttrace');
}, 900_000);

describe('the packed package', { timeout: 60_000 }, () => {
  it('holds the compiled CLI and none of the sources, tests or source maps', () => {
    expect(path.basename(tarball)).toBe(`trusttrace-${version}.tgz`);
    expect(contents).toEqual(
      expect.arrayContaining(['bin/trusttrace.js', 'dist/cli/main.js', 'package.json']),
    );
    expect(contents.filter((file) => /^(src|test|bench|scripts)\/|\.map$|^\.env/.test(file))).toEqual([]);
  });

  it('installed into a fresh prefix, scans a file from another directory', () => {
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'tt-elsewhere-'));
    copyFileSync(
      path.join(repoRoot, 'test/fixtures/files/poisoned/tools.json'),
      path.join(elsewhere, 'tools.json'),
    );
    const run = trusttrace(['scan', 'tools.json', '--format', 'json', '--fail-on', 'high'], elsewhere);
    expect(run.code, run.stderr).toBe(1);
    const result = JSON.parse(run.stdout) as { files_scanned: string[]; findings: { id: string }[] };
    expect(result.files_scanned).toEqual(['tools.json']);
    expect(result.findings.map((finding) => finding.id)).toContain('TOOL-100');
  });

  it('prints its version, its exit codes and the environment serve reads', () => {
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'tt-elsewhere-'));
    expect(trusttrace(['--version'], elsewhere)).toMatchObject({ code: 0, stdout: `${version}\n` });
    const help = trusttrace(['scan', '--help'], elsewhere);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Exit codes of scan:\n {2}0 .*\n {2}1 .*\n {2}2 /);
    const serve = trusttrace(['serve', '--help'], elsewhere);
    expect(serve.code).toBe(0);
    for (const name of [
      'TRUSTTRACE_ENV_FILE',
      'TRUSTTRACE_DATA_DIR',
      'TRUSTTRACE_OSV_URL',
      'TRUSTTRACE_LLM_URL',
    ])
      expect(serve.stdout).toContain(name);
  });
});
