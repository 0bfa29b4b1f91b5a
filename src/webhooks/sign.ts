// The two signatures of a webhook delivery, both HMAC-SHA256 keyed with the account's current API key.
// `X-TrustTrace-Signature` is the reference's: over the body alone, so a captured delivery verifies
// forever. `X-TrustTrace-Signature-V2` also covers the moment it was sent, so that a receiver can refuse
// a delivery replayed later (docs/webhooks.md documents a tolerance of 5 minutes either way).
import { createHmac } from 'node:crypto';

/** Hex HMAC-SHA256 of the exact body bytes, keyed with the account's API key (the reference's scheme). */
export function signWebhook(body: string | Buffer, apiKey: string): string {
  return createHmac('sha256', apiKey).update(body).digest('hex');
}

/**
 * `t=<unix seconds>,sha256=<hex>`: HMAC-SHA256 of `<unix seconds>.<body bytes>`, keyed with the API key
 * (Stripe's construction). The same seconds go in `X-TrustTrace-Timestamp`.
 */
export function signWebhookWithTimestamp(body: string | Buffer, apiKey: string, unixSeconds: number): string {
  const hex = createHmac('sha256', apiKey).update(`${unixSeconds}.`).update(body).digest('hex');
  return `t=${unixSeconds},sha256=${hex}`;
}
