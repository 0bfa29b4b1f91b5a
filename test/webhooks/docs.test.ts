// The verification examples in docs/webhooks.md must work against what the service really sends.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { signWebhook } from '../../src/webhooks/sign.js';

const doc = readFileSync(new URL('../../docs/webhooks.md', import.meta.url), 'utf8');
const block = (language: string) => new RegExp('```' + language + '\\n([\\s\\S]*?)```').exec(doc)![1]!;

const apiKey = 'sk_scan_' + 'd'.repeat(40);
const body = Buffer.from('{"scan_id":"a1","status":"complete","overall_score":43,"letter_grade":"D"}');
const signature = signWebhook(body, apiKey);
const dir = mkdtempSync(path.join(tmpdir(), 'tt-webhook-docs-'));

describe('docs/webhooks.md examples', () => {
  it('the TypeScript example accepts a real signature and rejects a forged one', async () => {
    const file = path.join(dir, 'verify.ts');
    writeFileSync(file, block('ts'));
    const { verifyTrustTraceWebhook } = (await import(pathToFileURL(file).href)) as {
      verifyTrustTraceWebhook: (raw: Buffer, signature: string, key: string) => boolean;
    };
    expect(verifyTrustTraceWebhook(body, signature, apiKey)).toBe(true);
    expect(verifyTrustTraceWebhook(body, signWebhook(body, 'sk_scan_other'), apiKey)).toBe(false);
    expect(verifyTrustTraceWebhook(Buffer.concat([body, Buffer.from(' ')]), signature, apiKey)).toBe(false);
  });

  it('the Python example accepts a real signature and rejects a forged one', () => {
    const script = `${block('python')}
import sys
body = sys.stdin.buffer.read()
print(verify_trusttrace_webhook(body, sys.argv[1], sys.argv[2]))
`;
    const run = (sig: string) =>
      execFileSync('python3', ['-c', script, sig, apiKey], { input: body, encoding: 'utf8' }).trim();
    expect(run(signature)).toBe('True');
    expect(run(signWebhook(body, 'sk_scan_other'))).toBe('False');
  });
});
