// The only way the engine (and the service's webhooks and advisory look-ups) reaches the network.
// Every connection is checked against the address policy at connect time, on every address DNS
// returns (so a name that resolves to one private address among public ones is refused, and a DNS
// answer that changes between a check and the connect cannot slip through); IP-literal hosts are
// checked before connecting; redirects are followed by hand and each hop is checked again; every
// response body is counted as it flows and cut at a byte cap; and a deadline bounds the whole job.
import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import type { Agent, Response as UndiciResponse } from 'undici';
import {
  type AddressPolicy,
  assertHostAllowed,
  blockReason,
  BlockedAddressError,
  DENY_PRIVATE,
} from './address-policy.js';

/** undici loads with the first request: a scan of files makes none, and loading it takes a while. */
let undiciLoading: Promise<typeof import('undici')> | undefined;
const loadUndici = () => (undiciLoading ??= import('undici'));

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
export const DEFAULT_MAX_REDIRECTS = 5;
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_HEADERS_TIMEOUT_MS = 15_000;
export const DEFAULT_BODY_TIMEOUT_MS = 15_000;

/** Resolves a host name to every address it has (the test suite injects its own answers). */
export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

/** The shape of `fetch` that the MCP SDK transports (and anyone else) can take. */
export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

export interface GuardedFetchOptions {
  policy?: AddressPolicy;
  /** Bytes read from one response body at most; the stream errors past it. Default 1 MB. */
  maxBodyBytes?: number;
  maxRedirects?: number;
  connectTimeoutMs?: number;
  /** Time allowed until the response headers are complete. */
  headersTimeoutMs?: number;
  /** Longest silence allowed between two chunks of a body. */
  bodyTimeoutMs?: number;
  /** Aborts everything in flight: the deadline of the whole scan. */
  signal?: AbortSignal;
  resolve?: Resolver;
  /** Told of every failure as it happens (e.g. to stop waiting on a stream the cap just cut). */
  onError?: (error: NetworkError) => void;
  /** False only to look at a server whose certificate does not verify (never with credentials). */
  verifyTls?: boolean;
}

export type NetworkErrorKind =
  'blocked' | 'dns' | 'refused' | 'timeout' | 'tls' | 'too-large' | 'redirect' | 'aborted' | 'network';

/** A failure to reach or read a server, with a precise, human message and a kind to branch on. */
export class NetworkError extends Error {
  constructor(
    readonly kind: NetworkErrorKind,
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'NetworkError';
  }
}

const TLS_CERT_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
]);

/** True when a NetworkError is about the server's certificate (as opposed to the handshake). */
export function isCertificateError(error: unknown): boolean {
  return error instanceof NetworkError && error.kind === 'tls' && TLS_CERT_CODES.has(error.code ?? '');
}

/** Turns whatever undici, node:net or node:tls threw into a NetworkError with a precise message. */
export function toNetworkError(error: unknown, url?: string | URL): NetworkError {
  if (error instanceof NetworkError) return error;
  if (error instanceof BlockedAddressError) return new NetworkError('blocked', error.message, error.code);
  const cause = (error as { cause?: unknown })?.cause;
  if (cause instanceof NetworkError || cause instanceof BlockedAddressError)
    return toNetworkError(cause, url);
  const err = (cause ?? error) as { code?: string; message?: string; name?: string };
  const where = url ? ` (${new URL(String(url)).host})` : '';
  const code = err?.code;
  if ((error as Error)?.name === 'AbortError' || err?.name === 'AbortError' || err?.name === 'TimeoutError')
    return new NetworkError('aborted', `the scan's time limit ran out${where}`, code);
  switch (code) {
    case 'ECONNREFUSED':
      return new NetworkError('refused', `connection refused${where}`, code);
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
    case 'EPIPE':
      return new NetworkError('network', `the server closed the connection${where}`, code);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NODATA':
      return new NetworkError('dns', `host name not found${where}`, code);
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return new NetworkError('timeout', `connect timed out${where}`, code);
    case 'UND_ERR_HEADERS_TIMEOUT':
      return new NetworkError('timeout', `the server did not send response headers in time${where}`, code);
    case 'UND_ERR_BODY_TIMEOUT':
      return new NetworkError('timeout', `the server stopped sending the response body${where}`, code);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new NetworkError('network', `host unreachable${where}`, code);
  }
  if (code && (TLS_CERT_CODES.has(code) || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL')))
    return new NetworkError('tls', `TLS error${where}: ${err.message ?? code}`, code);
  if (/wrong version number|ssl|tls/i.test(err?.message ?? ''))
    return new NetworkError('tls', `TLS error${where}: ${err.message}`, code);
  return new NetworkError('network', `${err?.message ?? String(error)}${where}`, code);
}

const defaultResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** A `lookup` for net.connect that refuses the host when ANY address it resolves to is blocked. */
export function guardedLookup(policy: AddressPolicy, resolve: Resolver = defaultResolver) {
  return (
    hostname: string,
    options: { all?: boolean; family?: number | string },
    callback: LookupCallback,
  ) => {
    resolve(hostname).then(
      (addresses) => {
        if (addresses.length === 0) {
          const error = Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' });
          return callback(error, '');
        }
        for (const { address } of addresses) {
          const reason = blockReason(address, policy);
          if (reason) {
            const error = new BlockedAddressError(`${hostname} (${address})`, reason);
            return callback(error as unknown as NodeJS.ErrnoException, '');
          }
        }
        const family = options.family === 6 || options.family === 'IPv6' ? 6 : options.family === 4 ? 4 : 0;
        const usable = family ? addresses.filter((a) => a.family === family) : addresses;
        if (options.all) return callback(null, usable);
        const first = usable[0] ?? addresses[0]!;
        callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
}

/** Resolves a host and throws when the policy refuses it or any address it resolves to. */
export async function assertResolvesAllowed(
  hostname: string,
  policy: AddressPolicy = DENY_PRIVATE,
  resolve: Resolver = defaultResolver,
): Promise<void> {
  assertHostAllowed(hostname, policy);
  const host = hostname.replace(/^\[|\]$/g, '');
  let addresses: { address: string }[];
  try {
    addresses = await resolve(host);
  } catch (error) {
    throw toNetworkError(error);
  }
  for (const { address } of addresses) {
    const reason = blockReason(address, policy);
    if (reason) throw new BlockedAddressError(`${hostname} (${address})`, reason);
  }
}

/** Errors the stream once more than `maxBytes` have flowed through it. */
function byteCap(maxBytes: number, url: string, onError: (error: NetworkError) => void) {
  let seen = 0;
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      if (seen > maxBytes) {
        const error = new NetworkError(
          'too-large',
          `the response from ${new URL(url).host} exceeded ${formatBytes(maxBytes)}`,
        );
        onError(error);
        controller.error(error);
        return;
      }
      controller.enqueue(chunk);
    },
  });
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MB` : `${bytes} bytes`;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * A fetch bound to one connection pool and one policy. `close()` tears down every socket (an
 * endless stream included); `lastError` keeps the most precise failure seen, for error messages.
 */
export interface GuardedFetch {
  fetch: FetchLike;
  close(): Promise<void>;
  readonly lastError: NetworkError | undefined;
}

export function createGuardedFetch(options: GuardedFetchOptions = {}): GuardedFetch {
  const policy = options.policy ?? DENY_PRIVATE;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  // The pool is made with the first request; one made after close() is closed at once, so that a
  // request after close() fails as it would on the closed pool.
  let agent: Promise<Agent> | undefined;
  let closed = false;
  const agentFor = () =>
    (agent ??= loadUndici().then(({ Agent }) => {
      const pool = new Agent({
        connect: {
          timeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
          lookup: guardedLookup(policy, options.resolve) as never,
          rejectUnauthorized: options.verifyTls ?? true,
        },
        headersTimeout: options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS,
        bodyTimeout: options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS,
      } as ConstructorParameters<typeof Agent>[0]);
      if (closed) void pool.destroy().catch(() => undefined);
      return pool;
    }));
  let lastError: NetworkError | undefined;
  const remember = (error: NetworkError) => {
    // An abort that follows a precise failure (the cap, a blocked hop) must not hide it.
    if (error.kind !== 'aborted' || !lastError) lastError = error;
    options.onError?.(error);
    return error;
  };

  const guarded: FetchLike = async (input, init = {}) => {
    let url = new URL(String(input));
    let method = (init.method ?? 'GET').toUpperCase();
    let body = init.body;
    let headers: Headers;
    try {
      headers = new Headers(init.headers);
    } catch {
      // The HTTP client's own error quotes the value, which may be a credential.
      throw remember(
        new NetworkError(
          'network',
          'a request header value contains a line break or a character HTTP cannot carry',
        ),
      );
    }
    if (!headers.has('accept-encoding')) headers.set('accept-encoding', 'identity');
    const signals = [init.signal, options.signal].filter((s): s is AbortSignal => !!s);
    const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    const undici = await loadUndici();
    const dispatcher = await agentFor();

    for (let hop = 0; ; hop++) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw remember(new NetworkError('redirect', `refusing to follow a redirect to ${url.protocol} URL`));
      try {
        assertHostAllowed(url.hostname, policy);
      } catch (error) {
        throw remember(toNetworkError(error, url));
      }
      let response: UndiciResponse;
      try {
        response = await undici.fetch(url, {
          method,
          headers: headers as never,
          body: body as never,
          signal,
          redirect: 'manual',
          dispatcher,
        });
      } catch (error) {
        throw remember(toNetworkError(error, url));
      }
      const location = response.headers.get('location');
      // `redirect: 'manual'` hands a redirect back to a caller that wants to look at it (probes).
      if (!REDIRECT_STATUSES.has(response.status) || !location || init.redirect === 'manual')
        return capped(response, url, undici.Response);
      await response.body?.cancel().catch(() => undefined);
      if (hop >= maxRedirects)
        throw remember(new NetworkError('redirect', `more than ${maxRedirects} redirects from ${url.host}`));
      const next = new URL(location, url);
      // Credentials stay with the origin they were given for.
      if (next.origin !== url.origin) {
        headers.delete('authorization');
        headers.delete('cookie');
      }
      if (
        response.status === 303 ||
        ((response.status === 301 || response.status === 302) && method === 'POST')
      ) {
        method = method === 'HEAD' ? 'HEAD' : 'GET';
        body = undefined;
        headers.delete('content-type');
      }
      url = next;
    }
  };

  function capped(response: UndiciResponse, url: URL, Wrapper: typeof UndiciResponse): Response {
    if (!response.body) return response as unknown as Response;
    const body = response.body.pipeThrough(byteCap(maxBodyBytes, url.href, remember));
    const wrapped = new Wrapper(body as never, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
    return wrapped as unknown as Response;
  }

  return {
    fetch: guarded,
    close: async () => {
      closed = true;
      if (agent) await (await agent).destroy().catch(() => undefined);
    },
    get lastError() {
      return lastError;
    },
  };
}

/**
 * One request through a short-lived guarded connection pool, for callers that make a few requests
 * (webhooks, advisory look-ups). The body is read whole (within the cap) before the pool closes.
 */
export async function guardedFetchText(
  url: string | URL,
  init: RequestInit = {},
  options: GuardedFetchOptions = {},
): Promise<{ status: number; headers: Headers; text: string }> {
  const client = createGuardedFetch(options);
  try {
    const response = await client.fetch(url, init);
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw client.lastError ?? toNetworkError(error, url);
    }
    return { status: response.status, headers: response.headers, text };
  } finally {
    await client.close();
  }
}
