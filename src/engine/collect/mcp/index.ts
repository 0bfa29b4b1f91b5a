// Collects everything a live scan needs from one MCP server: the session (server info, protocol
// version, instructions, capabilities, every definition) and the probes beside it. Failures of the
// target end the collection with a TargetError; everything else a server does is data for rules.
import {
  type AddressPolicy,
  assertHostAllowed,
  BlockedAddressError,
  DENY_PRIVATE,
} from '../../net/address-policy.js';
import { isSendableToken, redactUrl, UNSENDABLE_TOKEN, urlCredentials } from '../../net/credentials.js';
import { Deadline } from '../../net/deadline.js';
import {
  createGuardedFetch,
  type FetchLike,
  type GuardedFetch,
  isCertificateError,
  NetworkError,
  type Resolver,
  toNetworkError,
} from '../../net/guarded-fetch.js';
import { toEvidence, withoutSecret } from '../../evidence.js';
import type { ServerSurface } from '../../types.js';
import type { LiveServer, LiveServerProbes, ProbeOutcome, ProbeResponse } from './live-server.js';
import {
  probeCorsPreflight,
  probeForeignOrigin,
  probeOAuth,
  probePlainHttp,
  probeUnsupportedVersion,
  probeFailure,
  randomToken,
  sampleSessionIds,
  secondSessionId,
  withProbeBudget,
  type ProbeContext,
} from './probes.js';
import { keptHeaders } from './rpc.js';
import {
  isRequestTimeout,
  listDefinitions,
  openSession,
  type OpenSession,
  type SessionOptions,
} from './session.js';
import { TargetError, targetErrorFrom } from './target-error.js';

export { TargetError } from './target-error.js';
export type { LiveServer } from './live-server.js';

export const DEFAULT_SCAN_DEADLINE_MS = 60_000;

export interface CollectServerOptions {
  /** Sent as `Authorization: Bearer`; never logged, never in results. */
  authToken?: string;
  policy?: AddressPolicy;
  /**
   * Bound on the whole collection: every request, body, stream, probe and SDK timer ends by then, and
   * a scan that hits it fails as a timeout.
   */
  deadlineMs?: number;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
  /** DNS resolver (tests inject answers). */
  resolve?: Resolver;
}

export interface CollectedServer {
  surface: ServerSurface;
  live: LiveServer;
}

/** A fetch that remembers the first response it saw (status and the headers rules read). */
function recording(base: FetchLike): { fetch: FetchLike; first: () => ProbeResponse | undefined } {
  let first: ProbeResponse | undefined;
  return {
    fetch: async (input, init) => {
      const response = await base(input, init);
      first ??= { status: response.status, headers: keptHeaders(response.headers), jsonRpcResult: false };
      return response;
    },
    first: () => first,
  };
}

function timedOut(deadline: Deadline): TargetError {
  return new TargetError('timeout', `the server did not answer within ${deadline.ms / 1000} s`);
}

/**
 * The failure that cut the work short when it was not the server's answer: a network failure the
 * fetch saw (the byte cap, a blocked redirect, a refused connection), or a timeout (the deadline
 * passed, or the SDK's request timer, which is derived from it, ran out). Never "not an MCP server".
 */
function interruption(error: unknown, client: GuardedFetch, deadline: Deadline): TargetError | undefined {
  const last = client.lastError;
  if (last && last.kind !== 'aborted') return targetErrorFrom(last);
  if (deadline.expired || isRequestTimeout(error)) return timedOut(deadline);
  return undefined;
}

function statusOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'number' && code >= 100) return code;
  if ((error as Error)?.name === 'UnauthorizedError') return 401;
  return undefined;
}

export function parseTarget(target: string): URL {
  if (!URL.canParse(target)) throw new TargetError('invalid-url', 'the target is not a valid URL');
  const url = new URL(target);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new TargetError('invalid-url', 'the target must be an http:// or https:// URL');
  if (url.username || url.password)
    throw new TargetError(
      'invalid-url',
      'the target URL must not carry credentials; pass an auth token instead',
    );
  url.hash = '';
  return url;
}

/**
 * Opens a session with the given credential headers and lists definitions; an attempt that the
 * server refuses is returned as `refused` with the HTTP status, not thrown.
 */
async function trySession(
  url: URL,
  client: GuardedFetch,
  headers: Record<string, string>,
  options: Omit<SessionOptions, 'fetch' | 'headers'>,
): Promise<{ session: OpenSession; first?: ProbeResponse } | { refused: number; first?: ProbeResponse }> {
  const recorder = recording(client.fetch);
  try {
    const session = await openSession(url, { ...options, fetch: recorder.fetch, headers });
    return { session, first: recorder.first() };
  } catch (error) {
    if (client.lastError && client.lastError.kind !== 'aborted') throw client.lastError;
    // The SDK's request timer is derived from the deadline: its running out is the deadline's doing.
    if (options.deadline.expired || isRequestTimeout(error)) throw timedOut(options.deadline);
    const status = statusOf(error) ?? recorder.first()?.status;
    if (status === 401 || status === 403) return { refused: status, first: recorder.first() };
    if (error instanceof NetworkError) throw error;
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof NetworkError) throw cause;
    const seen = recorder.first();
    const why = seen
      ? `HTTP ${seen.status}${seen.headers['content-type'] ? ` (${seen.headers['content-type']})` : ''}`
      : '';
    throw new TargetError(
      'not-mcp',
      `${url.host} did not answer as an MCP server${why ? `: ${why}` : ''}; ${toEvidence((error as Error).message ?? String(error), 160)}`,
    );
  }
}

/**
 * Collects one live server. Every failure is a TargetError whose message carries neither the auth
 * token nor the credentials of the target URL, even when it quotes a server that echoed them.
 */
export async function collectServer(
  target: string,
  options: CollectServerOptions = {},
): Promise<CollectedServer> {
  const secrets = [...(options.authToken ? [options.authToken] : []), ...urlCredentials(target)];
  try {
    return await collect(target, options);
  } catch (error) {
    if (error instanceof TargetError)
      throw new TargetError(
        error.kind,
        secrets.reduce((message, secret) => withoutSecret(message, secret), error.message),
      );
    throw error;
  }
}

async function collect(target: string, options: CollectServerOptions): Promise<CollectedServer> {
  if (options.authToken && !isSendableToken(options.authToken))
    throw new TargetError('invalid-token', `the auth token ${UNSENDABLE_TOKEN}`);
  const url = parseTarget(target);
  const policy = options.policy ?? DENY_PRIVATE;
  const deadlineMs = options.deadlineMs ?? DEFAULT_SCAN_DEADLINE_MS;
  const progress = options.onProgress ?? (() => undefined);
  try {
    assertHostAllowed(url.hostname, policy);
  } catch (error) {
    throw new TargetError('blocked', (error as BlockedAddressError).message);
  }
  const deadline = new Deadline(deadlineMs, options.signal);
  const credential: Record<string, string> = options.authToken
    ? { authorization: `Bearer ${options.authToken}` }
    : {};
  const notes: string[] = [];
  const probes: LiveServerProbes = { anonymous: { error: 'not run' } };

  // A response cut at the byte cap leaves the SDK waiting for an answer that will never come: stop
  // everything at once and report the cut.
  const stop = new AbortController();
  const work = AbortSignal.any([deadline.signal, stop.signal]);
  let listing = true;
  const onError = (error: NetworkError) => {
    if (listing && error.kind === 'too-large') stop.abort(error);
  };
  let client = createGuardedFetch({ policy, signal: work, resolve: options.resolve, onError });
  const clients = [client];
  let session: OpenSession | undefined;
  try {
    progress(`Connecting to ${url.host}...`);
    let attempt;
    try {
      attempt = await trySession(url, client, credential, { signal: work, deadline });
    } catch (error) {
      if (!(isCertificateError(error) && url.protocol === 'https:')) throw error;
      // Look at the server anyway, so the report can say what else is wrong, but never hand the
      // credential to a peer whose certificate does not verify.
      probes.tls = { valid: false, error: (error as NetworkError).message };
      notes.push('the certificate did not verify; the server was examined without the credential');
      delete credential.authorization;
      client = createGuardedFetch({
        policy,
        signal: work,
        resolve: options.resolve,
        onError,
        verifyTls: false,
      });
      clients.push(client);
      attempt = await trySession(url, client, credential, { signal: work, deadline });
    }
    if (url.protocol === 'https:') probes.tls ??= { valid: true };

    let surfaceDefinitions: ServerSurface['definitions'] = [];
    let counts = { tools: 0, prompts: 0, resources: 0, resourceTemplates: 0 };
    if ('refused' in attempt) {
      if (credential.authorization)
        throw new TargetError('unauthorized', `the server refused the auth token (HTTP ${attempt.refused})`);
      notes.push(`the server requires authentication (HTTP ${attempt.refused}); definitions were not listed`);
    } else {
      session = attempt.session;
      const listed = await listDefinitions(session, { signal: work, deadline }, progress).catch(
        (error: unknown) => {
          throw (
            interruption(error, client, deadline) ??
            new TargetError(
              'not-mcp',
              `listing definitions failed: ${toEvidence((error as Error).message ?? String(error), 200)}`,
            )
          );
        },
      );
      surfaceDefinitions = listed.definitions;
      counts = {
        tools: listed.counts.tool,
        prompts: listed.counts.prompt,
        resources: listed.counts.resource,
        resourceTemplates: listed.counts.resourceTemplate,
      };
      notes.push(...listed.notes);
    }
    const first = attempt.first;

    // A probe's answer cut at the cap only fails that probe.
    listing = false;
    progress('Probing authentication, Origin and CORS handling...');
    const context: ProbeContext = { fetch: client.fetch, url, credential, deadline };
    const anonymousProbe = async () => {
      if (!credential.authorization && !('refused' in attempt)) {
        // The scan itself ran without a credential and was served.
        probes.anonymous = {
          ...(first ?? { status: 200, headers: {} }),
          jsonRpcResult: true,
          toolsListed: true,
        };
        return;
      }
      probes.anonymous = await sessionProbe(url, client, {}, context);
      if (
        'status' in probes.anonymous &&
        (probes.anonymous.status === 401 || probes.anonymous.status === 403)
      ) {
        probes.wwwAuthenticate = probes.anonymous.headers['www-authenticate'];
        probes.garbageToken = await sessionProbe(
          url,
          client,
          { authorization: `Bearer ${randomToken()}` },
          context,
        );
      }
    };
    const sessionIds = session?.sessionId ? [session.sessionId] : [];
    await Promise.all([
      anonymousProbe(),
      probeForeignOrigin(context).then((outcome) => (probes.foreignOrigin = outcome)),
      probeCorsPreflight(context).then((outcome) => (probes.corsPreflight = outcome)),
      probePlainHttp(context).then((outcome) => outcome && (probes.plainHttp = outcome)),
      session?.transport === 'streamable-http'
        ? probeUnsupportedVersion(context, session.sessionId).then(
            (o) => (probes.unsupportedProtocolVersion = o),
          )
        : undefined,
      session?.sessionId ? secondSessionId(context).then((id) => id && sessionIds.push(id)) : undefined,
    ]);
    if (deadline.expired) throw timedOut(deadline);
    probes.sessionIds = sampleSessionIds(sessionIds);

    const anonymousRefused = 'status' in probes.anonymous && !probes.anonymous.jsonRpcResult;
    if (credential.authorization || anonymousRefused || 'refused' in attempt) {
      progress('Reading OAuth metadata...');
      Object.assign(
        probes,
        await probeOAuth(context, probes.wwwAuthenticate ?? first?.headers['www-authenticate']),
      );
      if (deadline.expired) throw timedOut(deadline);
    }

    const client0 = session?.client;
    const serverInfo = client0?.getServerVersion();
    const name =
      typeof serverInfo?.name === 'string' && serverInfo.name ? serverInfo.name.slice(0, 200) : url.host;
    const instructions = client0?.getInstructions();
    const live: LiveServer = {
      kind: 'live-server',
      server: name,
      url: redactUrl(url.href),
      transport: session?.transport ?? 'none',
      ...(session?.sseEndpoint ? { sseEndpoint: session.sseEndpoint } : {}),
      ...(session ? { protocolVersion: protocolVersionOf(session) } : {}),
      ...(serverInfo
        ? {
            serverInfo: {
              name,
              ...(typeof serverInfo.version === 'string'
                ? { version: serverInfo.version.slice(0, 100) }
                : {}),
              ...(typeof serverInfo.title === 'string' ? { title: serverInfo.title.slice(0, 200) } : {}),
            },
          }
        : {}),
      ...(typeof instructions === 'string' ? { instructions: instructions.slice(0, 20_000) } : {}),
      capabilities: (client0?.getServerCapabilities() as Record<string, unknown> | undefined) ?? {},
      credentialGiven: Boolean(options.authToken),
      sessionOpened: Boolean(session),
      counts,
      notes,
      responseHeaders: first?.headers ?? {},
      probes: {
        ...probes,
        ...(first && !probes.wwwAuthenticate && first.headers['www-authenticate']
          ? { wwwAuthenticate: first.headers['www-authenticate'] }
          : {}),
      },
    };
    const surface: ServerSurface = {
      kind: 'server-surface',
      server: name,
      ...(live.instructions ? { instructions: live.instructions } : {}),
      definitions: surfaceDefinitions,
    };
    return { surface, live };
  } catch (error) {
    if (error instanceof TargetError) throw error;
    const cut = interruption(error, client, deadline);
    if (cut) throw cut;
    if (error instanceof NetworkError) throw targetErrorFrom(error);
    throw targetErrorFrom(toNetworkError(error, url));
  } finally {
    deadline.dispose();
    await session?.close().catch(() => undefined);
    await Promise.all(clients.map((c) => c.close()));
  }
}

function protocolVersionOf(session: OpenSession): string | undefined {
  // Streamable HTTP exposes the negotiated version; the SSE transport only keeps it privately.
  const transport = (
    session.client as unknown as { transport?: { protocolVersion?: string; _protocolVersion?: string } }
  ).transport;
  return transport?.protocolVersion ?? transport?._protocolVersion;
}

/** The same session the scan opens, with other credentials: was it served? */
async function sessionProbe(
  url: URL,
  client: GuardedFetch,
  headers: Record<string, string>,
  context: ProbeContext,
): Promise<ProbeOutcome & { toolsListed?: boolean }> {
  return withProbeBudget(context, async (budget) => {
    const recorder = recording(client.fetch);
    let session: OpenSession | undefined;
    try {
      session = await openSession(url, {
        fetch: recorder.fetch,
        headers,
        signal: budget.signal,
        deadline: budget,
      });
      const capabilities = session.client.getServerCapabilities() ?? {};
      let toolsListed = false;
      if ('tools' in capabilities) {
        await session.client.listTools(undefined, { signal: budget.signal, timeout: budget.timerMs() });
        toolsListed = true;
      }
      const first = recorder.first();
      return {
        status: first?.status ?? 200,
        headers: first?.headers ?? {},
        jsonRpcResult: true,
        toolsListed,
      };
    } catch (error) {
      const first = recorder.first();
      if (first) return { ...first, jsonRpcResult: false, toolsListed: false };
      return { error: probeFailure(error, budget) };
    } finally {
      await session?.close().catch(() => undefined);
    }
  });
}
