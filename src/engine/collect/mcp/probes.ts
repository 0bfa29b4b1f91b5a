// Probes run beside the session: what the server does for a client without credentials, with a
// made-up token, from a foreign Origin, in a CORS preflight, over plain HTTP, with an unsupported
// protocol version; what OAuth metadata it publishes; how good its session ids are. Each probe
// records an answer or why there was none; none of them fails the scan.
import { randomBytes } from 'node:crypto';
import type { Deadline } from '../../net/deadline.js';
import type { FetchLike } from '../../net/guarded-fetch.js';
import { toNetworkError } from '../../net/guarded-fetch.js';
import type { OAuthDocument, ProbeOutcome, SessionIdSample } from './live-server.js';
import { boundedCopy } from './definitions.js';
import { initializeRequest, keptHeaders, postRpc, type RpcAnswer } from './rpc.js';
import { isRequestTimeout } from './session.js';
import { resourceMetadataFrom } from './www-authenticate.js';

export { resourceMetadataFrom };

/** Longest wait for one probe's answer, within the scan's deadline. */
export const PROBE_TIMEOUT_MS = 10_000;

export interface ProbeContext {
  fetch: FetchLike;
  url: URL;
  /** Authorization header of the scan's credential, when one was given. */
  credential: Record<string, string>;
  /** The scan's deadline; each probe runs within it under PROBE_TIMEOUT_MS. */
  deadline: Deadline;
}

/** Runs one probe under its own budget within the scan's deadline. */
export async function withProbeBudget<T>(
  context: ProbeContext,
  probe: (budget: Deadline) => Promise<T>,
): Promise<T> {
  const budget = context.deadline.within(PROBE_TIMEOUT_MS);
  try {
    return await probe(budget);
  } finally {
    budget.dispose();
  }
}

/** Why a probe got no answer: a timeout says how long it waited, anything else what failed. */
export function probeFailure(error: unknown, budget: Deadline): string {
  if (budget.expired || isRequestTimeout(error))
    return `no answer within ${Math.round(budget.ms / 100) / 10} s`;
  return toNetworkError(error).message;
}

function withoutBody({ status, headers, jsonRpcResult }: RpcAnswer) {
  return { status, headers, jsonRpcResult };
}

/** A second initialize with the scan's credential, for the session id it hands out. */
export function secondSessionId(context: ProbeContext): Promise<string | undefined> {
  return withProbeBudget(context, async (budget) => {
    try {
      const answer = await postRpc(
        context.fetch,
        context.url.href,
        initializeRequest(1),
        context.credential,
        budget.signal,
      );
      return answer.jsonRpcResult ? answer.headers['mcp-session-id'] : undefined;
    } catch {
      return undefined;
    }
  });
}

export function randomToken(): string {
  return randomBytes(24).toString('base64url');
}

export function probeForeignOrigin(context: ProbeContext): Promise<ProbeOutcome> {
  return withProbeBudget(context, async (budget) => {
    try {
      const answer = await postRpc(
        context.fetch,
        context.url.href,
        initializeRequest(1),
        { ...context.credential, origin: `https://probe-${randomBytes(4).toString('hex')}.example` },
        budget.signal,
      );
      return withoutBody(answer);
    } catch (error) {
      return { error: probeFailure(error, budget) };
    }
  });
}

export function probeCorsPreflight(context: ProbeContext): Promise<ProbeOutcome> {
  return withProbeBudget(context, async (budget) => {
    try {
      const response = await context.fetch(context.url.href, {
        method: 'OPTIONS',
        headers: {
          origin: `https://probe-${randomBytes(4).toString('hex')}.example`,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type, mcp-session-id',
        },
        signal: budget.signal,
        redirect: 'manual',
      });
      await response.body?.cancel().catch(() => undefined);
      return { status: response.status, headers: keptHeaders(response.headers), jsonRpcResult: false };
    } catch (error) {
      return { error: probeFailure(error, budget) };
    }
  });
}

/** A tools/list inside a session, announcing a protocol version no server supports. */
export function probeUnsupportedVersion(
  context: ProbeContext,
  sessionId: string | undefined,
): Promise<ProbeOutcome> {
  return withProbeBudget(context, async (budget) => {
    try {
      const answer = await postRpc(
        context.fetch,
        context.url.href,
        { jsonrpc: '2.0', id: 3, method: 'tools/list', params: {} },
        {
          ...context.credential,
          ...(sessionId ? { 'mcp-session-id': sessionId } : {}),
          'mcp-protocol-version': '1999-01-01',
        },
        budget.signal,
      );
      return withoutBody(answer);
    } catch (error) {
      return { error: probeFailure(error, budget) };
    }
  });
}

/** For an https target on the default port: does the same host answer MCP over plain http? */
export async function probePlainHttp(
  context: ProbeContext,
): Promise<(ProbeOutcome & { redirectsToHttps?: boolean }) | undefined> {
  if (context.url.protocol !== 'https:' || context.url.port !== '') return undefined;
  const plain = new URL(context.url.href);
  plain.protocol = 'http:';
  return withProbeBudget(context, async (budget) => {
    try {
      // No credential: it must never travel in the clear.
      const answer = await postRpc(context.fetch, plain.href, initializeRequest(1), {}, budget.signal);
      const location = answer.headers.location ?? '';
      return {
        ...withoutBody(answer),
        redirectsToHttps: answer.status >= 300 && answer.status < 400 && location.startsWith('https:'),
      };
    } catch (error) {
      return { error: probeFailure(error, budget) };
    }
  });
}

function fetchJson(context: ProbeContext, url: string): Promise<OAuthDocument> {
  return withProbeBudget(context, async (budget) => {
    try {
      const response = await context.fetch(url, {
        headers: { accept: 'application/json' },
        signal: budget.signal,
      });
      const text = await response.text();
      if (response.status !== 200) return { url, status: response.status, error: `HTTP ${response.status}` };
      try {
        const parsed = JSON.parse(text) as unknown;
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
          return { url, status: 200, error: 'not a JSON object' };
        return {
          url,
          status: 200,
          document: boundedCopy(parsed, () => undefined) as Record<string, unknown>,
        };
      } catch {
        return { url, status: 200, error: 'not JSON' };
      }
    } catch (error) {
      return { url, error: probeFailure(error, budget) };
    }
  });
}

/** Well-known URLs with the path inserted after the well-known segment, then without it. */
function wellKnown(base: URL, name: string): string[] {
  const path = base.pathname.replace(/\/$/, '');
  const urls = [`${base.origin}/.well-known/${name}${path}`];
  if (path) urls.push(`${base.origin}/.well-known/${name}`);
  return urls;
}

async function firstFound(context: ProbeContext, urls: string[]): Promise<OAuthDocument> {
  let last: OAuthDocument = { url: urls[0]!, error: 'not found' };
  for (const url of urls) {
    last = await fetchJson(context, url);
    if (last.document) return last;
  }
  return last;
}

/** RFC 9728 protected resource metadata, then RFC 8414 / OpenID metadata of its first authorization server. */
export async function probeOAuth(
  context: ProbeContext,
  wwwAuthenticate: string | undefined,
): Promise<{ protectedResourceMetadata: OAuthDocument; authorizationServerMetadata?: OAuthDocument }> {
  const advertised = resourceMetadataFrom(wwwAuthenticate);
  const candidates = wellKnown(context.url, 'oauth-protected-resource');
  if (advertised && URL.canParse(advertised, context.url.href))
    candidates.unshift(new URL(advertised, context.url).href);
  const protectedResourceMetadata = await firstFound(context, [...new Set(candidates)]);
  const servers = protectedResourceMetadata.document?.authorization_servers;
  const issuer = Array.isArray(servers) && typeof servers[0] === 'string' ? servers[0] : undefined;
  if (!issuer || !URL.canParse(issuer)) return { protectedResourceMetadata };
  const issuerUrl = new URL(issuer);
  const path = issuerUrl.pathname.replace(/\/$/, '');
  const authorizationServerMetadata = await firstFound(
    context,
    [
      ...wellKnown(issuerUrl, 'oauth-authorization-server'),
      `${issuerUrl.origin}/.well-known/openid-configuration${path}`,
      `${issuerUrl.origin}${path}/.well-known/openid-configuration`,
    ].filter((url, i, all) => all.indexOf(url) === i),
  );
  return { protectedResourceMetadata, authorizationServerMetadata };
}

// ---------------------------------------------------------------------------------------------------
// Session ids

function alphabetBits(id: string): number {
  if (/^\d+$/.test(id)) return Math.log2(10);
  if (/^[0-9a-f-]+$/i.test(id)) return 4;
  if (/^[0-9a-z]+$/i.test(id)) return Math.log2(62);
  return 6;
}

function commonPrefixLength(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** Why two or more session ids look predictable, or null. */
export function predictability(ids: string[]): string | null {
  if (ids.length < 2) return null;
  const [a, b] = ids as [string, string];
  if (a === b) return 'two sessions got the same id';
  const numbers = ids.map((id) => /(?<!\d)(\d+)$/.exec(id)?.[1]);
  if (numbers.every((n) => n !== undefined)) {
    const [x, y] = numbers.map(Number) as [number, number];
    const stem = (id: string) => id.replace(/(?<!\d)\d+$/, '');
    if (stem(a) === stem(b) && Math.abs(x - y) < 10_000) return 'ids differ only by a small counter';
    if (
      ids.every((id) => /^\d{10,13}$/.test(id)) &&
      ids.every((id) => Math.abs(Number(id.padEnd(13, '0')) - Date.now()) < 86_400_000)
    )
      return 'ids are timestamps';
  }
  const shared = commonPrefixLength(a, b);
  if (shared >= 8 && shared >= Math.min(a.length, b.length) - 6)
    return `ids share their first ${shared} characters`;
  return null;
}

function maskId(id: string): string {
  return id.length <= 8 ? `${id.slice(0, 2)}…` : `${id.slice(0, 4)}…${id.slice(-4)}`;
}

export function sampleSessionIds(ids: string[]): SessionIdSample | undefined {
  if (ids.length === 0) return undefined;
  const shortest = ids.reduce((a, b) => (a.length <= b.length ? a : b));
  const entropyBits = Math.round(shortest.replace(/-/g, '').length * alphabetBits(shortest));
  return {
    count: ids.length,
    lengths: ids.map((id) => id.length),
    entropyBits,
    predictable: predictability(ids),
    example: maskId(ids[0]!),
  };
}
