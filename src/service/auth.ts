// Authentication of /v1 routes: `Authorization: Bearer <key>` or `X-API-Key: <key>`. A missing,
// malformed, unknown or revoked key answers 401 UNAUTHORIZED; malformed, unknown and revoked keys get
// the same sentence, so that the answer says nothing about which keys exist.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authenticateApiKey, type Account } from '../store/accounts.js';
import type { Store } from '../store/database.js';
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
 * Every request asks the store, with no cache of keys that worked: a key rotated or revoked by any
 * process sharing the store is refused by every other one from that moment. (The look-up is one
 * indexed read; see docs/performance.md for its cost.)
 */
export function authenticate(store: Store) {
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
    const account = key ? await authenticateApiKey(store, key) : undefined;
    if (!account) throw new ApiError(401, 'UNAUTHORIZED', 'Invalid or revoked API key');
    request.account = account;
  };
}
