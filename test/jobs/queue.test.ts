import { describe, expect, it } from 'vitest';
import { EmbeddedJobQueue } from '../../src/jobs/index.js';
import type { Store } from '../../src/store/index.js';
import { openTempStore, tempDataDir } from '../store/temp-store.js';

/** A clock the test moves by hand, so that leases and back-off expire without waiting. */
function manualClock(start = '2026-03-06T12:00:00Z') {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  };
}

async function jobState(store: Store, id: string) {
  return store.db
    .selectFrom('jobs')
    .select(['state', 'attempts', 'last_error'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

describe('embedded job queue', () => {
  it('hands out jobs oldest first, each to exactly one claimer across two connections', async () => {
    const dataDir = await tempDataDir();
    const one = await openTempStore(dataDir);
    const two = await openTempStore(dataDir);
    const queues = [new EmbeddedJobQueue(one), new EmbeddedJobQueue(two)];
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      ids.push(
        await queues[0]!.enqueue('scan', { n: i }, { runAfter: new Date(Date.UTC(2026, 0, 1, 0, 0, i)) }),
      );
    }
    await queues[0]!.enqueue('webhook', { other: true });

    const claims = await Promise.all(
      Array.from({ length: 40 }, (_, i) => queues[i % 2]!.claim<{ n: number }>('scan', 60_000)),
    );

    const claimed = claims.filter((job) => job !== undefined);
    expect(claimed).toHaveLength(30);
    expect(new Set(claimed.map((job) => job.id)).size).toBe(30);
    expect(claimed.map((job) => job.id).sort()).toEqual([...ids].sort());
    expect(claimed.every((job) => job.queue === 'scan' && job.attempts === 1)).toBe(true);
    expect(await queues[1]!.depth('webhook')).toBe(1);
  });

  it('gives a job whose lease ran out to the next claimer, and ignores the stale claim', async () => {
    const store = await openTempStore();
    const clock = manualClock();
    const queue = new EmbeddedJobQueue(store, { clock: clock.now });
    const id = await queue.enqueue('scan', { scanId: 'x' });

    const crashed = await queue.claim('scan', 30_000);
    expect(crashed?.id).toBe(id);
    expect(await queue.claim('scan', 30_000)).toBeUndefined();
    clock.advance(29_000);
    expect(await queue.claim('scan', 30_000)).toBeUndefined();
    clock.advance(2_000);

    const retaken = await queue.claim('scan', 30_000);
    expect(retaken).toMatchObject({ id, attempts: 2, payload: { scanId: 'x' } });
    expect(await queue.complete(crashed!)).toBe(false);
    expect(await queue.extendLease(crashed!, 30_000)).toBe(false);
    expect(await queue.complete(retaken!)).toBe(true);
    expect(await jobState(store, id)).toMatchObject({ state: 'completed', attempts: 2 });
  });

  it('keeps a renewed lease', async () => {
    const store = await openTempStore();
    const clock = manualClock();
    const queue = new EmbeddedJobQueue(store, { clock: clock.now });
    await queue.enqueue('scan', {});
    const job = await queue.claim('scan', 10_000);

    for (let i = 0; i < 5; i++) {
      clock.advance(8_000);
      expect(await queue.extendLease(job!, 10_000)).toBe(true);
      expect(await queue.claim('scan', 10_000)).toBeUndefined();
    }
  });

  it('retries a failed job after a doubling back-off, and fails it for good after max attempts', async () => {
    const store = await openTempStore();
    const clock = manualClock();
    const queue = new EmbeddedJobQueue(store, { clock: clock.now, retryBaseMs: 1_000 });
    const id = await queue.enqueue('scan', {}, { maxAttempts: 3 });

    const first = await queue.claim('scan', 60_000);
    expect(await queue.fail(first!, 'boom 1')).toMatchObject({ retrying: true });
    clock.advance(999);
    expect(await queue.claim('scan', 60_000)).toBeUndefined();
    clock.advance(1);
    const second = await queue.claim('scan', 60_000);
    expect(second?.attempts).toBe(2);

    expect(await queue.fail(second!, 'boom 2')).toMatchObject({ retrying: true });
    clock.advance(1_999);
    expect(await queue.claim('scan', 60_000)).toBeUndefined();
    clock.advance(1);
    const third = await queue.claim('scan', 60_000);
    expect(third?.attempts).toBe(3);

    expect(await queue.fail(third!, 'boom 3')).toEqual({ retrying: false });
    clock.advance(3_600_000);
    expect(await queue.claim('scan', 60_000)).toBeUndefined();
    expect(await jobState(store, id)).toEqual({ state: 'failed', attempts: 3, last_error: 'boom 3' });
  });

  it('fails at once when told not to retry', async () => {
    const store = await openTempStore();
    const queue = new EmbeddedJobQueue(store);
    const id = await queue.enqueue('scan', {});
    const job = await queue.claim('scan', 60_000);

    expect(await queue.fail(job!, 'cannot ever work', { retry: false })).toEqual({ retrying: false });
    expect(await jobState(store, id)).toMatchObject({ state: 'failed', attempts: 1 });
  });

  it('takes a released job back at once without counting the attempt', async () => {
    const store = await openTempStore();
    const queue = new EmbeddedJobQueue(store);
    const id = await queue.enqueue('scan', {}, { maxAttempts: 1 });
    const job = await queue.claim('scan', 60_000);

    expect(await queue.release(job!)).toBe(true);
    const again = await queue.claim('scan', 60_000);
    expect(again).toMatchObject({ id, attempts: 1 });
  });

  it('reports a job abandoned on its last attempt as failed', async () => {
    const store = await openTempStore();
    const clock = manualClock();
    const queue = new EmbeddedJobQueue(store, { clock: clock.now });
    const id = await queue.enqueue('scan', { scanId: 's1' }, { maxAttempts: 1 });
    await queue.claim('scan', 5_000);

    expect(await queue.reapAbandoned('scan')).toEqual([]);
    clock.advance(6_000);
    expect(await queue.claim('scan', 5_000)).toBeUndefined();
    expect(await queue.reapAbandoned('scan')).toEqual([
      { id, queue: 'scan', payload: { scanId: 's1' }, attempts: 1 },
    ]);
    expect((await jobState(store, id)).state).toBe('failed');
    expect(await queue.reapAbandoned('scan')).toEqual([]);
  });

  it('enqueues inside a transaction: a rollback leaves no job', async () => {
    const store = await openTempStore();
    const queue = new EmbeddedJobQueue(store);

    await expect(
      store.db.transaction().execute(async (trx) => {
        await queue.enqueue('scan', {}, { transaction: trx });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await queue.depth('scan')).toBe(0);

    await store.db.transaction().execute(async (trx) => {
      await queue.enqueue('scan', {}, { transaction: trx });
    });
    expect(await queue.depth('scan')).toBe(1);
  });
});
