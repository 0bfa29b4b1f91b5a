// `trusttrace scan` asks the OSV server of TRUSTTRACE_OSV_URL (here a local fake on 127.0.0.1) through
// the guarded fetch: the operator's allow-list opens the private address, without it the embedded set
// is used and an info finding says so.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOsvFixture, type OsvFixture } from '../engine/advisories/osv-fixture-server.js';
import { runCli } from './run-cli.js';

let osv: OsvFixture;
let project: string;

beforeAll(async () => {
  // A package only this fixture knows about: a finding for it can only come from the OSV server.
  osv = await startOsvFixture([
    {
      id: 'GHSA-cli0-test-0001',
      summary: 'Prompt log disclosure in mcp-prompt-cache',
      severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' }],
      affected: [
        {
          package: { ecosystem: 'PyPI', name: 'mcp-prompt-cache' },
          ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.5.0' }] }],
        },
      ],
    },
  ]);
  project = await mkdtemp(join(tmpdir(), 'trusttrace-cli-osv-'));
  await writeFile(join(project, 'requirements.txt'), 'mcp-prompt-cache==1.4.0\n');
});
afterAll(async () => {
  await osv.close();
  await rm(project, { recursive: true, force: true });
});

function dependencyFindings(stdout: string): [string, string][] {
  const result = JSON.parse(stdout) as { findings: { id: string; severity: string; evidence: string }[] };
  return result.findings.filter((f) => f.id === 'DEP-001').map((f) => [f.severity, f.evidence]);
}

describe('trusttrace scan with TRUSTTRACE_OSV_URL', { timeout: 90_000 }, () => {
  it('reports the advisories of the configured OSV server', async () => {
    const before = osv.requests.querybatch;
    const run = await runCli(['scan', project, '--format', 'json'], {
      env: { TRUSTTRACE_OSV_URL: osv.url, TRUSTTRACE_ALLOW_PRIVATE_TARGETS: '127.0.0.1' },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(osv.requests.querybatch).toBeGreaterThan(before);
    expect(dependencyFindings(run.stdout)).toEqual([
      ['high', 'mcp-prompt-cache@1.4.0: GHSA-cli0-test-0001 (CVSS 7.5, high), fixed in 1.5.0 [PyPI]'],
    ]);
  });

  it('does not contact a private OSV address the allow-list leaves closed', async () => {
    const before = osv.requests.querybatch;
    const run = await runCli(['scan', project, '--format', 'json'], {
      env: { TRUSTTRACE_OSV_URL: osv.url, TRUSTTRACE_ALLOW_PRIVATE_TARGETS: '' },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(osv.requests.querybatch).toBe(before);
    expect(dependencyFindings(run.stdout)).toEqual([
      ['info', expect.stringMatching(/^advisory look-up via osv failed .*; used the embedded advisory set$/)],
    ]);
  });

  it('names a bad setting and exits 2', async () => {
    const run = await runCli(['scan', project], { env: { TRUSTTRACE_OSV_URL: 'osv.example' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('TRUSTTRACE_OSV_URL must be an http(s) URL or "off"');
  });
});
