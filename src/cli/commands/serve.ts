// `trusttrace serve`: the API and in-process scan workers on one store. Migrates the schema, creates the
// first account on an empty store (printing its key once), listens on TRUSTTRACE_HOST:PORT, and on
// SIGTERM/SIGINT stops taking jobs, lets running scans finish (or releases them), and closes.
import type { Command } from 'commander';
import { ConfigError, loadConfig } from '../../config.js';
import { createAddressPolicy } from '../../engine/net/address-policy.js';
import { EmbeddedJobQueue, engineScanRunner, ScanWorker } from '../../jobs/index.js';
import { buildApp } from '../../service/app.js';
import { createLogger } from '../../service/logging.js';
import { bootstrapFirstAccount, openStore } from '../../store/index.js';
import { processIo, type CommandIo } from './io.js';

/** How long running scans get to finish on shutdown before they are released to the queue. */
const SHUTDOWN_GRACE_MS = 20_000;

export interface ServeOptions {
  /** Resolves when the service should stop (the command wires SIGTERM and SIGINT to it). */
  stopSignal: Promise<string>;
  /** Told the address once listening (tests and `npm start` read it from stdout too). */
  onListening?: (address: string) => void;
}

/** Exit code: 0 after a clean shutdown, 2 bad configuration, 1 could not start. */
export async function runServe(io: CommandIo, options: ServeOptions): Promise<number> {
  let config;
  try {
    config = loadConfig(io.env, io.cwd);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr(`trusttrace: ${error.message}\n`);
    return 2;
  }

  let store;
  try {
    store = await openStore({
      dataDir: config.dataDir,
      databaseUrl: config.databaseUrl,
      secret: config.secret,
    });
  } catch (error) {
    io.stderr(`trusttrace: cannot open the store: ${(error as Error).message}\n`);
    return 1;
  }

  const logger = createLogger();
  const queue = new EmbeddedJobQueue(store);
  const worker = new ScanWorker({
    store,
    queue,
    concurrency: config.scanConcurrency,
    runScan: engineScanRunner({ policy: createAddressPolicy({ allow: config.allowPrivateTargets }) }),
    logger: logger.child({ component: 'worker' }),
  });
  const app = await buildApp({ config, store, queue, logger, onScanSubmitted: () => worker.wake() });

  try {
    const first = await bootstrapFirstAccount(store);
    if (first) {
      io.stdout(
        `Created the first account, ${first.account.email} (${first.account.tier} plan).\n` +
          `Its API key, shown only this once:\n\n  ${first.apiKey}\n\n` +
          `Keep it safe; rotate it with POST /v1/account/api-key.\n`,
      );
    }
    const address = await app.listen({ host: config.host, port: config.port });
    worker.start();
    io.stdout(`TrustTrace API listening on ${address} (docs at ${address}/docs)\n`);
    options.onListening?.(address);
  } catch (error) {
    io.stderr(`trusttrace: cannot start the service: ${(error as Error).message}\n`);
    await app.close();
    await store.close();
    return 1;
  }

  const signal = await options.stopSignal;
  logger.info({ signal }, 'shutting down: no new scans are claimed, running scans get time to finish');
  // The HTTP server stops accepting while in-flight requests complete; workers finish or release.
  await Promise.all([app.close(), worker.stop({ graceMs: SHUTDOWN_GRACE_MS })]);
  await store.close();
  logger.info({}, 'stopped');
  return 0;
}

/** SIGTERM or SIGINT, once; a second signal exits at once. */
function waitForStopSignal(): Promise<string> {
  return new Promise((resolve) => {
    let received = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (received) process.exit(1);
      received = true;
      resolve(signal);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the API service and scan workers on the embedded store')
    .action(async () => {
      process.exitCode = await runServe(processIo(), { stopSignal: waitForStopSignal() });
    });
}
