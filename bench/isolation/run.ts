// Isolation benchmark, loopback only: how fast the service answers `/healthz` and an authenticated
// `GET /v1/scan/{id}` while heavy uploads are analysed, beside a bare Fastify hello-world in the same
// process and run (the peer). Latencies are measured one request at a time from this process; the
// servers run in a child process so that the client does not share their event loop.
//
//   npx tsx bench/isolation/run.ts [--seconds 5] [--heavy 8]
//
// Three phases, each printed as p50 / p99 / max in milliseconds: idle; while `--heavy` scans of about
// 3 MB of Python each (several CPU seconds of analysis apiece) run; and the bare peer meanwhile.
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import pino from 'pino';
import { loadConfig } from '../../src/config.js';
import { createBackgroundWorkers } from '../../src/jobs/background.js';
import { EmbeddedJobQueue } from '../../src/jobs/index.js';
import { buildApp } from '../../src/service/app.js';
import { createAccount, openStore } from '../../src/store/index.js';

interface ServerInfo {
  apiUrl: string;
  bareUrl: string;
  key: string;
  scanId: string;
}

/** About 3 MB of ordinary Python. */
function heavyPython(): string {
  const lines: string[] = [];
  for (let i = 0; i < 36_000; i++) {
    lines.push(
      `def handler_${i}(arg):`,
      `    value_${i} = compute(arg, "text ${i}")`,
      `    return value_${i}`,
      '',
    );
  }
  return lines.join('\n');
}

async function serve(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'trusttrace-bench-isolation-'));
  const config = loadConfig(
    {
      TRUSTTRACE_DATA_DIR: dataDir,
      TRUSTTRACE_RATE_LIMIT_PER_MINUTE: '100000000',
      TRUSTTRACE_OSV_URL: 'off',
    },
    dataDir,
  );
  const store = await openStore({ dataDir });
  const queue = new EmbeddedJobQueue(store);
  const workers = createBackgroundWorkers({ config, store, queue, pollIntervalMs: 50 });
  const logger = pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: false }));
  const app = await buildApp({ config, store, queue, logger, onScanSubmitted: () => workers.wake() });
  const apiUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  workers.start();
  const bare = Fastify();
  bare.get('/', async () => ({ hello: 'world' }));
  const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });

  const { apiKey: key } = await createAccount(store, { email: 'bench@example.com', tier: 'enterprise' });
  const form = new FormData();
  form.append('files', new Blob(['nothing to see']), 'notes.txt');
  const submitted = await fetch(`${apiUrl}/v1/scan/upload`, {
    method: 'POST',
    headers: { 'x-api-key': key },
    body: form,
  });
  const { scan_id: scanId } = (await submitted.json()) as { scan_id: string };

  process.send!({ apiUrl, bareUrl, key, scanId } satisfies ServerInfo);
  process.on('message', async (message) => {
    if (message === 'stop') {
      await workers.stop({ graceMs: 1_000 });
      await Promise.all([app.close(), bare.close()]);
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
      process.exit(0);
    }
  });
}

/** Sequential requests for `seconds`; returns each one's latency in ms. */
async function sample(url: string, headers: Record<string, string>, seconds: number): Promise<number[]> {
  const latencies: number[] = [];
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) {
    const started = performance.now();
    const response = await fetch(url, { headers });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    latencies.push(performance.now() - started);
  }
  return latencies;
}

function summary(name: string, latencies: number[]): string {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1);
  return `${name.padEnd(44)} ${String(sorted.length).padStart(6)} ${at(0.5).padStart(8)} ${at(0.99).padStart(8)} ${sorted.at(-1)!.toFixed(1).padStart(8)}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { seconds: { type: 'string', default: '5' }, heavy: { type: 'string', default: '8' } },
  });
  const seconds = Number(values.seconds);
  const heavy = Number(values.heavy);
  const child = fork(fileURLToPath(import.meta.url), ['--child'], { execArgv: ['--import', 'tsx'] });
  const info = await new Promise<ServerInfo>((resolve) =>
    child.once('message', (m) => resolve(m as ServerInfo)),
  );
  const auth = { 'x-api-key': info.key };
  const scanUrl = `${info.apiUrl}/v1/scan/${info.scanId}`;
  const rows: string[] = [];

  rows.push(summary('idle: GET /healthz', await sample(`${info.apiUrl}/healthz`, {}, seconds)));
  rows.push(summary('idle: GET /v1/scan/{id} (authenticated)', await sample(scanUrl, auth, seconds)));
  rows.push(summary('idle: bare Fastify GET /', await sample(info.bareUrl, {}, seconds)));

  const python = heavyPython();
  const heavyIds: string[] = [];
  for (let i = 0; i < heavy; i++) {
    const form = new FormData();
    form.append('files', new Blob([python]), `server${i}.py`);
    const response = await fetch(`${info.apiUrl}/v1/scan/upload`, {
      method: 'POST',
      headers: auth,
      body: form,
    });
    heavyIds.push(((await response.json()) as { scan_id: string }).scan_id);
  }
  const loaded = `${heavy} × ${(python.length / 1e6).toFixed(1)} MB Python analysing`;
  rows.push(summary(`${loaded}: /healthz`, await sample(`${info.apiUrl}/healthz`, {}, seconds)));
  rows.push(summary(`${loaded}: GET /v1/scan/{id}`, await sample(scanUrl, auth, seconds)));
  rows.push(summary(`${loaded}: bare Fastify`, await sample(info.bareUrl, {}, seconds)));
  const states = await Promise.all(
    heavyIds.map(
      async (id) =>
        (
          (await (await fetch(`${info.apiUrl}/v1/scan/${id}`, { headers: auth })).json()) as {
            status: string;
          }
        ).status,
    ),
  );

  console.log(
    `${'latency, ms (one request at a time)'.padEnd(44)} ${'n'.padStart(6)} ${'p50'.padStart(8)} ${'p99'.padStart(8)} ${'max'.padStart(8)}`,
  );
  for (const row of rows) console.log(row);
  console.log(`heavy scans at the end of the loaded phase: ${states.join(', ')}`);
  child.send('stop');
}

if (process.argv.includes('--child')) await serve();
else await main();
