// Authentication of /v1 routes: `Authorization: Bearer <key>` or `X-API-Key: <key>`. A missing,
// malformed, unknown or revoked key answers 401 UNAUTHORIZED; malformed, unknown and revoked keys get
// the same sentence, so that the answer says nothing about which keys exist.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { apiKeyLookupHash } from '../security/keys.js';
import { authenticateApiKey, type Account } from '../store/accounts.js';
import type { Store } from '../store/database.js';
import { BoundedCache } from './cache.js';
import { ApiError } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated account (set on /v1 routes only). */
    account?: Account;
  }
  interface FastifyContextConfig {
    /** A /v1 route whose URL is its own credential (report downloads): no API key asked. */
    public?: boolean;
  }
}

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;
const API_PREFIX = '/v1/';

/**
 * The key a request presents: a Bearer token wins, then X-API-Key. An Authorization header of another
 * scheme (a proxy's Basic credentials) does not hide an X-API-Key; alone, it presents an invalid key.
 */
export function presentedKey(request: FastifyRequest): string | undefined {
  const authorization = request.headers.authorization;
  const bearer = authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
  if (bearer) return bearer;
  const apiKey = request.headers['x-api-key'];
  if (typeof apiKey === 'string') return apiKey.trim();
  return authorization === undefined ? undefined : '';
}

export function requireAccount(request: FastifyRequest): Account {
  if (!request.account) throw new ApiError(401, 'UNAUTHORIZED', 'Missing or invalid API key');
  return request.account;
}

/**
 * Finds the account of a presented key. A client polling for results sends the same key many times a
 * second, so a successful look-up is remembered briefly, by the key's SHA-256 (never the key). Rotation
 * through this process forgets the account's keys at once; the TTL bounds how long a change made by
 * another process (a plan change from the CLI) takes to show. With PostgreSQL several API processes
 * may serve one account, so there the cache is off and every request asks the store.
 */
export class Authenticator {
  private readonly cache: BoundedCache<Account>;

  constructor(
    private readonly store: Store,
    ttlMs = store.dialect === 'sqlite' ? 1_000 : 0,
  ) {
    this.cache = new BoundedCache({ maxEntries: 10_000, ttlMs });
  }

  async accountFor(key: string): Promise<Account | undefined> {
    if (!this.cache.enabled) return authenticateApiKey(this.store, key);
    const hash = apiKeyLookupHash(key);
    const cached = this.cache.get(hash);
    if (cached) return cached;
    const account = await authenticateApiKey(this.store, key);
    if (account) this.cache.set(hash, account);
    return account;
  }

  /** After a rotation, a plan change or a webhook change: the next request reads the store. */
  forgetAccount(accountId: string): void {
    this.cache.deleteWhere((account) => account.id === accountId);
  }
}

export function authenticate(authenticator: Authenticator) {
  return async function authenticateRequest(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    // Health, metrics and docs are public; unknown paths answer 404 whoever asks.
    if (!request.url.startsWith(API_PREFIX) || request.is404 || request.routeOptions.config.public) return;
    const key = presentedKey(request);
    if (key === undefined) {
      throw new ApiError(
        401,
        'UNAUTHORIZED',
        'Missing API key: send `Authorization: Bearer <key>` or `X-API-Key: <key>`',
      );
    }
    const account = key ? await authenticator.accountFor(key) : undefined;
    if (!account) throw new ApiError(401, 'UNAUTHORIZED', 'Invalid or revoked API key');
    request.account = account;
  };
}
