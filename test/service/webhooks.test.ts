// Webhooks in the running service, wired as `serve` wires them: a team account's receiver on
// 127.0.0.1 (opened by TRUSTTRACE_ALLOW_PRIVATE_TARGETS) gets the finished scan, signed with the
// account's key; a receiver that never answers holds no scan slot.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { bearer, multipart, startTestService, waitForScan, type TestService } from './helpers.js';

const receivers: (() => Promise<void>)[] = [];
const services: TestService[] = [];
afterEach(async () => {
  // Receivers first: a delivery still waiting on a silent one ends at once instead of at its timeout.
  while (receivers.length > 0) await receivers.pop()!();
  while (services.length > 0) await services.pop()!.close();
});

interface Delivery {
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** A receiver on 127.0.0.1; `answer` false keeps every request open without a response. */
async function receiver(answer: boolean): Promise<{ url: string; received: Delivery[] }> {
  const received: Delivery[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      if (answer) res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receivers.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/trusttrace`, received };
}

async function serviceWithWebhook(url: string, worker: { concurrency?: number; webhookTimeoutMs?: number }) {
  const service: TestService = await startTestService({
    env: { TRUSTTRACE_ALLOW_PRIVATE_TARGETS: '127.0.0.1' },
    worker,
  });
  services.push(service);
  const key = await service.account('team');
  const set = await service.app.inject({
    method: 'PUT',
    url: '/v1/account/webhook',
    headers: bearer(key),
    payload: { webhook_url: url },
  });
  expect(set.statusCode, set.body).toBe(200);
  const submit = async () => {
    const body = multipart([{ name: 'tools.json', content: '{"tools": []}' }]);
    const response = await service.app.inject({
      method: 'POST',
      url: '/v1/scan/upload',
      headers: { ...bearer(key), ...body.headers },
      payload: body.payload,
    });
    expect(response.statusCode).toBe(202);
    return response.json<{ scan_id: string }>().scan_id;
  };
  return { service, key, submit };
}

async function until(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

test('a finished upload scan is delivered to the team account’s webhook, signed with its key', async () => {
  const hook = await receiver(true);
  const { service, key, submit } = await serviceWithWebhook(hook.url, {});
  const scanId = await submit();
  const scan = await waitForScan(service.app, key, scanId);
  expect(scan.status).toBe('complete');

  await until(() => hook.received.length > 0);
  const [delivery] = hook.received;
  expect(JSON.parse(delivery!.body.toString('utf8'))).toEqual({
    scan_id: scanId,
    status: 'complete',
    overall_score: scan.overall_score,
    letter_grade: scan.letter_grade,
    findings_count: { critical: 0, high: 0, medium: 0, low: 0 },
  });
  const expected = createHmac('sha256', key).update(delivery!.body).digest('hex');
  expect(delivery!.headers['x-trusttrace-signature']).toBe(expected);
  expect(delivery!.headers['content-type']).toBe('application/json');
});

test('a receiver that never answers does not stop other scans completing', async () => {
  const silent = await receiver(false);
  const { service, key, submit } = await serviceWithWebhook(silent.url, {
    concurrency: 1,
    webhookTimeoutMs: 30_000,
  });
  const first = await submit();
  expect((await waitForScan(service.app, key, first)).status).toBe('complete');
  await until(() => silent.received.length > 0);

  // The delivery of the first scan is still waiting on the receiver; the one scan slot is free.
  const others = [await submit(), await submit(), await submit()];
  for (const scanId of others) expect((await waitForScan(service.app, key, scanId)).status).toBe('complete');
  expect(silent.received.length).toBeGreaterThanOrEqual(1);
});
