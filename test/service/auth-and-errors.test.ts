// Authentication with both headers, the error shape, public operational routes, OpenAPI and logs.
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildApp } from '../../src/service/app.js';
import { openStore, SQLITE_FILE_NAME, type Store } from '../../src/store/index.js';
import type { Database } from '../../src/store/schema.js';
import { bearer, startTestService, type TestService } from './helpers.js';

let service: TestService;
let key: string;

beforeAll(async () => {
  service = await startTestService();
  key = await service.account('developer');
});
afterAll(() => service.close());

function expectError(response: { statusCode: number; json: () => unknown }, status: number, code: string) {
  expect(response.statusCode).toBe(status);
  const body = response.json() as Record<string, unknown>;
  expect(body.code).toBe(code);
  expect(typeof body.error).toBe('string');
  expect(String(body.error).length).toBeGreaterThan(0);
  expect(JSON.stringify(body)).not.toMatch(/\bat .*\.(ts|js):\d+/);
}

describe('authentication', () => {
  test('Authorization: Bearer and X-API-Key both authenticate', async () => {
    const viaBearer = await service.app.inject({ url: '/v1/account', headers: bearer(key) });
    const viaHeader = await service.app.inject({ url: '/v1/account', headers: { 'x-api-key': key } });
    expect(viaBearer.statusCode).toBe(200);
    expect(viaHeader.statusCode).toBe(200);
    expect(viaBearer.json()).toEqual(viaHeader.json());
    expect(viaBearer.json()).toMatchObject({ tier: 'developer', scans_limit: 15 });
  });

  test.each([
    ['no header', {}],
    ['an empty bearer', { authorization: 'Bearer ' }],
    ['another scheme', { authorization: `Basic ${key}` }],
    ['a malformed key', { 'x-api-key': 'not-a-key' }],
    ['an unknown key', bearer(`sk_scan_${'A'.repeat(43)}`)],
  ])('%s answers 401 UNAUTHORIZED', async (_name, headers) => {
    const response = await service.app.inject({ url: '/v1/account', headers });
    expectError(response, 401, 'UNAUTHORIZED');
  });

  test('X-API-Key still works behind a proxy that sends its own Basic Authorization', async () => {
    const response = await service.app.inject({
      url: '/v1/account',
      headers: { authorization: 'Basic cHJveHk6cHJveHk=', 'x-api-key': key },
    });
    expect(response.statusCode).toBe(200);
  });

  test('a rotated-away (revoked) key is refused at once; the new one works', async () => {
    const oldKey = await service.account('free');
    const rotated = await service.app.inject({
      method: 'POST',
      url: '/v1/account/api-key',
      headers: bearer(oldKey),
    });
    expect(rotated.statusCode).toBe(200);
    const newKey = rotated.json<{ api_key: string }>().api_key;
    expect(newKey).toMatch(/^sk_scan_[A-Za-z0-9_-]{32,}$/);
    expect(newKey).not.toBe(oldKey);
    expectError(
      await service.app.inject({ url: '/v1/account', headers: bearer(oldKey) }),
      401,
      'UNAUTHORIZED',
    );
    expectError(
      await service.app.inject({ url: '/v1/account', headers: { 'x-api-key': oldKey } }),
      401,
      'UNAUTHORIZED',
    );
    const account = await service.app.inject({ url: '/v1/account', headers: { 'x-api-key': newKey } });
    expect(account.statusCode).toBe(200);
    expect(account.json<{ api_key: string }>().api_key).toBe(`${newKey.slice(0, 14)}...`);
  });

  test('a key rotated through one process is refused at once by another sharing the store', async () => {
    // A second API process: its own store handle on the same SQLite file, its own app.
    const otherStore = await openStore({ dataDir: service.dataDir });
    const other = await buildApp({ config: service.config, store: otherStore, logLevel: 'silent' });
    try {
      const oldKey = await service.account('team');
      // Both processes have just accepted the key (what a client polling both of them does).
      for (const app of [service.app, other]) {
        expect((await app.inject({ url: '/v1/account', headers: bearer(oldKey) })).statusCode).toBe(200);
      }
      const rotated = await service.app.inject({
        method: 'POST',
        url: '/v1/account/api-key',
        headers: bearer(oldKey),
      });
      const newKey = rotated.json<{ api_key: string }>().api_key;
      expectError(await other.inject({ url: '/v1/account', headers: bearer(oldKey) }), 401, 'UNAUTHORIZED');
      expect((await other.inject({ url: '/v1/account', headers: bearer(newKey) })).statusCode).toBe(200);

      // And the other way round.
      const again = await other.inject({
        method: 'POST',
        url: '/v1/account/api-key',
        headers: bearer(newKey),
      });
      expect(again.statusCode).toBe(200);
      expectError(
        await service.app.inject({ url: '/v1/account', headers: bearer(newKey) }),
        401,
        'UNAUTHORIZED',
      );
    } finally {
      await other.close();
      await otherStore.close();
    }
  });

  test('every /v1 route needs a key', async () => {
    const routes: [string, string][] = [
      ['POST', '/v1/scan/mcp'],
      ['POST', '/v1/scan/upload'],
      ['GET', '/v1/scan/00000000-0000-4000-8000-000000000000'],
      ['GET', '/v1/scans'],
      ['GET', '/v1/account'],
      ['PUT', '/v1/account/webhook'],
      ['POST', '/v1/account/api-key'],
    ];
    for (const [method, url] of routes) {
      expectError(await service.app.inject({ method: method as 'GET', url }), 401, 'UNAUTHORIZED');
    }
  });
});

describe('errors', () => {
  test('an unknown route answers 404 NOT_FOUND in the error shape', async () => {
    expectError(await service.app.inject({ url: '/v2/nothing' }), 404, 'NOT_FOUND');
    expectError(await service.app.inject({ url: '/v1/nothing', headers: bearer(key) }), 404, 'NOT_FOUND');
  });

  const longId = 'a'.repeat(201);
  test.each([
    ['GET', `/v1/scan/${longId}`, 404, 'NOT_FOUND'],
    ['GET', '/v1/scan/%', 400, 'BAD_REQUEST'],
    ['GET', '/v1/scan/%E0%A4%A', 400, 'BAD_REQUEST'],
    ['POST', `/v1/scan/${longId}/report`, 404, 'NOT_FOUND'],
    ['POST', '/v1/scan/%/report', 400, 'BAD_REQUEST'],
    ['GET', `/v1/reports/${longId}.pdf`, 404, 'NOT_FOUND'],
    ['GET', '/v1/reports/%.pdf', 400, 'BAD_REQUEST'],
  ] as const)(
    '%s %s answers %i %s in the error shape, with or without a key',
    async (method, url, status, code) => {
      for (const headers of [bearer(key), {}]) {
        const response = await service.app.inject({ method, url, headers });
        expectError(response, status, code);
        expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(Object.keys(response.json())).toEqual(['error', 'code']);
        expect(response.body).not.toContain(longId);
      }
    },
  );

  test('validation errors are 400 BAD_REQUEST with a sentence naming the field', async () => {
    const missing = await service.app.inject({
      method: 'POST',
      url: '/v1/scan/mcp',
      headers: bearer(key),
      payload: {},
    });
    expectError(missing, 400, 'BAD_REQUEST');
    expect(missing.json<{ error: string }>().error).toContain('url');
    const wrongType = await service.app.inject({
      method: 'POST',
      url: '/v1/scan/mcp',
      headers: bearer(key),
      payload: { url: 42 },
    });
    expectError(wrongType, 400, 'BAD_REQUEST');
  });

  test('malformed JSON is 400 BAD_REQUEST, not a crash', async () => {
    const response = await service.app.inject({
      method: 'POST',
      url: '/v1/scan/mcp',
      headers: { ...bearer(key), 'content-type': 'application/json' },
      payload: '{"url": ',
    });
    expectError(response, 400, 'BAD_REQUEST');
  });

  test('a JSON body over the limit is 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await service.app.inject({
      method: 'POST',
      url: '/v1/scan/mcp',
      headers: { ...bearer(key), 'content-type': 'application/json' },
      payload: JSON.stringify({ url: 'https://example.com', auth_token: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expectError(response, 413, 'PAYLOAD_TOO_LARGE');
  });
});

describe('failures inside the service', () => {
  test('a database that went away: 500 INTERNAL without a stack trace, and /healthz says 503', async () => {
    const broken = await startTestService();
    try {
      const brokenKey = await broken.account('enterprise');
      await broken.store.db.destroy();
      const response = await broken.app.inject({ url: '/v1/account', headers: bearer(brokenKey) });
      expectError(response, 500, 'INTERNAL');
      expect(response.body).not.toMatch(/sqlite|kysely|node_modules|Error:/i);
      const health = await broken.app.inject({ url: '/healthz' });
      expectError(health, 503, 'UNAVAILABLE');
      expect(broken.logs.some((line) => line.level === 50)).toBe(true);
    } finally {
      await broken.close();
    }
  });
});

describe('a store that reads but cannot write', () => {
  test('/healthz says 503 UNAVAILABLE, although reads still answer', async () => {
    // The service's own SQLite file, opened read-only by a second app: every write fails, reads work.
    const connection = new SqliteDatabase(join(service.dataDir, SQLITE_FILE_NAME), { readonly: true });
    const readOnly: Store = {
      db: new Kysely<Database>({ dialect: new SqliteDialect({ database: connection }) }),
      secret: service.store.secret,
      dialect: 'sqlite',
      close: async () => {},
    };
    const app = await buildApp({ config: service.config, store: readOnly, logLevel: 'silent' });
    try {
      const health = await app.inject({ url: '/healthz' });
      expectError(health, 503, 'UNAVAILABLE');
      expect(health.json<{ error: string }>().error).toContain('writes');
      expect((await app.inject({ url: '/v1/account', headers: bearer(key) })).statusCode).toBe(200);
      // The same file through the service's writable handle is healthy.
      expect((await service.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await app.close();
      await readOnly.db.destroy();
    }
  });
});

describe('operations', () => {
  test('/healthz answers {"status":"ok"} without a key', async () => {
    const response = await service.app.inject({ url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  test('/openapi.json documents every route, both auth schemes and the upload body', async () => {
    const response = await service.app.inject({ url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json<{
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>>;
      components: { securitySchemes: Record<string, unknown> };
    }>();
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/healthz',
        '/v1/scan/mcp',
        '/v1/scan/upload',
        '/v1/scan/{scan_id}',
        '/v1/scans',
        '/v1/account',
        '/v1/account/webhook',
        '/v1/account/api-key',
      ]),
    );
    expect(Object.keys(document.components.securitySchemes)).toEqual(['bearer', 'apiKey']);
    expect(document.paths['/v1/scan/upload']!.post!.requestBody!.content).toHaveProperty(
      'multipart/form-data',
    );
    expect(document.paths['/v1/scan/mcp']!.post!.requestBody!.content).toHaveProperty('application/json');
  });

  test('/docs renders the API documentation', async () => {
    const response = await service.app.inject({ url: '/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('swagger');
  });

  test('/metrics exposes scans, queue depth and HTTP latency in Prometheus format', async () => {
    await service.app.inject({ url: '/v1/account', headers: bearer(key) });
    const response = await service.app.inject({ url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.body).toContain('# TYPE trusttrace_scans gauge');
    expect(response.body).toContain('trusttrace_queue_depth');
    expect(response.body).toContain('# TYPE trusttrace_scan_duration_seconds histogram');
    expect(response.body).toMatch(
      /trusttrace_http_request_duration_seconds_count\{[^}]*route="\/v1\/account"/,
    );
  });

  test('one log line per request, with no key or token in any line', async () => {
    const before = service.logs.length;
    await service.app.inject({ url: '/v1/account', headers: bearer(key) });
    await service.app.inject({ url: '/v1/account', headers: { 'x-api-key': key } });
    await service.app.inject({
      method: 'POST',
      url: '/v1/scan/mcp',
      headers: bearer(key),
      payload: { url: 'ftp://example.com', auth_token: 'target-token-secret-123' },
    });
    const lines = service.logs.slice(before);
    expect(lines).toHaveLength(3);
    expect(lines.map((line) => line.statusCode)).toEqual([200, 200, 400]);
    const text = JSON.stringify(service.logs);
    expect(text).not.toContain(key);
    expect(text).not.toContain(key.slice(8));
    expect(text).not.toContain('target-token-secret-123');
  });
});
