// Scans run end to end through in-process workers: states and progress, results filtered by plan,
// failures, and data that survives a restart.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { scanFiles } from '../../src/engine/scan.js';
import { defineRule, type Rule } from '../../src/engine/types.js';
import type { ScanRunner } from '../../src/jobs/index.js';
import { setTier } from '../../src/store/index.js';
import { UPGRADE_MESSAGE } from '../../src/service/tiers.js';
import { bearer, multipart, startTestService, waitForScan, type TestService } from './helpers.js';

/** A rule with every meta field set, so that what each plan sees is plain. */
const markerRule = defineRule({
  meta: {
    id: 'TEST-001',
    title: 'Marker found',
    severity: 'high',
    confidence: 'confirmed',
    owasp_category: 'LLM02',
    owasp_mcp: 'MCP01',
    cwe: 'CWE-798',
    hipaa_mapping: '45 CFR 164.312(a)(1)',
    description: 'The file holds the test marker.',
    remediation: 'Remove the marker.',
    monitor_candidate: true,
    docs: 'Fires on the word MARKER, for service tests.',
  },
  artifact: 'text-file',
  check(file, context) {
    const offset = file.text.indexOf('MARKER');
    if (offset >= 0) {
      context.report({
        evidence: 'MARKER at the start',
        location: { file: file.file, ...file.positionAt(offset) },
      });
    }
  },
}) as Rule;

const runWithMarkerRule: ScanRunner = (_scan, files, onProgress) =>
  scanFiles(files, { onProgress, rules: [markerRule] });

let service: TestService;

beforeAll(async () => {
  service = await startTestService({ worker: { runScan: runWithMarkerRule } });
});
afterAll(() => service.close());

async function uploadAndWait(key: string, content = 'line one\nsee MARKER here\n') {
  const body = multipart([{ name: 'notes.txt', content }]);
  const submitted = await service.app.inject({
    method: 'POST',
    url: '/v1/scan/upload',
    headers: { ...bearer(key), ...body.headers },
    payload: body.payload,
  });
  expect(submitted.statusCode).toBe(202);
  const scanId = submitted.json<{ scan_id: string }>().scan_id;
  return { scanId, result: await waitForScan(service.app, key, scanId) };
}

describe('tier filtering of a complete scan', () => {
  test('free: headline fields only, hipaa_mapping null, an upgrade_message on each finding', async () => {
    const key = await service.account('free');
    const { scanId, result } = await uploadAndWait(key);
    expect(result).toMatchObject({ scan_id: scanId, status: 'complete', letter_grade: expect.any(String) });
    expect(result.overall_score).toBeLessThan(100);
    expect(result.findings).toEqual([
      {
        id: 'TEST-001',
        title: 'Marker found',
        severity: 'high',
        owasp_category: 'LLM02',
        confidence: 'confirmed',
        monitor_candidate: true,
        hipaa_mapping: null,
        upgrade_message: UPGRADE_MESSAGE,
      },
    ]);
  });

  test.each(['developer', 'pro', 'team'] as const)(
    '%s: description, remediation, evidence, cwe, location and owasp_mcp; hipaa_mapping null',
    async (tier) => {
      const key = await service.account(tier);
      const { result } = await uploadAndWait(key);
      expect(result.findings).toEqual([
        {
          id: 'TEST-001',
          title: 'Marker found',
          severity: 'high',
          owasp_category: 'LLM02',
          confidence: 'confirmed',
          monitor_candidate: true,
          description: 'The file holds the test marker.',
          remediation: 'Remove the marker.',
          evidence: 'MARKER at the start',
          owasp_mcp: 'MCP01',
          cwe: 'CWE-798',
          location: { file: 'notes.txt', line: 2, column: 5 },
          hipaa_mapping: null,
        },
      ]);
    },
  );

  test('enterprise: everything, including the HIPAA mapping', async () => {
    const key = await service.account('enterprise');
    const { result } = await uploadAndWait(key);
    expect(result.findings).toEqual([
      expect.objectContaining({ evidence: 'MARKER at the start', hipaa_mapping: '45 CFR 164.312(a)(1)' }),
    ]);
    expect((result.findings as object[])[0]).not.toHaveProperty('upgrade_message');
    expect(result).toMatchObject({ files_scanned: ['notes.txt'], file_errors: [] });
  });

  test('a clean file completes with no findings and a perfect score', async () => {
    const key = await service.account('developer');
    const { result } = await uploadAndWait(key, 'nothing to see\n');
    expect(result).toMatchObject({ status: 'complete', overall_score: 100, letter_grade: 'A', findings: [] });
  });

  test('history shows the finished scan with its score and finding count', async () => {
    const key = await service.account('developer');
    const { scanId, result } = await uploadAndWait(key);
    const history = (
      await service.app.inject({ url: '/v1/scans?status=complete', headers: bearer(key) })
    ).json();
    expect(history).toMatchObject({
      total: 1,
      scans: [
        {
          scan_id: scanId,
          scan_type: 'upload',
          status: 'complete',
          overall_score: result.overall_score,
          finding_count: 1,
        },
      ],
    });
  });
});

describe('finished scans served again', () => {
  test('a finished scan read by its owner stays 404 for another account', async () => {
    const owner = await service.account('enterprise');
    const other = await service.account('enterprise');
    const { scanId } = await uploadAndWait(owner);
    for (let i = 0; i < 3; i++) {
      expect(
        (await service.app.inject({ url: `/v1/scan/${scanId}`, headers: bearer(owner) })).statusCode,
      ).toBe(200);
    }
    const foreign = await service.app.inject({ url: `/v1/scan/${scanId}`, headers: bearer(other) });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toMatchObject({ code: 'NOT_FOUND' });
  });

  test('after a plan change the same scan is shown as the new plan sees it (within a second)', async () => {
    const key = await service.account('enterprise', 'downgrade@example.com');
    const { scanId, result } = await uploadAndWait(key);
    expect((result.findings as { hipaa_mapping: string | null }[])[0]!.hipaa_mapping).not.toBeNull();
    await setTier(service.store, 'downgrade@example.com', 'free');
    let findings: Record<string, unknown>[] = [];
    for (let i = 0; i < 100; i++) {
      const response = await service.app.inject({ url: `/v1/scan/${scanId}`, headers: bearer(key) });
      findings = response.json<{ findings: Record<string, unknown>[] }>().findings;
      if (findings[0]?.upgrade_message) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(findings[0]).toMatchObject({ hipaa_mapping: null, upgrade_message: UPGRADE_MESSAGE });
    expect(findings[0]).not.toHaveProperty('evidence');
  });
});

describe('scan states', () => {
  test('running shows a progress string that changes by phase; then complete', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const paused = await startTestService({
      worker: {
        runScan: async (_scan, files, onProgress) => {
          onProgress('Checking the marker...');
          await gate;
          return scanFiles(files, { onProgress, rules: [markerRule] });
        },
      },
    });
    try {
      const key = await paused.account('developer');
      const body = multipart([{ name: 'a.json', content: '{}' }]);
      const submitted = await paused.app.inject({
        method: 'POST',
        url: '/v1/scan/upload',
        headers: { ...bearer(key), ...body.headers },
        payload: body.payload,
      });
      const scanId = submitted.json<{ scan_id: string }>().scan_id;
      let running = await waitForScan(paused.app, key, scanId, ['running']);
      for (let i = 0; i < 200 && running.progress !== 'Checking the marker...'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        running = await waitForScan(paused.app, key, scanId, ['running']);
      }
      expect(running).toEqual({ scan_id: scanId, status: 'running', progress: 'Checking the marker...' });
      release();
      expect(await waitForScan(paused.app, key, scanId)).toMatchObject({ status: 'complete' });
    } finally {
      release();
      await paused.close();
    }
  });

  test('failed shows the error', async () => {
    const failing = await startTestService({
      env: { TRUSTTRACE_ALLOW_PRIVATE_TARGETS: '127.0.0.0/8' },
      worker: {},
    });
    try {
      const key = await failing.account('developer');
      // Port 9 (discard) on loopback: nothing listens, so the live scan cannot succeed.
      const submitted = await failing.app.inject({
        method: 'POST',
        url: '/v1/scan/mcp',
        headers: bearer(key),
        payload: { url: 'http://127.0.0.1:9/mcp' },
      });
      const scanId = submitted.json<{ scan_id: string }>().scan_id;
      const failed = await waitForScan(failing.app, key, scanId, ['failed', 'complete'], 60_000);
      expect(failed).toEqual({ scan_id: scanId, status: 'failed', error: expect.any(String) });
      expect(String(failed.error).length).toBeGreaterThan(5);
    } finally {
      await failing.close();
    }
  }, 90_000);
});

describe('restart', () => {
  test('accounts, keys, scans, results and usage survive a restart on the same data dir', async () => {
    const first = await startTestService({ worker: { runScan: runWithMarkerRule } });
    const key = await first.account('enterprise');
    const body = multipart([{ name: 'notes.txt', content: 'MARKER\n' }]);
    const submitted = await first.app.inject({
      method: 'POST',
      url: '/v1/scan/upload',
      headers: { ...bearer(key), ...body.headers },
      payload: body.payload,
    });
    const scanId = submitted.json<{ scan_id: string }>().scan_id;
    const before = await waitForScan(first.app, key, scanId);
    const accountBefore = (await first.app.inject({ url: '/v1/account', headers: bearer(key) })).json();
    await first.stop();

    const second = await startTestService({ dataDir: first.dataDir });
    try {
      const after = await second.app.inject({ url: `/v1/scan/${scanId}`, headers: bearer(key) });
      expect(after.statusCode).toBe(200);
      expect(after.json()).toEqual(before);
      const accountAfter = (await second.app.inject({ url: '/v1/account', headers: bearer(key) })).json();
      expect(accountAfter).toEqual(accountBefore);
      expect(accountAfter).toMatchObject({ scans_used: 1 });
    } finally {
      await second.close();
    }
  });
});
