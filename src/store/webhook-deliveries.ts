// Webhook deliveries and their attempts. A delivery's body is fixed when the scan ends; each attempt
// records where it went and what came back, so an operator can see why a receiver missed a scan.
import { randomUUID } from 'node:crypto';
import type { Selectable, Transaction } from 'kysely';
import type { Store } from './database.js';
import type { Database, DeliveryState, WebhookDeliveriesTable } from './schema.js';
import { toIso } from './time.js';

export const WEBHOOK_QUEUE = 'webhook';

export interface WebhookJobPayload {
  delivery_id: string;
}

export interface Delivery {
  id: string;
  accountId: string;
  scanId: string;
  payload: string;
  state: DeliveryState;
  attempts: number;
}

function toDelivery(row: Selectable<WebhookDeliveriesTable>): Delivery {
  return {
    id: row.id,
    accountId: row.account_id,
    scanId: row.scan_id,
    payload: row.payload,
    state: row.state,
    attempts: row.attempts,
  };
}

export async function createDelivery(
  db: Transaction<Database> | Store['db'],
  input: { accountId: string; scanId: string; payload: string; now?: Date },
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('webhook_deliveries')
    .values({
      id,
      account_id: input.accountId,
      scan_id: input.scanId,
      payload: input.payload,
      state: 'pending',
      attempts: 0,
      created_at: toIso(input.now ?? new Date()),
      finished_at: null,
    })
    .execute();
  return id;
}

export async function loadDelivery(store: Store, id: string): Promise<Delivery | undefined> {
  const row = await store.db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toDelivery(row) : undefined;
}

export interface AttemptRecord {
  url: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** Records one attempt and moves the delivery to `state` (pending while retries remain). */
export async function recordAttempt(
  store: Store,
  deliveryId: string,
  attempt: AttemptRecord,
  state: DeliveryState,
  now = new Date(),
): Promise<number> {
  return store.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('webhook_deliveries')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1),
        state,
        finished_at: state === 'pending' ? null : toIso(now),
      }))
      .where('id', '=', deliveryId)
      .returning('attempts')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('webhook_attempts')
      .values({
        id: randomUUID(),
        delivery_id: deliveryId,
        attempt: row.attempts,
        url: attempt.url,
        status_code: attempt.statusCode,
        error: attempt.error,
        duration_ms: attempt.durationMs,
        created_at: toIso(now),
      })
      .execute();
    return row.attempts;
  });
}

export async function cancelDelivery(store: Store, deliveryId: string, now = new Date()): Promise<void> {
  await store.db
    .updateTable('webhook_deliveries')
    .set({ state: 'cancelled', finished_at: toIso(now) })
    .where('id', '=', deliveryId)
    .execute();
}

export async function listAttempts(store: Store, deliveryId: string) {
  return store.db
    .selectFrom('webhook_attempts')
    .select(['attempt', 'url', 'status_code', 'error', 'duration_ms', 'created_at'])
    .where('delivery_id', '=', deliveryId)
    .orderBy('attempt')
    .execute();
}

export async function deliveriesForScan(store: Store, scanId: string): Promise<Delivery[]> {
  const rows = await store.db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('scan_id', '=', scanId)
    .execute();
  return rows.map(toDelivery);
}
