// Raw JSON-RPC over Streamable HTTP for the probes: one POST, the answer read incrementally (JSON or
// an SSE stream) and dropped as soon as the response to our request has arrived, so a server that
// keeps a stream open cannot hold a probe past it.
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import type { FetchLike } from '../../net/guarded-fetch.js';
import type { ProbeResponse } from './live-server.js';

/** Headers rules may read; everything else a server sends is dropped. */
const KEPT_HEADERS = [
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-allow-headers',
  'access-control-allow-methods',
  'www-authenticate',
  'mcp-session-id',
  'server',
  'x-powered-by',
  'location',
  'content-type',
];

export function keptHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = headers.get(name);
    if (value !== null) out[name] = value.slice(0, 500);
  }
  return out;
}

export const CLIENT_INFO = { name: 'trusttrace-scanner', version: '0.1.0' };

export function initializeRequest(id: number) {
  return {
    jsonrpc: '2.0',
    id,
    method: 'initialize',
    params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: CLIENT_INFO },
  };
}

export interface RpcAnswer extends ProbeResponse {
  result?: Record<string, unknown>;
}

/** The answer to `id` in one JSON text (a message or a batch): its result, 'error', or undefined. */
function answerIn(json: string, id: number): Record<string, unknown> | 'error' | undefined {
  let message: unknown;
  try {
    message = JSON.parse(json);
  } catch {
    return undefined;
  }
  for (const item of Array.isArray(message) ? message : [message]) {
    if (typeof item !== 'object' || item === null || (item as { id?: unknown }).id !== id) continue;
    const { result } = item as { result?: unknown };
    return typeof result === 'object' && result !== null ? (result as Record<string, unknown>) : 'error';
  }
  return undefined;
}

/**
 * POSTs one JSON-RPC request and reads until its answer arrives, the body ends, or the signal fires.
 * Network failures are thrown (NetworkError); HTTP errors are answers with `jsonRpcResult: false`.
 */
export async function postRpc(
  fetch: FetchLike,
  url: string,
  message: { id: number } & Record<string, unknown>,
  headers: Record<string, string>,
  signal?: AbortSignal,
): Promise<RpcAnswer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: JSON.stringify(message),
    signal,
    redirect: 'manual',
  });
  const answer: RpcAnswer = {
    status: response.status,
    headers: keptHeaders(response.headers),
    jsonRpcResult: false,
  };
  if (!response.body) return answer;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const isStream = (response.headers.get('content-type') ?? '').includes('text/event-stream');
  // A JSON body is parsed once, at its end; an SSE body line by line as complete lines arrive.
  let pending = '';
  const settle = (found: ReturnType<typeof answerIn>) => {
    if (found && found !== 'error' && response.status < 300) {
      answer.jsonRpcResult = true;
      answer.result = found;
    }
    return answer;
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (value) pending += decoder.decode(value, { stream: true });
      if (!isStream) {
        if (done) return settle(answerIn(pending, message.id));
        continue;
      }
      if (!done && !value?.includes(0x0a)) continue;
      const lines = pending.split(/\r?\n/);
      pending = done ? '' : lines.pop()!;
      for (const line of lines) {
        if (!line.startsWith('data:')) continue;
        const found = answerIn(line.slice(5), message.id);
        if (found !== undefined) return settle(found);
      }
      if (done) return answer;
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
}
