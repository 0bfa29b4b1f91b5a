// GET /v1/account, PUT /v1/account/webhook (Team+), and the per-key request-rate limit.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bearer, startTestService, type TestService } from './helpers.js';

let service: TestService;

beforeAll(async () => {
  service = await startTestService({ env: { TRUSTTRACE_ALLOW_PRIVATE_TARGETS: '127.0.0.1/32' } });
});
afterAll(() => service.close());

function putWebhook(key: string, webhook_url: unknown) {
  return service.app.inject({
    method: 'PUT',
    url: '/v1/account/webhook',
    headers: bearer(key),
    payload: { webhook_url } as object,
  });
}

describe('GET /v1/account', () => {
  test('answers the reference fields: plan, masked key, usage and reset', async () => {
    const key = await service.account('developer', 'dev@example.com');
    const response = await service.app.inject({ url: '/v1/account', headers: bearer(key) });
    expect(response.statusCode).toBe(200);
    const now = new Date();
    expect(response.json()).toEqual({
      email: 'dev@example.com',
      tier: 'developer',
      api_key: `${key.slice(0, 14)}...`,
      scans_used: 0,
      scans_limit: 15,
      resets_at: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1))
        .toISOString()
        .replace('.000Z', 'Z'),
      webhook_url: null,
    });
    expect(response.body).not.toContain(key.slice(14));
  });

  test.each([
    ['free', 3],
    ['pro', 50],
    ['team', 200],
    ['enterprise', 500],
  ] as const)('%s allows %i scans a month', async (tier, limit) => {
    const key = await service.account(tier);
    const response = await service.app.inject({ url: '/v1/account', headers: { 'x-api-key': key } });
    expect(response.json()).toMatchObject({ tier, scans_limit: limit });
  });
});

describe('PUT /v1/account/webhook', () => {
  test.each(['free', 'developer', 'pro'] as const)('%s → 403 PLAN_REQUIRED', async (tier) => {
    const key = await service.account(tier);
    const response = await putWebhook(key, 'https://hooks.example.com/trusttrace');
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'PLAN_REQUIRED' });
  });

  test('team sets the URL, sees it on the account, and removes it with null', async () => {
    const key = await service.account('team');
    const set = await putWebhook(key, 'https://93.184.216.34/hooks/trusttrace');
    expect(set.statusCode).toBe(200);
    expect(set.json()).toEqual({ webhook_url: 'https://93.184.216.34/hooks/trusttrace' });
    const account = await service.app.inject({ url: '/v1/account', headers: bearer(key) });
    expect(account.json()).toMatchObject({ webhook_url: 'https://93.184.216.34/hooks/trusttrace' });

    const removed = await putWebhook(key, null);
    expect(removed.statusCode).toBe(200);
    expect(removed.json()).toEqual({ webhook_url: null });
    expect((await service.app.inject({ url: '/v1/account', headers: bearer(key) })).json()).toMatchObject({
      webhook_url: null,
    });
  });

  test('an allow-listed internal address is accepted (TRUSTTRACE_ALLOW_PRIVATE_TARGETS)', async () => {
    const key = await service.account('enterprise');
    const response = await putWebhook(key, 'http://127.0.0.1:9000/hook');
    expect(response.statusCode).toBe(200);
  });

  test.each([
    ['ftp://hooks.example.com/x', 'INVALID_URL'],
    ['hooks.example.com/x', 'INVALID_URL'],
    ['https://user:pass@93.184.216.34/', 'INVALID_URL'],
    ['http://10.1.2.3/hook', 'PRIVATE_ADDRESS'],
    ['http://169.254.169.254/latest', 'PRIVATE_ADDRESS'],
    ['http://127.0.0.2/hook', 'PRIVATE_ADDRESS'],
    ['http://[::1]/hook', 'PRIVATE_ADDRESS'],
  ])('%s → 400 %s', async (url, code) => {
    const key = await service.account('team');
    const response = await putWebhook(key, url);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code });
    expect((await service.app.inject({ url: '/v1/account', headers: bearer(key) })).json()).toMatchObject({
      webhook_url: null,
    });
  });

  test('a body without webhook_url → 400 BAD_REQUEST', async () => {
    const key = await service.account('team');
    const response = await service.app.inject({
      method: 'PUT',
      url: '/v1/account/webhook',
      headers: bearer(key),
      payload: {},
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('per-key request-rate limit', () => {
  test('past TRUSTTRACE_RATE_LIMIT_PER_MINUTE: 429 TOO_MANY_REQUESTS with Retry-After, per key', async () => {
    const limited = await startTestService({ env: { TRUSTTRACE_RATE_LIMIT_PER_MINUTE: '5' } });
    try {
      const key = await limited.account('enterprise');
      const other = await limited.account('enterprise');
      const statuses: number[] = [];
      let refused;
      for (let i = 0; i < 7; i++) {
        const response = await limited.app.inject({ url: '/v1/account', headers: bearer(key) });
        statuses.push(response.statusCode);
        if (response.statusCode === 429) refused = response;
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
      expect(refused!.json()).toMatchObject({ code: 'TOO_MANY_REQUESTS', error: expect.any(String) });
      expect(refused!.json()).not.toHaveProperty('resets_at');
      const retryAfter = Number(refused!.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      // Another key has its own allowance, and the monthly quota is untouched.
      expect((await limited.app.inject({ url: '/v1/account', headers: bearer(other) })).statusCode).toBe(200);
      expect((await limited.app.inject({ url: '/v1/account', headers: bearer(other) })).json()).toMatchObject(
        {
          scans_used: 0,
        },
      );
    } finally {
      await limited.close();
    }
  });
});
