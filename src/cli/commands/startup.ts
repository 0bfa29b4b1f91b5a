// What the long-running commands (`serve`, `worker`) share: the configuration and the store opened from
// it, with the exit codes of CONTRACT.md, and a graceful stop on SIGTERM/SIGINT.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  ConfigError,
  ENV_FILE_VARIABLE,
  loadServiceConfig,
  serviceEnvFile,
  type Config,
} from '../../config.js';
import { openStore, type Store } from '../../store/index.js';
import type { CommandIo } from './io.js';

/** How long running scans get to finish on shutdown before they are released to the queue. */
export const SHUTDOWN_GRACE_MS = 20_000;

/**
 * The configuration of a service command (the environment over its env file), with a warning when a
 * `.env` in the working directory, which earlier versions read, is left unread. Throws ConfigError.
 */
export function loadCommandConfig(io: CommandIo): Config {
  const config = loadServiceConfig(io.env, io.cwd);
  const here = join(io.cwd, '.env');
  if (existsSync(here) && serviceEnvFile(io.env, io.cwd)?.path !== here)
    io.stderr(
      `trusttrace: ${here} is not read; name it with ${ENV_FILE_VARIABLE} or move it into the data directory\n`,
    );
  return config;
}

/** The configuration and an open store, or the exit code: 2 bad configuration, 1 the store would not open. */
export async function openConfiguredStore(io: CommandIo): Promise<{ config: Config; store: Store } | number> {
  let config;
  try {
    config = loadCommandConfig(io);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr(`trusttrace: ${error.message}\n`);
    return 2;
  }
  try {
    const store = await openStore({
      dataDir: config.dataDir,
      databaseUrl: config.databaseUrl,
      secret: config.secret,
    });
    return { config, store };
  } catch (error) {
    io.stderr(`trusttrace: cannot open the store: ${(error as Error).message}\n`);
    return 1;
  }
}

/** SIGTERM or SIGINT, once; a second signal exits at once. */
export function waitForStopSignal(): Promise<string> {
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
