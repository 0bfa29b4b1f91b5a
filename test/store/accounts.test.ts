import { describe, expect, it } from 'vitest';
import { EmbeddedJobQueue } from '../../src/jobs/index.js';
import {
  AccountError,
  authenticateApiKey,
  authenticatePassword,
  bootstrapFirstAccount,
  createAccount,
  currentApiKey,
  getAccountInfo,
  getScan,
  listScans,
  rotateApiKey,
  setTier,
  setWebhookUrl,
  submitScan,
} from '../../src/store/index.js';
import { openTempStore } from './temp-store.js';

describe('accounts and keys', () => {
  it('issues a key that authenticates, and stores neither it nor the password in the clear', async () => {
    const store = await openTempStore();
    const { account, apiKey } = await createAccount(store, {
      email: ' Alice@Example.COM ',
      tier: 'team',
      password: 'correct horse battery',
    });

    expect(apiKey).toMatch(/^sk_scan_[A-Za-z0-9_-]{32,}$/);
    expect(account).toMatchObject({ email: 'alice@example.com', tier: 'team' });
    expect((await authenticateApiKey(store, apiKey))?.id).toBe(account.id);
    expect(await currentApiKey(store, account.id)).toBe(apiKey);
    expect((await authenticatePassword(store, 'alice@example.com', 'correct horse battery'))?.id).toBe(
      account.id,
    );
    expect(await authenticatePassword(store, 'alice@example.com', 'wrong horse battery')).toBeUndefined();

    const dump = JSON.stringify([
      await store.db.selectFrom('api_keys').selectAll().execute(),
      await store.db.selectFrom('accounts').selectAll().execute(),
    ]);
    expect(dump).not.toContain(apiKey.slice(8));
    expect(dump).not.toContain('correct horse battery');
  });

  it('refuses unknown, malformed and near-miss keys', async () => {
    const store = await openTempStore();
    const { apiKey } = await createAccount(store, { email: 'bob@example.com' });
    const lastChar = apiKey.at(-1) === 'A' ? 'B' : 'A';

    expect(await authenticateApiKey(store, apiKey.slice(0, -1) + lastChar)).toBeUndefined();
    expect(await authenticateApiKey(store, 'sk_scan_short')).toBeUndefined();
    expect(await authenticateApiKey(store, '')).toBeUndefined();
    expect(await authenticateApiKey(store, apiKey + ' ')).toBeUndefined();
  });

  it('rotation revokes the old key at once and shows the new one masked', async () => {
    const store = await openTempStore();
    const { account, apiKey: oldKey } = await createAccount(store, { email: 'carol@example.com' });

    const newKey = await rotateApiKey(store, account.id);

    expect(newKey).not.toBe(oldKey);
    expect(await authenticateApiKey(store, oldKey)).toBeUndefined();
    expect((await authenticateApiKey(store, newKey))?.id).toBe(account.id);
    expect(await currentApiKey(store, account.id)).toBe(newKey);
    const info = await getAccountInfo(store, account.id);
    expect(info?.api_key).toBe(`${newKey.slice(0, 14)}...`);
    expect(info?.api_key).not.toContain(newKey.slice(14));
  });

  it('refuses a second account with the same email, a bad email and an unknown tier', async () => {
    const store = await openTempStore();
    await createAccount(store, { email: 'dave@example.com' });

    await expect(createAccount(store, { email: 'DAVE@example.com' })).rejects.toMatchObject({
      code: 'EMAIL_TAKEN',
    });
    await expect(createAccount(store, { email: 'not an email' })).rejects.toBeInstanceOf(AccountError);
    await expect(setTier(store, 'nobody@example.com', 'pro')).rejects.toMatchObject({
      code: 'ACCOUNT_NOT_FOUND',
    });
  });

  it('sets and removes the webhook URL', async () => {
    const store = await openTempStore();
    const { account } = await createAccount(store, { email: 'erin@example.com', tier: 'team' });

    await setWebhookUrl(store, account.id, 'https://hooks.example.com/tt');
    expect((await getAccountInfo(store, account.id))?.webhook_url).toBe('https://hooks.example.com/tt');
    await setWebhookUrl(store, account.id, null);
    expect((await getAccountInfo(store, account.id))?.webhook_url).toBeNull();
  });

  it('bootstraps one enterprise account on an empty store, and never again', async () => {
    const store = await openTempStore();

    const first = await bootstrapFirstAccount(store);
    expect(first?.account.tier).toBe('enterprise');
    expect((await authenticateApiKey(store, first!.apiKey))?.id).toBe(first!.account.id);
    expect(await bootstrapFirstAccount(store)).toBeUndefined();
    expect(await bootstrapFirstAccount(store, 'other@example.com')).toBeUndefined();
  });
});

describe('tenant isolation', () => {
  it("never shows one account's scans to another", async () => {
    const store = await openTempStore();
    const queue = new EmbeddedJobQueue(store);
    const { account: owner } = await createAccount(store, { email: 'owner@example.com', tier: 'pro' });
    const { account: other } = await createAccount(store, { email: 'other@example.com', tier: 'pro' });
    const submitted = await submitScan(store, queue, owner.id, {
      kind: 'mcp',
      target: 'https://mcp.example.com/mcp',
      authToken: 'target-token-123',
    });
    if (!submitted.accepted) throw new Error('expected acceptance');

    expect(await getScan(store, other.id, submitted.scan_id)).toBeUndefined();
    expect((await listScans(store, other.id)).total).toBe(0);
    const own = await getScan(store, owner.id, submitted.scan_id);
    expect(own).toMatchObject({ status: 'queued', kind: 'mcp', target: 'https://mcp.example.com/mcp' });
    expect(JSON.stringify(own)).not.toContain('target-token-123');
    expect(await getScan(store, owner.id, 'not-a-uuid')).toBeUndefined();
  });
});
