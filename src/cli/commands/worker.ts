// `trusttrace worker`: scan workers and webhook deliveries only, no API (CONTRACT.md §2). For scale-out:
// several processes share one PostgreSQL store and queue (TRUSTTRACE_DATABASE_URL); on the embedded
// store it works the queue of the data directory beside a `serve`. SIGTERM/SIGINT stop it gracefully.
import type { Command } from 'commander';
import { createBackgroundWorkers } from '../../jobs/background.js';
import { EmbeddedJobQueue } from '../../jobs/index.js';
import { createLogger } from '../../service/logging.js';
import { processIo, type CommandIo } from './io.js';
import { environmentHelp, openConfiguredStore, SHUTDOWN_GRACE_MS, waitForStopSignal } from './startup.js';

export interface WorkerCommandOptions {
  /** Resolves when the workers should stop (the command wires SIGTERM and SIGINT to it). */
  stopSignal: Promise<string>;
}

/** Exit code: 0 after a clean shutdown, 2 bad configuration, 1 could not start. */
export async function runWorker(io: CommandIo, options: WorkerCommandOptions): Promise<number> {
  const opened = await openConfiguredStore(io);
  if (typeof opened === 'number') return opened;
  const { config, store } = opened;

  const logger = createLogger().child({ component: 'worker' });
  const workers = createBackgroundWorkers({ config, store, queue: new EmbeddedJobQueue(store), logger });
  workers.start();
  io.stdout(`TrustTrace worker started: ${config.scanConcurrency} scan slots\n`);

  const signal = await options.stopSignal;
  logger.info({ signal }, 'shutting down: no new scans are claimed, running scans get time to finish');
  await workers.stop({ graceMs: SHUTDOWN_GRACE_MS });
  await store.close();
  logger.info({}, 'stopped');
  return 0;
}

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('run scan workers and webhook deliveries only (scale-out), without the API')
    .addHelpText('after', environmentHelp())
    .action(async () => {
      process.exitCode = await runWorker(processIo(), { stopSignal: waitForStopSignal() });
    });
}
