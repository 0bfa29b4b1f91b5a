// The MCP session a client would open: Streamable HTTP first, then the deprecated HTTP+SSE transport,
// with the SDK's Client. Listing uses permissive result schemas and our own bounds, so that a
// malformed or enormous definition is cut and reported instead of failing the whole list.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod';
import type { Deadline } from '../../net/deadline.js';
import type { FetchLike } from '../../net/guarded-fetch.js';
import type { Definition, DefinitionKind } from '../../types.js';
import { toLiveDefinition } from './definitions.js';
import { CLIENT_INFO } from './rpc.js';

export const MAX_DEFINITIONS_PER_KIND = 1000;
export const MAX_PAGES = 50;

export interface OpenSession {
  client: Client;
  transport: 'streamable-http' | 'sse';
  sessionId?: string;
  sseEndpoint?: string;
  close(): Promise<void>;
}

export interface SessionOptions {
  fetch: FetchLike;
  headers: Record<string, string>;
  /** Aborts every request and stream of the session (the deadline's, or sooner). */
  signal: AbortSignal;
  /** Each request's timeout is the time it leaves, so the SDK's timer never outlives it. */
  deadline: Deadline;
}

/** The SDK's answer when its own request timer ran out. */
export function isRequestTimeout(error: unknown): boolean {
  return error instanceof McpError && error.code === ErrorCode.RequestTimeout;
}

async function connectWith(transport: Transport, options: SessionOptions): Promise<Client> {
  const client = new Client(CLIENT_INFO, { capabilities: {} });
  // The SDK reports stream errors here; they are the transport's business, the request fails anyway.
  client.onerror = () => undefined;
  try {
    await client.connect(transport, { signal: options.signal, timeout: options.deadline.timerMs() });
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
  return client;
}

/** Connects over Streamable HTTP; on a 4xx other than 401/403 (an older server), over SSE. */
export async function openSession(url: URL, options: SessionOptions): Promise<OpenSession> {
  const requestInit: RequestInit = { headers: options.headers };
  const streamable = new StreamableHTTPClientTransport(url, {
    fetch: options.fetch,
    requestInit,
    reconnectionOptions: {
      maxRetries: 0,
      initialReconnectionDelay: 1000,
      maxReconnectionDelay: 1000,
      reconnectionDelayGrowFactor: 1,
    },
  });
  try {
    const client = await connectWith(streamable, options);
    return {
      client,
      transport: 'streamable-http',
      sessionId: streamable.sessionId,
      close: () => client.close(),
    };
  } catch (error) {
    const status = (error as { code?: unknown }).code;
    const fallBack =
      typeof status === 'number' && status >= 400 && status < 500 && status !== 401 && status !== 403;
    if (!fallBack) throw error;
  }
  const sse = new SSEClientTransport(url, {
    fetch: options.fetch,
    requestInit,
    eventSourceInit: { fetch: options.fetch } as never,
  });
  const client = await connectWith(sse, options);
  const endpoint = (sse as unknown as { _endpoint?: URL })._endpoint?.href;
  return { client, transport: 'sse', sseEndpoint: endpoint, close: () => client.close() };
}

const ListResult = z.looseObject({ nextCursor: z.string().optional() });

const LISTS: { kind: DefinitionKind; method: string; key: string; capability: string }[] = [
  { kind: 'tool', method: 'tools/list', key: 'tools', capability: 'tools' },
  { kind: 'prompt', method: 'prompts/list', key: 'prompts', capability: 'prompts' },
  { kind: 'resource', method: 'resources/list', key: 'resources', capability: 'resources' },
  {
    kind: 'resourceTemplate',
    method: 'resources/templates/list',
    key: 'resourceTemplates',
    capability: 'resources',
  },
];

export interface Listed {
  definitions: Definition[];
  counts: Record<DefinitionKind, number>;
  notes: string[];
}

/**
 * Lists every kind the server advertises, following `nextCursor` within the page and count bounds. Any
 * connected client will do: a live scan's session, or the CLI's session with a server it launched.
 */
export async function listDefinitions(
  session: Pick<OpenSession, 'client'>,
  options: Pick<SessionOptions, 'signal' | 'deadline'>,
  onProgress: (message: string) => void,
): Promise<Listed> {
  const capabilities = session.client.getServerCapabilities() ?? {};
  const definitions: Definition[] = [];
  const counts: Record<DefinitionKind, number> = { tool: 0, prompt: 0, resource: 0, resourceTemplate: 0 };
  const notes = new Set<string>();
  for (const list of LISTS) {
    if (!(list.capability in capabilities)) continue;
    onProgress(`Listing ${list.key === 'resourceTemplates' ? 'resource templates' : list.key}...`);
    const seenCursors = new Set<string>();
    let cursor: string | undefined;
    for (let page = 0; ; page++) {
      if (page >= MAX_PAGES) {
        notes.add(`${list.method} had more than ${MAX_PAGES} pages; the rest was not read`);
        break;
      }
      let result: z.infer<typeof ListResult>;
      try {
        result = await session.client.request(
          { method: list.method, params: cursor ? { cursor } : {} } as never,
          ListResult,
          { signal: options.signal, timeout: options.deadline.timerMs() },
        );
      } catch (error) {
        // A server may advertise resources and not implement templates, and so on: a JSON-RPC
        // error answer ends that list; failures of the connection end the scan.
        if (
          !(error instanceof McpError) ||
          isRequestTimeout(error) ||
          error.code === ErrorCode.ConnectionClosed
        )
          throw error;
        notes.add(`${list.method} answered with an error: ${error.message.slice(0, 200)}`);
        break;
      }
      const items = (result as Record<string, unknown>)[list.key];
      for (const item of Array.isArray(items) ? items : []) {
        counts[list.kind]++;
        if (counts[list.kind] > MAX_DEFINITIONS_PER_KIND) continue;
        const definition = toLiveDefinition(list.kind, item, (why) => notes.add(`${list.method}: ${why}`));
        if (definition) definitions.push(definition);
      }
      if (counts[list.kind] > MAX_DEFINITIONS_PER_KIND) {
        notes.add(
          `the server listed more than ${MAX_DEFINITIONS_PER_KIND} ${list.key}; only the first ${MAX_DEFINITIONS_PER_KIND} were analysed`,
        );
        break;
      }
      cursor = result.nextCursor;
      if (!cursor) break;
      if (seenCursors.has(cursor)) {
        notes.add(`${list.method} repeated a cursor; listing stopped there`);
        break;
      }
      seenCursors.add(cursor);
    }
  }
  return { definitions, counts, notes: [...notes] };
}
