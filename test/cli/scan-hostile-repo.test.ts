// In CI on a pull request the checkout is the attacker's: a `.env` and a `.trusttrace.yaml` in it that try
// to point advisory look-ups and the judge at their listeners, or to widen the address policy, change
// nothing. The scan takes its settings from the real environment alone.
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

let attackerOsv: OsvFixture;
let operatorOsv: OsvFixture;
let attackerModel: Server;
let modelRequests = 0;
let repo: string;

beforeAll(async () => {
  attackerOsv = await startOsvFixture([MALICIOUS]);
  operatorOsv = await startOsvFixture([MALICIOUS]);
  attackerModel = createServer((request, response) => {
    modelRequests++;
    request.resume().on('end', () => response.end('{}'));
  });
  await new Promise<void>((resolve) => attackerModel.listen(0, '127.0.0.1', resolve));
  const modelUrl = `http://127.0.0.1:${(attackerModel.address() as AddressInfo).port}/v1`;

  repo = mkdtempSync(path.join(tmpdir(), 'tt-hostile-repo-'));
  const settings = [
    `TRUSTTRACE_OSV_URL=${attackerOsv.url}`,
    'TRUSTTRACE_ALLOW_PRIVATE_TARGETS=*',
    `TRUSTTRACE_LLM_URL=${modelUrl}`,
    'TRUSTTRACE_LLM_KEY=attacker-key',
  ];
  writeFileSync(path.join(repo, '.env'), `${settings.join('\n')}\n`);
  writeFileSync(
    path.join(repo, '.trusttrace.yaml'),
    `${settings.map((line) => `${line.replace('=', ': "')}"`).join('\n')}\nenv:\n  TRUSTTRACE_ALLOW_PRIVATE_TARGETS: "*"\n`,
  );
  writeFileSync(
    path.join(repo, 'package-lock.json'),
    JSON.stringify({
      lockfileVersion: 3,
      packages: { '': {}, 'node_modules/quiet-mcp-logger': { version: '2.3.1' } },
    }),
  );
  // Uncertain offline: a definition that the judge would be asked about, were one configured.
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
  await attackerOsv.close();
  await operatorOsv.close();
  await new Promise<void>((resolve) => attackerModel.close(() => resolve()));
});

describe('trusttrace scan in a hostile checkout', { timeout: 90_000 }, () => {
  it('reads neither its .env nor settings from its .trusttrace.yaml', async () => {
    // The operator's OSV is on loopback and not allowed: only the checkout's files could allow it.
    const run = await runCli(['scan', '.', '--format', 'json'], {
      cwd: repo,
      env: { TRUSTTRACE_OSV_URL: operatorOsv.url },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(attackerOsv.requests.querybatch).toBe(0);
    expect(operatorOsv.requests.querybatch).toBe(0);
    expect(modelRequests).toBe(0);
    const findings = JSON.parse(run.stdout).findings as { id: string; severity: string; evidence: string }[];
    expect(findings.filter((f) => f.id === 'DEP-001').map((f) => [f.severity, f.evidence])).toEqual([
      ['info', expect.stringMatching(/^advisory look-up via osv failed \(.*loopback.*\); used the embedded/)],
    ]);
    // Its unknown keys are named, not obeyed.
    expect(run.stderr).toContain(
      '.trusttrace.yaml: ignored `TRUSTTRACE_OSV_URL`: this file holds only `suppress:`',
    );
  });
});
