// What a worker writes about a running or failed scan is stored as one visible line: an exception's
// message may quote a hostile server or the scan's own auth token (an HTTP library quotes the header it
// refused), and neither may reach `GET /v1/scan/{id}` raw.
import { describe, expect, it } from 'vitest';
import { EmbeddedJobQueue } from '../../src/jobs/index.js';
import {
  createAccount,
  failScan,
  getScan,
  markScanRunning,
  setScanProgress,
  submitScan,
} from '../../src/store/index.js';
import { rawCharacterIn } from '../helpers/hostile-text.js';
import { openTempStore } from './temp-store.js';

const AUTH_TOKEN = 'tok-Live-7f3a9c2e\r\nX-Injected: second-half-of-token';

async function runningMcpScan() {
  const store = await openTempStore();
  const { account } = await createAccount(store, { email: 'messages@example.com', tier: 'pro' });
  const outcome = await submitScan(store, new EmbeddedJobQueue(store), account.id, {
    kind: 'mcp',
    target: 'https://mcp.example.com/mcp',
    authToken: AUTH_TOKEN,
  });
  if (!outcome.accepted) throw new Error('expected the scan to be accepted');
  await markScanRunning(store, outcome.scan_id, 'Starting scan...');
  return { store, accountId: account.id, scanId: outcome.scan_id };
}

describe('scan progress and errors', () => {
  it('stores progress as a visible line', async () => {
    const { store, accountId, scanId } = await runningMcpScan();
    await setScanProgress(store, scanId, 'Listing tools of notes\u001b[31m\u202Eevil\r\n...');
    const scan = await getScan(store, accountId, scanId);
    expect(scan?.progress).toBe('Listing tools of notes\\u{1B}[31m\\u{202E}evil ...');
  });

  it('stores a failure without the scan’s auth token, in any form the message quotes it', async () => {
    for (const quoted of [
      `Headers.append: "Bearer ${AUTH_TOKEN}" is an invalid header value.`,
      `request failed with headers ${JSON.stringify({ authorization: `Bearer ${AUTH_TOKEN}` })}`,
      `token rejected: ${AUTH_TOKEN.replace('\r\n', ' ')}`,
      `token rejected: ${AUTH_TOKEN.split('\r\n')[1]}`,
    ]) {
      const { store, accountId, scanId } = await runningMcpScan();
      await failScan(store, scanId, `Scan failed: ${quoted}\u0007`);
      const scan = await getScan(store, accountId, scanId);
      expect(scan?.status).toBe('failed');
      expect(scan?.error, quoted).not.toContain('7f3a9c2e');
      expect(scan?.error, quoted).not.toContain('second-half-of-token');
      expect(rawCharacterIn(scan?.error ?? '')).toBeUndefined();
      expect(scan?.error).toMatch(/^Scan failed: /);
    }
  });
});
