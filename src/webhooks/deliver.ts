// One delivery attempt of a webhook. Goes through the guarded fetch, so the address policy is checked
// at send time (a URL that was public when saved and resolves to a private address now is refused),
// with a 10 s bound on the whole attempt and no redirects followed.
import { randomInt } from 'node:crypto';
import type { AddressPolicy } from '../engine/net/address-policy.js';
import { guardedFetchText, NetworkError, type Resolver } from '../engine/net/guarded-fetch.js';
import { signWebhook, signWebhookWithTimestamp } from './sign.js';

export const DELIVERY_TIMEOUT_MS = 10_000;
/** 6 attempts over about an hour: waits of 2, 4, 8, 16 and 30 minutes between them, each ±20 %. */
export const MAX_ATTEMPTS = 6;
const BASE_DELAY_MS = 2 * 60_000;
const MAX_DELAY_MS = 30 * 60_000;

export interface DeliveryRequest {
  url: string;
  /** The exact bytes that are signed and sent. */
  body: string;
  apiKey: string;
  deliveryId: string;
  policy: AddressPolicy;
  /** Tests inject DNS answers; production uses the system resolver. */
  resolve?: Resolver;
  timeoutMs?: number;
}

export interface DeliveryAttempt {
  ok: boolean;
  status: number | null;
  error: string | null;
  duration_ms: number;
}

export async function deliverWebhook(request: DeliveryRequest): Promise<DeliveryAttempt> {
  const started = Date.now();
  const sentAt = Math.floor(started / 1000);
  const timeoutMs = request.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  try {
    const response = await guardedFetchText(
      request.url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'TrustTrace-Webhooks/1',
          'x-trusttrace-signature': signWebhook(request.body, request.apiKey),
          'x-trusttrace-signature-v2': signWebhookWithTimestamp(request.body, request.apiKey, sentAt),
          'x-trusttrace-delivery': request.deliveryId,
          'x-trusttrace-timestamp': String(sentAt),
        },
        body: request.body,
      },
      {
        policy: request.policy,
        maxRedirects: 0,
        maxBodyBytes: 64 * 1024,
        connectTimeoutMs: timeoutMs,
        headersTimeoutMs: timeoutMs,
        bodyTimeoutMs: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
        ...(request.resolve ? { resolve: request.resolve } : {}),
      },
    );
    const ok = response.status >= 200 && response.status < 300;
    return {
      ok,
      status: response.status,
      error: ok ? null : `receiver answered HTTP ${response.status}`,
      duration_ms: Date.now() - started,
    };
  } catch (error) {
    const message =
      error instanceof NetworkError ? error.message : `delivery failed: ${(error as Error).message}`;
    return { ok: false, status: null, error: message, duration_ms: Date.now() - started };
  }
}

/** Wait before attempt `attempt + 1` (attempt counts from 1): exponential, capped, with jitter. */
export function retryDelayMs(attempt: number): number {
  const base = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
  return Math.round(base * (0.8 + randomInt(0, 401) / 1000));
}
