// The verification examples in docs/webhooks.md must work against what the service really sends: a real
// delivery to a receiver on 127.0.0.1 is accepted when fresh and refused when replayed later.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAddressPolicy } from '../../src/engine/net/address-policy.js';
import { deliverWebhook } from '../../src/webhooks/deliver.js';
import { signWebhook, signWebhookWithTimestamp } from '../../src/webhooks/sign.js';

const doc = readFileSync(new URL('../../docs/webhooks.md', import.meta.url), 'utf8');
const block = (language: string) => new RegExp('```' + language + '\\n([\\s\\S]*?)```').exec(doc)![1]!;

const apiKey = 'sk_scan_' + 'd'.repeat(40);
const body = '{"scan_id":"a1","status":"complete","overall_score":43,"letter_grade":"D"}';
const dir = mkdtempSync(path.join(tmpdir(), 'tt-webhook-docs-'));
/** The documented tolerance. */
const TOLERANCE = 300;

/** What a receiver got from one real delivery. */
let delivery: { body: Buffer; signatureV2: string; sentAt: number };

beforeAll(async () => {
  const received: { headers: IncomingHttpHeaders; body: Buffer }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const attempt = await deliverWebhook({
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
      body,
      apiKey,
      deliveryId: 'docs-1',
      policy: createAddressPolicy({ allow: ['127.0.0.0/8'] }),
    });
    expect(attempt.ok).toBe(true);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  const [request] = received;
  delivery = {
    body: request!.body,
    signatureV2: String(request!.headers['x-trusttrace-signature-v2']),
    sentAt: Number(request!.headers['x-trusttrace-timestamp']),
  };
});

/** Headers an attacker could send: each must be refused at the moment the delivery was sent. */
function forgeries(): [string, Buffer, string][] {
  const { body: raw, signatureV2, sentAt } = delivery;
  const refreshed = signatureV2.replace(/^t=\d+/, `t=${sentAt + 3600}`);
  return [
    ['signed with another key', raw, signWebhookWithTimestamp(raw, 'sk_scan_other', sentAt)],
    ['a body altered by one byte', Buffer.concat([raw, Buffer.from(' ')]), signatureV2],
    ['an old signature under a new timestamp', raw, refreshed],
    ['the body-only signature', raw, signWebhook(raw, apiKey)],
    ['an empty header', raw, ''],
    ['a timestamp that is not a number', raw, signatureV2.replace(/^t=\d+/, 't=soon')],
  ];
}

describe('docs/webhooks.md examples', () => {
  it('the TypeScript example accepts a fresh delivery and refuses a replayed or forged one', async () => {
    const file = path.join(dir, 'verify.ts');
    writeFileSync(file, block('ts'));
    const { verifyTrustTraceWebhook: verify } = (await import(pathToFileURL(file).href)) as {
      verifyTrustTraceWebhook: (raw: Buffer, signatureV2: string, key: string, now?: number) => boolean;
    };
    const { body: raw, signatureV2, sentAt } = delivery;
    // Fresh: checked now, moments after it was sent.
    expect(verify(raw, signatureV2, apiKey)).toBe(true);
    expect(verify(raw, signatureV2, apiKey, sentAt + TOLERANCE - 1)).toBe(true);
    // Replayed more than five minutes later, or dated too far ahead of the receiver's clock.
    expect(verify(raw, signatureV2, apiKey, sentAt + TOLERANCE + 1)).toBe(false);
    expect(verify(raw, signatureV2, apiKey, sentAt - TOLERANCE - 1)).toBe(false);
    for (const [what, forgedBody, header] of forgeries()) {
      expect(verify(forgedBody, header, apiKey, sentAt), what).toBe(false);
    }
  });

  it('the Python example accepts a fresh delivery and refuses a replayed or forged one', () => {
    // One interpreter for every case: [body as base64, header, now or null] in, verdicts out.
    const script = `${block('python')}
import base64, json, sys
cases = json.load(sys.stdin)
print(json.dumps([verify_trusttrace_webhook(base64.b64decode(raw), header, sys.argv[1], now) for raw, header, now in cases]))
`;
    const { body: raw, signatureV2, sentAt } = delivery;
    const cases: [Buffer, string, number | null][] = [
      // Fresh: checked now, moments after it was sent; and at the edge of the tolerance.
      [raw, signatureV2, null],
      [raw, signatureV2, sentAt + TOLERANCE - 1],
      // Replayed more than five minutes later, or dated too far ahead of the receiver's clock.
      [raw, signatureV2, sentAt + TOLERANCE + 1],
      [raw, signatureV2, sentAt - TOLERANCE - 1],
      ...forgeries().map(([, forgedBody, header]): [Buffer, string, number] => [forgedBody, header, sentAt]),
    ];
    const input = JSON.stringify(
      cases.map(([bytes, header, now]) => [bytes.toString('base64'), header, now]),
    );
    const verdicts = JSON.parse(
      execFileSync('python3', ['-c', script, apiKey], { input, encoding: 'utf8' }),
    ) as boolean[];
    expect(verdicts).toEqual([true, true, false, false, ...forgeries().map(() => false)]);
  });
});
