// `trusttrace serve`: the API, in-process scan workers and webhook deliveries on one store. Migrates the
// schema, creates the first account on an empty store (printing its key once), listens on
// TRUSTTRACE_HOST:PORT, and on SIGTERM/SIGINT stops taking jobs, lets running scans finish (or releases
// them), and closes.
import type { Command } from 'commander';
import { AnalysisPool } from '../../analysis/pool.js';
import { createBackgroundWorkers } from '../../jobs/background.js';
import { EmbeddedJobQueue } from '../../jobs/index.js';
import { buildApp } from '../../service/app.js';
import { createLogger } from '../../service/logging.js';
import { bootstrapFirstAccount } from '../../store/index.js';
import { processIo, type CommandIo } from './io.js';
import { environmentHelp, openConfiguredStore, SHUTDOWN_GRACE_MS, waitForStopSignal } from './startup.js';

export interface ServeOptions {
  /** Resolves when the service should stop (the command wires SIGTERM and SIGINT to it). */
  stopSignal: Promise<string>;
  /** Told the address once listening (tests and `npm start` read it from stdout too). */
  onListening?: (address: string) => void;
}

/** Exit code: 0 after a clean shutdown, 2 bad configuration, 1 could not start. */
export async function runServe(io: CommandIo, options: ServeOptions): Promise<number> {
  const opened = await openConfiguredStore(io);
  if (typeof opened === 'number') return opened;
  const { config, store } = opened;

  const logger = createLogger();
  const queue = new EmbeddedJobQueue(store);
  // Scans and PDF reports share one analysis pool: its threads are what bounds the process's CPU work.
  const pool = new AnalysisPool(config.analysis);
  const workers = createBackgroundWorkers({
    config,
    store,
    queue,
    pool,
    logger: logger.child({ component: 'worker' }),
  });
  const app = await buildApp({ config, store, queue, pool, logger, onScanSubmitted: () => workers.wake() });

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
    workers.start();
    io.stdout(`TrustTrace API listening on ${address} (docs at ${address}/docs)\n`);
    options.onListening?.(address);
  } catch (error) {
    io.stderr(`trusttrace: cannot start the service: ${(error as Error).message}\n`);
    await app.close();
    await pool.close();
    await store.close();
    return 1;
  }

  const signal = await options.stopSignal;
  logger.info({ signal }, 'shutting down: no new scans are claimed, running scans get time to finish');
  // The HTTP server stops accepting while in-flight requests complete; workers finish or release.
  await Promise.all([app.close(), workers.stop({ graceMs: SHUTDOWN_GRACE_MS })]);
  await pool.close();
  await store.close();
  logger.info({}, 'stopped');
  return 0;
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the API service and scan workers on the embedded store')
    .addHelpText('after', environmentHelp())
    .action(async () => {
      process.exitCode = await runServe(processIo(), { stopSignal: waitForStopSignal() });
    });
}
