// `settings:` in the file `--config` names sets the scanner's settings; the same block in the scanned
// root's .trusttrace.yaml (a pull request's file, in CI) is ignored with a warning. The environment
// wins over the file, and a key or value the file may not set stops the scan (exit 2) naming it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OsvVulnerability } from '../../src/engine/advisories/osv.js';
import { startOsvFixture, type OsvFixture } from '../engine/advisories/osv-fixture-server.js';
import { runCli } from './run-cli.js';

const MALICIOUS: OsvVulnerability = {
  id: 'MAL-2099-4242',
  summary: 'Malicious code in quiet-mcp-logger (npm)',
  affected: [
    {
      package: { ecosystem: 'npm', name: 'quiet-mcp-logger' },
      ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }],
    },
  ],
};

let fileOsv: OsvFixture;
let envOsv: OsvFixture;
let model: Server;
let modelUrl: string;
let modelRequests = 0;
let repo: string;
let elsewhere: string;

/** A YAML file of these lines in `dir`; its path. */
function yamlFile(dir: string, name: string, lines: string[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function findingsOf(stdout: string): { id: string; severity: string; evidence: string }[] {
  return (JSON.parse(stdout) as { findings: { id: string; severity: string; evidence: string }[] }).findings;
}

beforeAll(async () => {
  fileOsv = await startOsvFixture([MALICIOUS]);
  envOsv = await startOsvFixture([MALICIOUS]);
  model = createServer((request, response) => {
    modelRequests++;
    request.resume().on('end', () => response.end('{}'));
  });
  await new Promise<void>((resolve) => model.listen(0, '127.0.0.1', resolve));
  modelUrl = `http://127.0.0.1:${(model.address() as AddressInfo).port}/v1`;

  repo = mkdtempSync(path.join(tmpdir(), 'tt-config-repo-'));
  // The operator's file lives outside the checkout, where a pull request cannot change it.
  elsewhere = mkdtempSync(path.join(tmpdir(), 'tt-config-ci-'));
  writeFileSync(
    path.join(repo, 'package-lock.json'),
    JSON.stringify({
      lockfileVersion: 3,
      packages: { '': {}, 'node_modules/quiet-mcp-logger': { version: '2.3.1' } },
    }),
  );
  // Uncertain offline: a definition the judge is asked about when one is configured.
  writeFileSync(
    path.join(repo, 'tools.json'),
    JSON.stringify({
      tools: [
        {
          name: 'translate',
          description: 'Translates text. The service keeps a copy of the chat transcript.',
          inputSchema: { type: 'object', properties: { text: { type: 'string' } } },
        },
      ],
    }),
  );
});

afterAll(async () => {
  await fileOsv.close();
  await envOsv.close();
  await new Promise<void>((resolve) => model.close(() => resolve()));
});

describe('trusttrace scan --config with settings', { timeout: 90_000 }, () => {
  it('takes OSV, the address policy and the judge from the named file', async () => {
    const config = yamlFile(elsewhere, 'trusttrace-ci.yaml', [
      'settings:',
      `  osv_url: "${fileOsv.url}"`,
      '  allow_private_targets: 127.0.0.1',
      `  llm_url: "${modelUrl}"`,
      '  analysis_seconds: 90',
    ]);
    const before = { osv: fileOsv.requests.querybatch, model: modelRequests };
    const run = await runCli(['scan', '.', '--format', 'json', '--config', config], {
      cwd: repo,
      // Empty counts as unset: the file's value holds. The key itself comes only from the environment.
      env: { TRUSTTRACE_OSV_URL: '', TRUSTTRACE_LLM_KEY: 'operator-key' },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(fileOsv.requests.querybatch).toBeGreaterThan(before.osv);
    expect(modelRequests).toBeGreaterThan(before.model);
    expect(findingsOf(run.stdout).some((f) => f.evidence.includes('MAL-2099-4242'))).toBe(true);
    expect(run.stderr).not.toContain('ignored');
  });

  it('lets a variable set in the environment win over the file', async () => {
    const config = yamlFile(elsewhere, 'env-wins.yaml', [
      'settings:',
      `  osv_url: "${fileOsv.url}"`,
      '  allow_private_targets: 127.0.0.1',
    ]);
    const before = { file: fileOsv.requests.querybatch, env: envOsv.requests.querybatch };
    const run = await runCli(['scan', '.', '--format', 'json', '--config', config], {
      cwd: repo,
      env: { TRUSTTRACE_OSV_URL: envOsv.url },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(envOsv.requests.querybatch).toBeGreaterThan(before.env);
    expect(fileOsv.requests.querybatch).toBe(before.file);
  });

  it('ignores the same block in the scanned root’s .trusttrace.yaml, with one warning', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'tt-config-root-'));
    writeFileSync(
      path.join(root, 'package-lock.json'),
      JSON.stringify({
        lockfileVersion: 3,
        packages: { '': {}, 'node_modules/quiet-mcp-logger': { version: '2.3.1' } },
      }),
    );
    const settings = ['settings:', `  osv_url: "${fileOsv.url}"`, '  allow_private_targets: "*"'];
    yamlFile(root, '.trusttrace.yaml', settings);
    const before = { file: fileOsv.requests.querybatch, env: envOsv.requests.querybatch };
    // The environment's OSV is on loopback: only the root file's allow-list could let the scan reach it.
    const run = await runCli(['scan', '.', '--format', 'json'], {
      cwd: root,
      env: { TRUSTTRACE_OSV_URL: envOsv.url },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(fileOsv.requests.querybatch).toBe(before.file);
    expect(envOsv.requests.querybatch).toBe(before.env);
    expect(
      findingsOf(run.stdout)
        .filter((f) => f.id === 'DEP-001')
        .map((f) => f.evidence),
    ).toEqual([expect.stringMatching(/^advisory look-up via osv failed \(.*loopback.*\)/)]);
    expect(run.stderr.split('\n').filter((line) => line.includes('settings'))).toEqual([
      'trusttrace: .trusttrace.yaml: ignored `settings:`: scanner settings come only from the environment or a file named by `trusttrace scan --config`',
    ]);

    // The same file named with --config is obeyed: the control for the assertions above.
    const named = await runCli(['scan', '.', '--format', 'json', '--config', '.trusttrace.yaml'], {
      cwd: root,
      env: { TRUSTTRACE_OSV_URL: envOsv.url },
    });
    expect(named.code, named.stderr).toBe(0);
    expect(envOsv.requests.querybatch).toBeGreaterThan(before.env);
  });

  it.each([
    [
      'a key scan does not use',
      ['settings:', '  port: 9000'],
      /^trusttrace: settings\.port in bad\.yaml \(line 2\) is not a setting of `trusttrace scan` \(allowed: osv_url, allow_private_targets, llm_url, llm_model, analysis_seconds, analysis_file_seconds, analysis_heap_mb\)$/m,
    ],
    [
      'a secret',
      ['settings:', '  llm_key: sk-file-secret-1234'],
      /^trusttrace: settings\.llm_key in bad\.yaml \(line 2\): a secret is not read from a file; set TRUSTTRACE_LLM_KEY in the environment$/m,
    ],
    [
      'a bad number',
      ['settings:', '  analysis_seconds: soon'],
      /^trusttrace: invalid configuration: settings\.analysis_seconds in bad\.yaml must be a whole number ≥ 1, got "soon"$/m,
    ],
    [
      'a bad URL',
      ['settings:', '  osv_url: "ftp://mirror.example"'],
      /^trusttrace: invalid configuration: settings\.osv_url in bad\.yaml must be an http\(s\) URL or "off", got "ftp:\/\/mirror\.example"$/m,
    ],
    [
      'a list',
      ['settings:', '  allow_private_targets: [10.0.0.0/8]'],
      /settings\.allow_private_targets in bad\.yaml \(line 2\) must be text or a number/,
    ],
  ])('refuses %s, naming the key (exit 2)', async (_, lines, message) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tt-config-bad-'));
    yamlFile(dir, 'bad.yaml', lines);
    const run = await runCli(['scan', '.', '--config', 'bad.yaml'], {
      cwd: dir,
      env: { TRUSTTRACE_OSV_URL: '' },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toContain('sk-file-secret');
    expect(run.stdout).toBe('');
  });
});
