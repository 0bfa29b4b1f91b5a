// Real SQLite stores in throw-away directories.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** A fresh data directory, removed after the test (after every store opened on it is closed). */
export async function tempDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'trusttrace-store-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Opens (and migrates) a store on `dataDir`; it is closed after the test. */
export async function openTempStore(dataDir?: string): Promise<Store> {
  const store = await openStore({ dataDir: dataDir ?? (await tempDataDir()) });
  let closed = false;
  const close = store.close;
  const tracked: Store = {
    ...store,
    close: async () => {
      if (closed) return;
      closed = true;
      await close();
    },
  };
  cleanups.push(tracked.close);
  return tracked;
}
