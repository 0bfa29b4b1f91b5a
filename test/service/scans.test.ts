// Submitting live-server scans, reading scans, history, plans and the monthly quota.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bearer, startTestService, type TestService } from './helpers.js';

let service: TestService;

beforeAll(async () => {
  // 127.0.0.1 is allowed the way an operator allows an internal range; the rest stays denied.
  service = await startTestService({ env: { TRUSTTRACE_ALLOW_PRIVATE_TARGETS: '127.0.0.0/8' } });
});
afterAll(() => service.close());

async function submitMcp(key: string, payload: unknown) {
  return service.app.inject({
    method: 'POST',
    url: '/v1/scan/mcp',
    headers: bearer(key),
    payload: payload as object,
  });
}

describe('POST /v1/scan/mcp', () => {
  test('accepts an http(s) target: 202 with a UUID, queued, and an estimate', async () => {
    const key = await service.account('pro');
    const response = await submitMcp(key, { url: 'http://127.0.0.1:9/mcp', auth_token: 'tok' });
    expect(response.statusCode).toBe(202);
    const body = response.json<Record<string, unknown>>();
    expect(Object.keys(body).sort()).toEqual(['estimated_seconds', 'scan_id', 'status']);
    expect(body.scan_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(body.status).toBe('queued');
    expect(body.estimated_seconds).toBeGreaterThan(0);
  });

  test.each([
    'ftp://example.com/mcp',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'not a url',
    '//example.com',
  ])('%s → 400 INVALID_URL', async (url) => {
    const key = await service.account('pro');
    const response = await submitMcp(key, { url });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'INVALID_URL' });
  });

  test.each([
    'http://10.0.0.5/mcp',
    'http://192.168.1.1/',
    'http://172.16.0.1/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::1]/',
    'http://[fd00::1]/',
    'http://[::ffff:10.0.0.1]/',
    'http://0x0a000001/',
    'http://100.64.0.1/',
    'http://0.0.0.0/',
  ])('%s → 400 PRIVATE_ADDRESS', async (url) => {
    const key = await service.account('pro');
    const response = await submitMcp(key, { url });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'PRIVATE_ADDRESS' });
  });

  test.each([
    ['a line break', 'tok\r\nX-Injected: yes-0123456789'],
    ['a NUL', 'tok\u0000nul-0123456789'],
    ['an escape', 'tok\u001b[8mesc-0123456789'],
    ['non-ASCII', 'tok-ünïcödé-0123456789'],
  ])('an auth_token with %s → 400 BAD_REQUEST that never quotes it', async (_what, token) => {
    const key = await service.account('pro');
    const response = await submitMcp(key, { url: 'http://127.0.0.1:9/mcp', auth_token: token });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      code: 'BAD_REQUEST',
      error:
        'Invalid auth_token: must be printable ASCII without line breaks, control characters or surrounding spaces',
    });
    const secret = token.slice(-10);
    expect(response.body).not.toContain(secret);
    expect(JSON.stringify(service.logs)).not.toContain(secret);
    const account = await service.app.inject({ url: '/v1/account', headers: bearer(key) });
    expect(account.json()).toMatchObject({ scans_used: 0 });
  });

  test('a target with credentials in its query is accepted and stored only redacted', async () => {
    const key = await service.account('developer');
    const response = await submitMcp(key, {
      url: 'http://127.0.0.1:9/mcp?api_key=sk-live-0123456789abcdef&region=eu#frag',
    });
    expect(response.statusCode).toBe(202);
    const row = await service.store.db
      .selectFrom('scans')
      .select('target')
      .where('id', '=', response.json<{ scan_id: string }>().scan_id)
      .executeTakeFirstOrThrow();
    expect(row.target).toBe('http://127.0.0.1:9/mcp?api_key=[redacted]&region=eu');
    expect(JSON.stringify(service.logs)).not.toContain('sk-live-0123456789abcdef');
  });

  test('a rejected submission does not count against the quota', async () => {
    const key = await service.account('free');
    await submitMcp(key, { url: 'http://10.0.0.1/' });
    await submitMcp(key, { url: 'gopher://x' });
    const account = await service.app.inject({ url: '/v1/account', headers: bearer(key) });
    expect(account.json()).toMatchObject({ scans_used: 0, scans_limit: 3 });
  });
});

describe('private targets without an allow-list', () => {
  test('127.0.0.1 and localhost are refused by default', async () => {
    const strict = await startTestService();
    try {
      const key = await strict.account('pro');
      for (const url of ['http://127.0.0.1:8080/mcp', 'http://localhost:8080/mcp', 'http://2130706433/']) {
        const response = await strict.app.inject({
          method: 'POST',
          url: '/v1/scan/mcp',
          headers: bearer(key),
          payload: { url },
        });
        expect(response.statusCode, url).toBe(400);
        expect(response.json()).toMatchObject({ code: 'PRIVATE_ADDRESS' });
      }
    } finally {
      await strict.close();
    }
  });
});

describe('GET /v1/scan/{id}', () => {
  test('a queued scan shows its position in the queue (1 = next)', async () => {
    const key = await service.account('team');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push(
        (await submitMcp(key, { url: `http://127.0.0.1:9/${i}` })).json<{ scan_id: string }>().scan_id,
      );
    const positions: number[] = [];
    for (const id of ids) {
      const response = await service.app.inject({ url: `/v1/scan/${id}`, headers: bearer(key) });
      expect(response.statusCode).toBe(200);
      const body = response.json<{ scan_id: string; status: string; position: number }>();
      expect(body).toEqual({ scan_id: id, status: 'queued', position: expect.any(Number) });
      positions.push(body.position);
    }
    expect(positions[1]).toBe(positions[0]! + 1);
    expect(positions[2]).toBe(positions[1]! + 1);
  });

  test("another account's scan answers 404, exactly like a scan that does not exist", async () => {
    const owner = await service.account('enterprise');
    const other = await service.account('enterprise');
    const id = (await submitMcp(owner, { url: 'http://127.0.0.1:9/' })).json<{ scan_id: string }>().scan_id;
    const foreign = await service.app.inject({ url: `/v1/scan/${id}`, headers: bearer(other) });
    const missing = await service.app.inject({
      url: '/v1/scan/3f1d2c4b-5a69-4e7f-8a0b-1c2d3e4f5a6b',
      headers: bearer(other),
    });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toEqual(missing.json());
    expect(foreign.json()).toMatchObject({ code: 'NOT_FOUND' });
    const garbage = await service.app.inject({ url: '/v1/scan/..%2F..%2Fetc', headers: bearer(other) });
    expect(garbage.statusCode).toBe(404);
  });
});

describe('GET /v1/scans', () => {
  test('needs the Developer plan: free answers 403 PLAN_REQUIRED', async () => {
    const key = await service.account('free');
    const response = await service.app.inject({ url: '/v1/scans', headers: bearer(key) });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'PLAN_REQUIRED' });
  });

  test('pages newest first, filters by status, and keeps to the account', async () => {
    const key = await service.account('developer');
    const other = await service.account('developer');
    await submitMcp(other, { url: 'http://127.0.0.1:9/other' });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(
        (await submitMcp(key, { url: `http://127.0.0.1:9/${i}` })).json<{ scan_id: string }>().scan_id,
      );

    const first = await service.app.inject({ url: '/v1/scans?page=1&per_page=2', headers: bearer(key) });
    expect(first.statusCode).toBe(200);
    const page1 = first.json<{
      scans: { scan_id: string }[];
      page: number;
      per_page: number;
      total: number;
    }>();
    expect(page1).toMatchObject({ page: 1, per_page: 2, total: 5 });
    expect(page1.scans.map((s) => s.scan_id)).toEqual([ids[4], ids[3]]);
    expect(page1.scans[0]).toEqual({
      scan_id: ids[4],
      scan_type: 'mcp',
      status: 'queued',
      overall_score: null,
      finding_count: null,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/),
    });
    const page3 = (
      await service.app.inject({ url: '/v1/scans?page=3&per_page=2', headers: bearer(key) })
    ).json<{
      scans: { scan_id: string }[];
    }>();
    expect(page3.scans.map((s) => s.scan_id)).toEqual([ids[0]]);

    const defaults = (await service.app.inject({ url: '/v1/scans', headers: bearer(key) })).json();
    expect(defaults).toMatchObject({ page: 1, per_page: 20, total: 5 });
    const complete = (
      await service.app.inject({ url: '/v1/scans?status=complete', headers: bearer(key) })
    ).json();
    expect(complete).toMatchObject({ scans: [], total: 0 });
    const queued = (
      await service.app.inject({ url: '/v1/scans?status=queued', headers: bearer(key) })
    ).json();
    expect(queued).toMatchObject({ total: 5 });
  });

  test.each(['per_page=101', 'per_page=0', 'page=0', 'page=abc', 'status=done'])(
    '?%s → 400 BAD_REQUEST',
    async (query) => {
      const key = await service.account('developer');
      const response = await service.app.inject({ url: `/v1/scans?${query}`, headers: bearer(key) });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'BAD_REQUEST' });
    },
  );

  test('per_page=100 is allowed', async () => {
    const key = await service.account('developer');
    const response = await service.app.inject({ url: '/v1/scans?per_page=100', headers: bearer(key) });
    expect(response.json()).toMatchObject({ per_page: 100 });
  });
});

describe('monthly quota', () => {
  test('past the limit: 429 with the reference body, code and Retry-After to the reset', async () => {
    const key = await service.account('free');
    for (let i = 0; i < 3; i++)
      expect((await submitMcp(key, { url: 'http://127.0.0.1:9/' })).statusCode).toBe(202);
    const refused = await submitMcp(key, { url: 'http://127.0.0.1:9/' });
    expect(refused.statusCode).toBe(429);
    const body = refused.json<Record<string, unknown>>();
    const now = new Date();
    const reset = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
    expect(body).toEqual({
      error: 'Monthly scan limit reached',
      code: 'RATE_LIMIT_EXCEEDED',
      limit: 3,
      used: 3,
      resets_at: reset.toISOString().replace('.000Z', 'Z'),
      upgrade_url: 'https://trusttrace.io/pricing',
    });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    const expected = (reset.getTime() - Date.now()) / 1000;
    expect(Math.abs(retryAfter - expected)).toBeLessThan(60);
    const account = (await service.app.inject({ url: '/v1/account', headers: bearer(key) })).json();
    expect(account).toMatchObject({ scans_used: 3, scans_limit: 3 });
  });

  test('the upgrade URL comes from TRUSTTRACE_UPGRADE_URL', async () => {
    const custom = await startTestService({
      env: { TRUSTTRACE_UPGRADE_URL: 'https://billing.internal.example/upgrade' },
    });
    try {
      const key = await custom.account('free');
      for (let i = 0; i < 4; i++) {
        await custom.app.inject({
          method: 'POST',
          url: '/v1/scan/mcp',
          headers: bearer(key),
          payload: { url: 'https://93.184.216.34/' },
        });
      }
      const refused = await custom.app.inject({
        method: 'POST',
        url: '/v1/scan/mcp',
        headers: bearer(key),
        payload: { url: 'https://93.184.216.34/' },
      });
      expect(refused.json()).toMatchObject({ upgrade_url: 'https://billing.internal.example/upgrade' });
    } finally {
      await custom.close();
    }
  });

  test('20 concurrent submissions with 3 scans left: exactly 3 are accepted', async () => {
    const key = await service.account('free');
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => submitMcp(key, { url: `http://127.0.0.1:9/${i}` })),
    );
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 202)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(17);
    const account = (await service.app.inject({ url: '/v1/account', headers: bearer(key) })).json();
    expect(account).toMatchObject({ scans_used: 3, scans_limit: 3 });
    const accepted = responses
      .filter((r) => r.statusCode === 202)
      .map((r) => r.json<{ scan_id: string }>().scan_id);
    for (const id of accepted) {
      expect((await service.app.inject({ url: `/v1/scan/${id}`, headers: bearer(key) })).statusCode).toBe(
        200,
      );
    }
  });
});
