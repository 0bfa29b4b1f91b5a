// Hostile text through the service: an upload whose file names and definitions carry escapes, bidi
// overrides, CR/LF, zero-width and tag characters is answered, stored and shown with none of them raw;
// error answers that quote the request are visible lines without credentials; and the request log never
// holds a report's capability token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoRawCharacters, HOSTILE_NAMES, hostileFixture } from '../helpers/hostile-text.js';
import { bearer, multipart, startTestService, waitForScan, type TestService } from './helpers.js';

let service: TestService;
let key: string;

beforeAll(async () => {
  service = await startTestService({
    env: { TRUSTTRACE_PUBLIC_URL: 'https://trusttrace.example.com' },
    worker: { concurrency: 1 },
  });
  key = await service.account('enterprise');
});
afterAll(() => service.close());

async function uploadHostileFiles(): Promise<{ scanId: string; accepted: string[] }> {
  const upload = multipart([
    { name: HOSTILE_NAMES.tools, content: hostileFixture('tools.json') },
    { name: HOSTILE_NAMES.config, content: hostileFixture('mcp.json') },
  ]);
  const submitted = await service.app.inject({
    method: 'POST',
    url: '/v1/scan/upload',
    headers: { ...bearer(key), ...upload.headers },
    payload: upload.payload,
  });
  expect(submitted.statusCode, submitted.body).toBe(202);
  const body = submitted.json<{ scan_id: string; files_accepted: string[] }>();
  expectNoRawCharacters(body);
  return { scanId: body.scan_id, accepted: body.files_accepted };
}

describe('hostile text through the API', { timeout: 90_000 }, () => {
  it('GET /v1/scan/{id} holds no raw control, bidi or invisible character in any string', async () => {
    const { scanId, accepted } = await uploadHostileFiles();
    expect(accepted).toContain('mcp\\u{202E}nosj.\\u{200B}x\\u{E0041}.json');
    const scan = await waitForScan(service.app, key, scanId, ['complete', 'failed'], 60_000);
    expect(scan.status, JSON.stringify(scan.error)).toBe('complete');
    expectNoRawCharacters(scan);
    // The names the upload was answered with are the names the result lists.
    expect(scan.files_scanned).toEqual(accepted);
    const findings = scan.findings as { title: string; location: { tool?: string } | null }[];
    expect(findings.map((f) => f.location?.tool)).toContain('fetch_\\u{1B}[31mreport\\u{1B}[0m');
    expect(findings.some((f) => f.title.includes('target\\u{202E}gnp.exe'))).toBe(true);
  });

  it('answers errors that quote the request as visible lines, without credential-like values', async () => {
    const upload = multipart([{ name: HOSTILE_NAMES.executable, content: 'MZ' }]);
    const refused = await service.app.inject({
      method: 'POST',
      url: '/v1/scan/upload',
      headers: { ...bearer(key), ...upload.headers },
      payload: upload.payload,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toEqual({
      error: 'invoice\\u{202E}fdp[2K.exe: executable files (.exe) are not accepted',
      code: 'EXECUTABLE_FILE',
    });

    const secret = 'sk_scan_0123456789abcdefghijklmnopqrstuvwxyzABCD';
    const missing = await service.app.inject({
      method: 'GET',
      url: `/v1/nowhere/api_key=${secret}/password=hunter2`,
      headers: bearer(key),
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).not.toContain('0123456789abcdef');
    expect(missing.body).not.toContain('hunter2');
    expect(missing.json<{ error: string }>().error).toMatch(/^No route for GET \/v1\/nowhere\//);
  });

  it('logs report downloads without the report token', async () => {
    const { scanId } = await uploadHostileFiles();
    await waitForScan(service.app, key, scanId, ['complete'], 60_000);
    const created = await service.app.inject({
      method: 'POST',
      url: `/v1/scan/${scanId}/report`,
      headers: bearer(key),
    });
    expect(created.statusCode, created.body).toBe(200);
    const reportPath = new URL(created.json<{ report_url: string }>().report_url).pathname;
    const token = /\/v1\/reports\/(.+)\.pdf$/.exec(reportPath)![1]!;
    const downloaded = await service.app.inject({ method: 'GET', url: reportPath });
    expect(downloaded.statusCode).toBe(200);

    const lines = service.logs.map((line) => JSON.stringify(line));
    expect(lines.filter((line) => line.includes(token))).toEqual([]);
    expect(service.logs).toContainEqual(
      expect.objectContaining({ url: '/v1/reports/[redacted].pdf', statusCode: 200 }),
    );
  });
});
