import { createHmac } from 'node:crypto';

/** Hex HMAC-SHA256 of the exact body bytes, keyed with the account's API key (the reference's scheme). */
export function signWebhook(body: string | Buffer, apiKey: string): string {
  return createHmac('sha256', apiKey).update(body).digest('hex');
}
