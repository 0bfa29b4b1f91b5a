// A real service on a temp data dir: SQLite file, embedded queue, and (when asked) in-process workers.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig, type Config } from '../../src/config.js';
import { buildApp, type App } from '../../src/service/app.js';
import { createAccount, openStore, type Store, type Tier } from '../../src/store/index.js';

export interface TestService {
  app: App;
  store: Store;
  config: Config;
  dataDir: string;
  /** Every log line the app wrote, parsed. */
  logs: Record<string, unknown>[];
  /** Creates an account on `tier` and returns its key. */
  account(tier: Tier, email?: string): Promise<string>;
  close(): Promise<void>;
}

let accounts = 0;

export async function startTestService(
  env: Record<string, string> = {},
  options: { maxUploadBytes?: number } = {},
): Promise<TestService> {
  const dataDir = await mkdtemp(join(tmpdir(), 'trusttrace-service-'));
  const config = loadConfig({ TRUSTTRACE_DATA_DIR: dataDir, ...env }, dataDir);
  const store = await openStore({ dataDir: config.dataDir });
  const logs: Record<string, unknown>[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) logs.push(JSON.parse(line));
      done();
    },
  });
  const app = await buildApp({ config, store, logStream, ...options });
  return {
    app,
    store,
    config,
    dataDir,
    logs,
    async account(tier, email) {
      accounts += 1;
      const created = await createAccount(store, { email: email ?? `user${accounts}@example.com`, tier });
      return created.apiKey;
    },
    async close() {
      await app.close();
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function bearer(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}
