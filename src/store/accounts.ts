// Accounts, their API keys and plans.
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import {
  apiKeyDisplayPrefix,
  apiKeyLookupHash,
  constantTimeEqual,
  decryptSecret,
  encryptSecret,
  generateApiKey,
  hashPassword,
  isWellFormedApiKey,
  maskApiKey,
  verifyPassword,
  type ServerSecret,
} from '../security/keys.js';
import type { Store } from './database.js';
import { TIERS, type AccountRow, type Database, type Tier } from './schema.js';
import { monthKey, resetsAt, toIso } from './time.js';

/** Scans a month per plan (CONTRACT.md §1). */
export const PLAN_LIMITS: Readonly<Record<Tier, number>> = {
  free: 3,
  developer: 15,
  pro: 50,
  team: 200,
  enterprise: 500,
};

/** Ordered from least to most: `tierAtLeast(account.tier, 'developer')` for plan checks. */
export function tierAtLeast(tier: Tier, minimum: Tier): boolean {
  return TIERS.indexOf(tier) >= TIERS.indexOf(minimum);
}

export function isTier(value: string): value is Tier {
  return (TIERS as readonly string[]).includes(value);
}

const API_KEY_PURPOSE = 'api-key';
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export class AccountError extends Error {
  constructor(
    message: string,
    readonly code: 'EMAIL_TAKEN' | 'INVALID_EMAIL' | 'INVALID_TIER' | 'ACCOUNT_NOT_FOUND',
  ) {
    super(message);
  }
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export interface Account {
  id: string;
  email: string;
  tier: Tier;
  webhook_url: string | null;
  created_at: string;
}

function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    email: row.email,
    tier: row.tier,
    webhook_url: row.webhook_url,
    created_at: row.created_at,
  };
}

async function insertApiKey(
  executor: Kysely<Database> | Transaction<Database>,
  secret: ServerSecret,
  accountId: string,
  now: Date,
): Promise<string> {
  const key = generateApiKey();
  await executor
    .insertInto('api_keys')
    .values({
      id: randomUUID(),
      account_id: accountId,
      lookup_hash: apiKeyLookupHash(key),
      ciphertext: encryptSecret(key, secret, API_KEY_PURPOSE),
      display_prefix: apiKeyDisplayPrefix(key),
      created_at: toIso(now),
      revoked_at: null,
    })
    .execute();
  return key;
}

export interface CreateAccountInput {
  email: string;
  tier?: Tier;
  password?: string;
  now?: Date;
}

/** Creates an account with its first API key; the key is returned here and never again in the clear. */
export async function createAccount(
  store: Store,
  input: CreateAccountInput,
): Promise<{ account: Account; apiKey: string }> {
  const email = normalizeEmail(input.email);
  if (!EMAIL_SHAPE.test(email) || email.length > 254) {
    throw new AccountError(`"${input.email}" is not an email address`, 'INVALID_EMAIL');
  }
  const tier = input.tier ?? 'free';
  if (!isTier(tier)) throw new AccountError(`unknown tier "${String(tier)}"`, 'INVALID_TIER');
  const now = input.now ?? new Date();
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  const row: AccountRow = {
    id: randomUUID(),
    email,
    tier,
    password_hash: passwordHash,
    webhook_url: null,
    created_at: toIso(now),
  };
  try {
    // Written first thing in the transaction so that SQLite takes its write lock at once.
    return await store.db.transaction().execute(async (trx) => {
      await trx.insertInto('accounts').values(row).execute();
      const apiKey = await insertApiKey(trx, store.secret, row.id, now);
      return { account: toAccount(row), apiKey };
    });
  } catch (error) {
    if (await findAccountByEmail(store, email)) {
      throw new AccountError(`an account for ${email} already exists`, 'EMAIL_TAKEN');
    }
    throw error;
  }
}

export async function findAccountById(store: Store, accountId: string): Promise<Account | undefined> {
  const row = await store.db
    .selectFrom('accounts')
    .selectAll()
    .where('id', '=', accountId)
    .executeTakeFirst();
  return row && toAccount(row);
}

export async function findAccountByEmail(store: Store, email: string): Promise<Account | undefined> {
  const row = await store.db
    .selectFrom('accounts')
    .selectAll()
    .where('email', '=', normalizeEmail(email))
    .executeTakeFirst();
  return row && toAccount(row);
}

/** The account a presented key belongs to, or undefined for a malformed, unknown or revoked key. */
export async function authenticateApiKey(store: Store, presented: string): Promise<Account | undefined> {
  if (!isWellFormedApiKey(presented)) return undefined;
  const hash = apiKeyLookupHash(presented);
  const row = await store.db
    .selectFrom('api_keys')
    .innerJoin('accounts', 'accounts.id', 'api_keys.account_id')
    .selectAll('accounts')
    .select(['api_keys.lookup_hash', 'api_keys.revoked_at'])
    .where('api_keys.lookup_hash', '=', hash)
    .executeTakeFirst();
  if (!row || row.revoked_at !== null || !constantTimeEqual(row.lookup_hash, hash)) return undefined;
  return toAccount(row);
}

/** Email and password sign-in (dashboard); undefined on any mismatch. */
export async function authenticatePassword(
  store: Store,
  email: string,
  password: string,
): Promise<Account | undefined> {
  const row = await store.db
    .selectFrom('accounts')
    .selectAll()
    .where('email', '=', normalizeEmail(email))
    .executeTakeFirst();
  if (!row?.password_hash) return undefined;
  return (await verifyPassword(password, row.password_hash)) ? toAccount(row) : undefined;
}

/** The account's current key in the clear (to sign webhooks), or undefined when it has none. */
export async function currentApiKey(store: Store, accountId: string): Promise<string | undefined> {
  const row = await store.db
    .selectFrom('api_keys')
    .select('ciphertext')
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row && decryptSecret(row.ciphertext, store.secret, API_KEY_PURPOSE);
}

/** Revokes every key of the account and issues a new one, atomically. Returns the new key once. */
export async function rotateApiKey(store: Store, accountId: string, now = new Date()): Promise<string> {
  return store.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('api_keys')
      .set({ revoked_at: toIso(now) })
      .where('account_id', '=', accountId)
      .where('revoked_at', 'is', null)
      .execute();
    return insertApiKey(trx, store.secret, accountId, now);
  });
}

export interface AccountInfo {
  email: string;
  tier: Tier;
  /** Masked: `sk_scan_abc123...`. */
  api_key: string;
  scans_used: number;
  scans_limit: number;
  resets_at: string;
  webhook_url: string | null;
}

/** `GET /v1/account`, undefined when the account does not exist. */
export async function getAccountInfo(
  store: Store,
  accountId: string,
  now = new Date(),
): Promise<AccountInfo | undefined> {
  const account = await findAccountById(store, accountId);
  if (!account) return undefined;
  const [key, usage] = await Promise.all([
    store.db
      .selectFrom('api_keys')
      .select('display_prefix')
      .where('account_id', '=', accountId)
      .where('revoked_at', 'is', null)
      .orderBy('created_at', 'desc')
      .executeTakeFirst(),
    store.db
      .selectFrom('usage')
      .select('used')
      .where('account_id', '=', accountId)
      .where('month', '=', monthKey(now))
      .executeTakeFirst(),
  ]);
  return {
    email: account.email,
    tier: account.tier,
    api_key: key ? maskApiKey(key.display_prefix) : '',
    scans_used: Number(usage?.used ?? 0),
    scans_limit: PLAN_LIMITS[account.tier],
    resets_at: resetsAt(now),
    webhook_url: account.webhook_url,
  };
}

/** Sets or (with null) removes the webhook URL. The caller validates the URL and the plan. */
export async function setWebhookUrl(
  store: Store,
  accountId: string,
  webhookUrl: string | null,
): Promise<void> {
  await store.db
    .updateTable('accounts')
    .set({ webhook_url: webhookUrl })
    .where('id', '=', accountId)
    .execute();
}

export async function setTier(store: Store, email: string, tier: Tier): Promise<Account> {
  if (!isTier(tier)) throw new AccountError(`unknown tier "${String(tier)}"`, 'INVALID_TIER');
  const row = await store.db
    .updateTable('accounts')
    .set({ tier })
    .where('email', '=', normalizeEmail(email))
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new AccountError(`no account for ${normalizeEmail(email)}`, 'ACCOUNT_NOT_FOUND');
  return toAccount(row);
}

export const BOOTSTRAP_EMAIL = 'admin@localhost.localdomain';

/**
 * First start: when the store has no account at all, creates one enterprise account and returns its
 * key (to print once). Returns undefined when any account exists. Two processes racing here make at
 * most one account: the email is unique, and the loser's insert fails.
 */
export async function bootstrapFirstAccount(
  store: Store,
  email = BOOTSTRAP_EMAIL,
): Promise<{ account: Account; apiKey: string } | undefined> {
  const any = await store.db.selectFrom('accounts').select('id').limit(1).executeTakeFirst();
  if (any) return undefined;
  try {
    return await createAccount(store, { email, tier: 'enterprise' });
  } catch (error) {
    if (error instanceof AccountError && error.code === 'EMAIL_TAKEN') return undefined;
    const raced = await store.db.selectFrom('accounts').select('id').limit(1).executeTakeFirst();
    if (raced) return undefined;
    throw error;
  }
}
