// Checks a URL a client asks us to reach later (a scan target or a webhook) before accepting it:
// http(s) only, no credentials in it, and neither its host nor any address it resolves to may be in a
// range the address policy refuses. The connection itself is checked again at connect time by
// engine/net, which also covers redirects and DNS answers that change after this check.
import { lookup } from 'node:dns/promises';
import { BlockedAddressError, type AddressPolicy } from '../engine/net/address-policy.js';
import { assertResolvesAllowed, NetworkError, type Resolver } from '../engine/net/guarded-fetch.js';
import { ApiError } from './errors.js';

/** How long a submission waits for DNS before leaving the question to connect time. */
const LOOKUP_TIMEOUT_MS = 3_000;

export const boundedResolver: Resolver = async (host) => {
  const timeout = new Promise<never>((_, reject) => {
    setTimeout(
      () => reject(Object.assign(new Error('DNS lookup timed out'), { code: 'ETIMEDOUT' })),
      LOOKUP_TIMEOUT_MS,
    ).unref();
  });
  return Promise.race([lookup(host, { all: true, verbatim: true }), timeout]);
};

function privateAddress(what: string, error: BlockedAddressError): ApiError {
  return new ApiError(
    400,
    'PRIVATE_ADDRESS',
    `The ${what} points at a ${error.reason} address, which TrustTrace may not reach`,
  );
}

/**
 * Returns the normalised URL, or throws INVALID_URL / PRIVATE_ADDRESS. The URL keeps its query as
 * given (an `api_key` the server needs included): whoever stores or shows it redacts it first.
 */
export async function checkTargetUrl(
  raw: string,
  policy: AddressPolicy,
  what: 'scan target' | 'webhook URL',
  resolve: Resolver = boundedResolver,
): Promise<string> {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ApiError(400, 'INVALID_URL', `The ${what} is not a valid absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ApiError(400, 'INVALID_URL', `The ${what} must start with http:// or https://`);
  }
  if (url.username || url.password) {
    throw new ApiError(400, 'INVALID_URL', `The ${what} must not carry credentials; use auth_token`);
  }
  try {
    await assertResolvesAllowed(url.hostname, policy, resolve);
  } catch (error) {
    if (error instanceof BlockedAddressError) throw privateAddress(what, error);
    // Unresolvable now: the scan or delivery fails with a clear error later, and connect-time checks
    // still apply to whatever the name resolves to then.
    if (!(error instanceof NetworkError)) throw error;
  }
  // A fragment is never sent to a server: nothing to keep.
  url.hash = '';
  return url.toString();
}
