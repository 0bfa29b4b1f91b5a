import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createAddressPolicy } from '../../src/engine/net/address-policy.js';
import { deliverWebhook, retryDelayMs } from '../../src/webhooks/deliver.js';
import { buildWebhookPayload } from '../../src/webhooks/payload.js';
import { signWebhook } from '../../src/webhooks/sign.js';

const policy = createAddressPolicy({ allow: ['127.0.0.0/8'] });
const servers: Server[] = [];

interface Received {
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** A receiver on 127.0.0.1 that answers each request with the next status of `statuses` (or never). */
async function receiver(statuses: (number | 'hang')[]): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      const status = statuses[Math.min(received.length - 1, statuses.length - 1)]!;
      if (status !== 'hang') res.writeHead(status).end('ok');
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const apiKey = 'sk_scan_' + 'k'.repeat(40);
const body = JSON.stringify(
  buildWebhookPayload({
    id: 'a1b2c3d4-0000-4000-8000-000000000000',
    status: 'complete',
    overall_score: 43,
    letter_grade: 'D',
    findings: [
      { severity: 'critical' },
      { severity: 'high' },
      { severity: 'high' },
      { severity: 'info' },
      // Accepted by the project's .trusttrace.yaml: counted no more than in the score.
      { severity: 'critical', suppressed: { reason: 'accepted, ticket SEC-42', kind: 'config' } },
    ],
    error: null,
  }),
);

describe('webhook delivery', () => {
  it("sends the reference's payload signed with the API key, byte for byte", async () => {
    const { url, received } = await receiver([200]);
    const attempt = await deliverWebhook({ url, body, apiKey, deliveryId: 'd-1', policy });
    expect(attempt).toMatchObject({ ok: true, status: 200, error: null });
    const [request] = received;
    expect(request!.body.toString()).toBe(body);
    expect(JSON.parse(body)).toEqual({
      scan_id: 'a1b2c3d4-0000-4000-8000-000000000000',
      status: 'complete',
      overall_score: 43,
      letter_grade: 'D',
      findings_count: { critical: 1, high: 2, medium: 0, low: 0 },
    });
    // What a receiver does: recompute the HMAC over the raw bytes it got.
    expect(request!.headers['x-trusttrace-signature']).toBe(signWebhook(request!.body, apiKey));
    expect(request!.headers['x-trusttrace-signature']).not.toBe(signWebhook(request!.body, `${apiKey}x`));
    expect(request!.headers['x-trusttrace-delivery']).toBe('d-1');
    const sentAt = Number(request!.headers['x-trusttrace-timestamp']);
    expect(Math.abs(sentAt - Date.now() / 1000)).toBeLessThan(60);
    // The timestamped signature: HMAC over `<timestamp>.<body>`, the timestamp the one in its header.
    const timestamped = createHmac('sha256', apiKey).update(`${sentAt}.`).update(request!.body).digest('hex');
    expect(request!.headers['x-trusttrace-signature-v2']).toBe(`t=${sentAt},sha256=${timestamped}`);
    expect(request!.headers['content-type']).toBe('application/json');
  });

  it('reports a receiver error as a failed attempt', async () => {
    const { url } = await receiver([500]);
    expect(await deliverWebhook({ url, body, apiKey, deliveryId: 'd-2', policy })).toMatchObject({
      ok: false,
      status: 500,
      error: 'receiver answered HTTP 500',
    });
  });

  it('gives up on a receiver that never answers', async () => {
    const { url } = await receiver(['hang']);
    const attempt = await deliverWebhook({ url, body, apiKey, deliveryId: 'd-3', policy, timeoutMs: 300 });
    expect(attempt.ok).toBe(false);
    expect(attempt.error).toMatch(/time|abort/i);
  });

  it('refuses a URL that resolves to a private address at send time', async () => {
    const { received } = await receiver([200]);
    const attempt = await deliverWebhook({
      url: 'http://hooks.example.test/hook',
      body,
      apiKey,
      deliveryId: 'd-4',
      policy,
      resolve: async () => [{ address: '10.1.2.3', family: 4 }],
    });
    expect(attempt.ok).toBe(false);
    expect(attempt.error).toMatch(/10\.1\.2\.3|private/);
    expect(received).toHaveLength(0);
  });

  it('does not follow redirects', async () => {
    const server = createServer((_req, res) =>
      res.writeHead(302, { location: 'http://169.254.169.254/' }).end(),
    );
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const attempt = await deliverWebhook({ url, body, apiKey, deliveryId: 'd-5', policy });
    expect(attempt.ok).toBe(false);
    expect(attempt.error).toMatch(/redirect/);
  });

  it('backs off exponentially with jitter, about an hour over six attempts', () => {
    const waits = [1, 2, 3, 4, 5].map(retryDelayMs);
    for (let i = 1; i < 4; i++) expect(waits[i]!).toBeGreaterThan(waits[i - 1]! * 1.2);
    const total = waits.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(45 * 60_000);
    expect(total).toBeLessThan(80 * 60_000);
  });
});
