// What the service commands share: the configuration (the environment over the one env file they may
// read) and the store opened from it, with the exit codes of CONTRACT.md, the environment variables for
// their help, and a graceful stop on SIGTERM/SIGINT.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  CONFIG_VARIABLES,
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

/** One line per variable for `serve --help` and `worker --help`; docs/configuration.md has the detail. */
const VARIABLE_HELP: Record<(typeof CONFIG_VARIABLES)[number], string> = {
  TRUSTTRACE_HOST: 'address serve listens on (127.0.0.1)',
  TRUSTTRACE_PORT: 'port serve listens on (8080; 0 picks a free one)',
  TRUSTTRACE_DATA_DIR: 'SQLite database, server secret and env file (./data)',
  TRUSTTRACE_DATABASE_URL: 'postgres:// URL: store and queue on PostgreSQL (scale-out)',
  TRUSTTRACE_PUBLIC_URL: 'base of report URLs and links (http://HOST:PORT)',
  TRUSTTRACE_ALLOW_PRIVATE_TARGETS: 'CIDRs (or *) that targets, webhooks and OSV may reach although private',
  TRUSTTRACE_SCAN_CONCURRENCY: 'scans this process runs at once (2 x CPUs)',
  TRUSTTRACE_ANALYSIS_SECONDS: 'CPU seconds one scan may use (120)',
  TRUSTTRACE_ANALYSIS_FILE_SECONDS: 'CPU seconds one file may use (60)',
  TRUSTTRACE_ANALYSIS_HEAP_MB: 'heap of each analysis thread, MB (512)',
  TRUSTTRACE_UPGRADE_URL: 'upgrade_url in monthly-limit 429s',
  TRUSTTRACE_OSV_URL: 'advisory look-ups (https://api.osv.dev; off for offline)',
  TRUSTTRACE_SECRET: 'server secret, 32+ characters (default: a generated file in the data dir)',
  TRUSTTRACE_RATE_LIMIT_PER_MINUTE: 'requests per API key per minute (600)',
  TRUSTTRACE_LLM_URL: "the judge's OpenAI-compatible endpoint (off unless set, with the key)",
  TRUSTTRACE_LLM_KEY: 'bearer key for TRUSTTRACE_LLM_URL',
  TRUSTTRACE_LLM_MODEL: 'model named in judge requests (gpt-4o-mini)',
};

/** Help lines that fit 80 columns: the name, then its text wrapped under a hanging indent. */
export function environmentHelp(): string {
  const names = [ENV_FILE_VARIABLE, ...CONFIG_VARIABLES];
  const width = Math.max(...names.map((name) => name.length));
  const indent = ' '.repeat(width + 4);
  const entry = (name: string, text: string) => {
    const lines = [`  ${name.padEnd(width)}  `];
    for (const word of text.split(' ')) {
      const last = lines.length - 1;
      if (lines[last]!.length + word.length > 80 && lines[last] !== indent) lines.push(indent);
      lines[lines.length - 1] += `${word} `;
    }
    return lines.map((line) => line.trimEnd()).join('\n');
  };
  return [
    '',
    'Environment variables (see docs/configuration.md), also read from the file',
    'TRUSTTRACE_ENV_FILE names, or else from $TRUSTTRACE_DATA_DIR/.env; the real',
    'environment wins:',
    entry(ENV_FILE_VARIABLE, 'env file to read (default: .env in the data directory, if any)'),
    ...CONFIG_VARIABLES.map((name) => entry(name, VARIABLE_HELP[name])),
  ].join('\n');
}
