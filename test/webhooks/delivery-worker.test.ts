import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { AnalysisPool } from '../../src/analysis/pool.js';
import { createAddressPolicy } from '../../src/engine/net/address-policy.js';
import { EmbeddedJobQueue, engineScanRunner, ScanWorker } from '../../src/jobs/index.js';
import { createAccount, rotateApiKey, setWebhookUrl, submitScan, type Store } from '../../src/store/index.js';
import { deliveriesForScan, listAttempts } from '../../src/store/webhook-deliveries.js';
import { DeliveryWorker, enqueueWebhookDelivery } from '../../src/webhooks/delivery-worker.js';
import { signWebhook } from '../../src/webhooks/sign.js';
import { openTempStore } from '../store/temp-store.js';

const policy = createAddressPolicy({ allow: ['127.0.0.0/8'] });
const pool = new AnalysisPool({ threads: 1, heapMb: 256, taskCpuMs: 60_000, fileCpuMs: 60_000 });
afterAll(() => pool.close());
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (stops.length > 0) await stops.pop()!();
});

interface Received {
  headers: IncomingMessage['headers'];
  body: Buffer;
}

async function receiver(statuses: number[]): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(statuses[Math.min(received.length - 1, statuses.length - 1)]!).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stops.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A team account with a webhook, a scan worker that queues deliveries, and a delivery worker. */
async function setup(url: string, options: { tier?: 'team' | 'pro'; startDelivery?: boolean } = {}) {
  const store: Store = await openTempStore();
  const queue = new EmbeddedJobQueue(store);
  const { account, apiKey } = await createAccount(store, {
    email: 'team@example.com',
    tier: options.tier ?? 'team',
  });
  await setWebhookUrl(store, account.id, url);
  const scans = new ScanWorker({
    store,
    queue,
    concurrency: 1,
    pollIntervalMs: 20,
    runScan: engineScanRunner({ pool }),
    onScanFinished: (event) => enqueueWebhookDelivery(store, queue, event).then(() => undefined),
  });
  scans.start();
  stops.push(() => scans.stop());
  const deliveries = new DeliveryWorker({ store, queue, policy, pollIntervalMs: 20, retryDelay: () => 0 });
  const startDeliveries = () => {
    deliveries.start();
    stops.push(() => deliveries.stop());
  };
  if (options.startDelivery ?? true) startDeliveries();
  const submit = async () => {
    const accepted = await submitScan(store, queue, account.id, {
      kind: 'upload',
      files: [
        {
          name: 'tools.json',
          content: Buffer.from(
            JSON.stringify({ tools: [{ name: 'ok', description: 'Fine.', inputSchema: {} }] }),
          ),
        },
      ],
    });
    if (!('scan_id' in accepted)) throw new Error('quota');
    return accepted.scan_id;
  };
  return { store, account, apiKey, submit, startDeliveries };
}

describe('webhook deliveries', () => {
  it('posts the signed payload when a scan completes', async () => {
    const { url, received } = await receiver([200]);
    const { store, apiKey, submit } = await setup(url);
    const scanId = await submit();
    const [request] = await until(() => (received.length > 0 ? received : undefined));
    const payload = JSON.parse(request!.body.toString());
    expect(payload).toMatchObject({ scan_id: scanId, status: 'complete', letter_grade: expect.any(String) });
    expect(Object.keys(payload.findings_count)).toEqual(['critical', 'high', 'medium', 'low']);
    expect(request!.headers['x-trusttrace-signature']).toBe(signWebhook(request!.body, apiKey));
    const [delivery] = await until(async () => {
      const rows = await deliveriesForScan(store, scanId);
      return rows[0]?.state === 'delivered' ? rows : undefined;
    });
    expect(request!.headers['x-trusttrace-delivery']).toBe(delivery!.id);
  });

  it('retries a receiver that fails twice, then records the success', async () => {
    const { url, received } = await receiver([500, 503, 200]);
    const { store, submit } = await setup(url);
    const scanId = await submit();
    const delivery = await until(async () => {
      const [row] = await deliveriesForScan(store, scanId);
      return row?.state === 'delivered' ? row : undefined;
    });
    expect(received).toHaveLength(3);
    expect(new Set(received.map((r) => r.body.toString())).size).toBe(1);
    const attempts = await listAttempts(store, delivery.id);
    expect(attempts.map((a) => a.status_code)).toEqual([500, 503, 200]);
  });

  it('signs with the new key when the key was rotated between the scan and the delivery', async () => {
    const { url, received } = await receiver([200]);
    const { store, account, apiKey, submit, startDeliveries } = await setup(url, { startDelivery: false });
    const scanId = await submit();
    await until(async () => ((await deliveriesForScan(store, scanId)).length > 0 ? true : undefined));
    const newKey = await rotateApiKey(store, account.id);
    startDeliveries();
    const [request] = await until(() => (received.length > 0 ? received : undefined));
    expect(request!.headers['x-trusttrace-signature']).toBe(signWebhook(request!.body, newKey));
    expect(request!.headers['x-trusttrace-signature']).not.toBe(signWebhook(request!.body, apiKey));
  });

  it('sends nothing below the team plan', async () => {
    const { url, received } = await receiver([200]);
    const { store, submit } = await setup(url, { tier: 'pro' });
    const scanId = await submit();
    await until(async () =>
      (await store.db.selectFrom('scans').select('status').where('id', '=', scanId).executeTakeFirst())
        ?.status === 'complete'
        ? true
        : undefined,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received).toHaveLength(0);
    expect(await deliveriesForScan(store, scanId)).toEqual([]);
  });
});
