// An upload scan honours a `.trusttrace.yaml` among the uploaded files as the CLI does: the findings it
// suppresses stay in the result, marked with the reason, and count toward no score; a file that cannot
// be used fails the scan rather than report what the user meant to suppress.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Tier } from '../../src/store/index.js';
import { bearer, multipart, startTestService, waitForScan, type TestService } from './helpers.js';

interface Finding {
  id: string;
  suppressed?: { reason: string; expires?: string; kind: string };
}
interface Scan {
  status: string;
  error?: string;
  overall_score: number;
  findings: Finding[];
}

const tools = {
  name: 'tools.json',
  content: readFileSync('test/fixtures/files/poisoned/tools.json', 'utf8'),
};

let service: TestService;
beforeAll(async () => {
  service = await startTestService({ worker: {} });
});
afterAll(() => service.close());

async function uploadAndWait(
  files: { name: string; content: string }[],
  tier: Tier = 'enterprise',
): Promise<Scan> {
  const key = await service.account(tier);
  const body = multipart(files);
  const submitted = await service.app.inject({
    method: 'POST',
    url: '/v1/scan/upload',
    headers: { ...bearer(key), ...body.headers },
    payload: body.payload,
  });
  expect(submitted.statusCode).toBe(202);
  return (await waitForScan(
    service.app,
    key,
    submitted.json<{ scan_id: string }>().scan_id,
    undefined,
    50_000,
  )) as unknown as Scan;
}

describe('a .trusttrace.yaml among the uploaded files', { timeout: 60_000 }, () => {
  test('suppresses findings with its reason, on every plan, and they leave the score', async () => {
    const plain = await uploadAndWait([tools]);
    const ids = [...new Set(plain.findings.map((finding) => finding.id))];
    expect(plain.overall_score).toBeLessThan(100);
    const yaml = `suppress:\n${ids.map((id) => `  - rule: ${id}\n    reason: "accepted, ticket SEC-42"\n    expires: 2999-12-31\n`).join('')}`;
    for (const tier of ['free', 'enterprise'] as const) {
      const scan = await uploadAndWait([tools, { name: '.trusttrace.yaml', content: yaml }], tier);
      expect(scan.status).toBe('complete');
      expect(scan.overall_score).toBe(100);
      expect(scan.findings.length).toBe(plain.findings.length);
      for (const finding of scan.findings)
        expect(finding.suppressed).toEqual({
          reason: 'accepted, ticket SEC-42',
          expires: '2999-12-31',
          kind: 'config',
        });
    }
  });

  test('without a reason, fails the scan with the line to fix', async () => {
    const scan = await uploadAndWait([
      tools,
      { name: '.trusttrace.yaml', content: 'suppress:\n  - rule: TOOL-100\n' },
    ]);
    expect(scan.status).toBe('failed');
    expect(scan.error).toContain('suppress[1] (line 2) needs a `reason`');
  });
});
