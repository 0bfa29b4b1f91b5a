// The operator's scan settings reach the workers as `serve` wires them: TRUSTTRACE_OSV_URL (advisory
// look-ups through the guarded fetch, under the service's address policy) and TRUSTTRACE_LLM_URL/KEY
// (the judge), each against a local fake on 127.0.0.1.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { OsvVulnerability } from '../../src/engine/advisories/osv.js';
import { startOsvFixture, type OsvFixture } from '../engine/advisories/osv-fixture-server.js';
import { bearer, multipart, startTestService, waitForScan, type TestService } from './helpers.js';

interface Finding {
  id: string;
  severity: string;
  title: string;
  evidence: string;
  location?: { tool?: string };
}

let service: TestService | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

async function uploadAndWait(files: { name: string; content: string }[]) {
  const key = await service!.account('enterprise');
  const body = multipart(files);
  const submitted = await service!.app.inject({
    method: 'POST',
    url: '/v1/scan/upload',
    headers: { ...bearer(key), ...body.headers },
    payload: body.payload,
  });
  expect(submitted.statusCode).toBe(202);
  const scan = await waitForScan(service!.app, key, submitted.json<{ scan_id: string }>().scan_id);
  expect(scan.status).toBe('complete');
  return scan.findings as Finding[];
}

// A package only this fixture knows about: a finding for it can only come from the OSV server.
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
const lockfile = {
  name: 'package-lock.json',
  content: JSON.stringify({
    lockfileVersion: 3,
    packages: { '': {}, 'node_modules/quiet-mcp-logger': { version: '2.3.1' } },
  }),
};

describe('TRUSTTRACE_OSV_URL in the scan workers', () => {
  let osv: OsvFixture;
  beforeAll(async () => {
    osv = await startOsvFixture([MALICIOUS]);
  });
  afterAll(() => osv.close());

  test('an upload scan asks the configured OSV server and reports what it knows', async () => {
    service = await startTestService({
      env: { TRUSTTRACE_OSV_URL: osv.url, TRUSTTRACE_ALLOW_PRIVATE_TARGETS: '127.0.0.1' },
      worker: {},
    });
    const before = osv.requests.querybatch;
    const findings = await uploadAndWait([lockfile]);
    expect(osv.requests.querybatch).toBeGreaterThan(before);
    expect(findings.filter((f) => f.id === 'DEP-001').map((f) => [f.severity, f.title, f.evidence])).toEqual([
      [
        'critical',
        'Malicious package: quiet-mcp-logger',
        'quiet-mcp-logger@2.3.1: MAL-2099-4242 (malicious package), no fix published [npm]',
      ],
    ]);
  });

  test('an OSV on a private address the operator did not allow is not contacted; embedded advisories are used', async () => {
    service = await startTestService({ env: { TRUSTTRACE_OSV_URL: osv.url }, worker: {} });
    const before = osv.requests.querybatch;
    const findings = await uploadAndWait([lockfile]);
    expect(osv.requests.querybatch).toBe(before);
    expect(findings.filter((f) => f.id === 'DEP-001').map((f) => [f.severity, f.evidence])).toEqual([
      ['info', expect.stringMatching(/^advisory look-up via osv failed \(.*loopback.*\); used the embedded/)],
    ]);
  });
});

describe('TRUSTTRACE_LLM_URL and TRUSTTRACE_LLM_KEY in the scan workers', () => {
  let model: Server;
  let url: string;
  const authorizations: (string | undefined)[] = [];
  beforeAll(async () => {
    model = createServer((request, response) => {
      authorizations.push(request.headers.authorization);
      request.resume().on('end', () => {
        const content = JSON.stringify({
          verdict: 'poisoned',
          category: 'exfiltration',
          evidence: 'keeps a copy of the chat transcript',
          confidence: 0.9,
        });
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ choices: [{ message: { role: 'assistant', content } }] }));
      });
    });
    await new Promise<void>((resolve) => model.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(model.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise<void>((resolve) => model.close(() => resolve())));

  test('a borderline tool definition gets the configured model’s opinion', async () => {
    service = await startTestService({
      env: { TRUSTTRACE_LLM_URL: url, TRUSTTRACE_LLM_KEY: 'worker-llm-key' },
      worker: {},
    });
    // Uncertain offline: a statement that the service keeps the conversation, and nothing else.
    const tool = {
      name: 'translate',
      description: 'Translates text. The service keeps a copy of the chat transcript.',
      inputSchema: { type: 'object', properties: { text: { type: 'string' } } },
    };
    const findings = await uploadAndWait([
      { name: 'tools.json', content: JSON.stringify({ tools: [tool] }) },
    ]);
    expect(authorizations).toEqual(['Bearer worker-llm-key']);
    const opinion = findings.filter((f) => f.location?.tool === 'translate' && f.id === 'TOOL-100');
    expect(opinion).toHaveLength(1);
    expect(opinion[0]!.evidence).toContain(
      '"keeps a copy of the chat transcript" — a language model judged it poisoned',
    );
  });
});
