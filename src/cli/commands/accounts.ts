// `trusttrace accounts create|set-tier`: account administration on the configured store.
import type { Command } from 'commander';
import { ConfigError } from '../../config.js';
import {
  AccountError,
  createAccount,
  isTier,
  openStore,
  setTier,
  TIERS,
  type Store,
  type Tier,
} from '../../store/index.js';
import { processIo, type CommandIo } from './io.js';
import { loadCommandConfig } from './startup.js';

export interface AccountsCreateOptions {
  email: string;
  tier?: string;
  password?: string;
  json?: boolean;
}

export interface AccountsSetTierOptions {
  email: string;
  tier: string;
}

class UsageError extends Error {}

function parseTier(value: string | undefined): Tier {
  const tier = (value ?? 'free').toLowerCase();
  if (!isTier(tier)) throw new UsageError(`--tier must be one of ${TIERS.join(', ')}, got "${value}"`);
  return tier;
}

/** Opens the configured store, runs `work`, and maps failures to exit codes: 2 bad input, 1 other. */
async function withStore(io: CommandIo, work: (store: Store) => Promise<void>): Promise<number> {
  try {
    const config = loadCommandConfig(io);
    const store = await openStore({
      dataDir: config.dataDir,
      databaseUrl: config.databaseUrl,
      secret: config.secret,
    });
    try {
      await work(store);
    } finally {
      await store.close();
    }
    return 0;
  } catch (error) {
    const badInput =
      error instanceof UsageError || error instanceof AccountError || error instanceof ConfigError;
    io.stderr(`trusttrace: ${(error as Error).message}\n`);
    return badInput ? 2 : 1;
  }
}

export async function runAccountsCreate(options: AccountsCreateOptions, io: CommandIo): Promise<number> {
  let tier: Tier;
  try {
    tier = parseTier(options.tier);
    if (options.password !== undefined && options.password.length < 8) {
      throw new UsageError('--password must be at least 8 characters long');
    }
  } catch (error) {
    io.stderr(`trusttrace: ${(error as Error).message}\n`);
    return 2;
  }
  return withStore(io, async (store) => {
    const { account, apiKey } = await createAccount(store, {
      email: options.email,
      tier,
      ...(options.password === undefined ? {} : { password: options.password }),
    });
    if (options.json) {
      io.stdout(`${JSON.stringify({ email: account.email, tier: account.tier, api_key: apiKey })}\n`);
    } else {
      io.stdout(
        `Created account ${account.email} (${account.tier}).\n` +
          `API key (shown once, keep it safe): ${apiKey}\n`,
      );
    }
  });
}

export async function runAccountsSetTier(options: AccountsSetTierOptions, io: CommandIo): Promise<number> {
  let tier: Tier;
  try {
    tier = parseTier(options.tier);
  } catch (error) {
    io.stderr(`trusttrace: ${(error as Error).message}\n`);
    return 2;
  }
  return withStore(io, async (store) => {
    const account = await setTier(store, options.email, tier);
    io.stdout(`${account.email} is now on the ${account.tier} plan.\n`);
  });
}

export function registerAccountsCommand(program: Command): void {
  const accounts = program.command('accounts').description('manage accounts and their plans');
  accounts
    .command('create')
    .description('create an account and print its API key once')
    .requiredOption('--email <email>', "the account holder's email address")
    .option('--tier <tier>', `plan: ${TIERS.join(', ')}`, 'free')
    .option('--password <password>', 'password for the dashboard (at least 8 characters)')
    .option('--json', 'print {"email","tier","api_key"}')
    .action(async (options: AccountsCreateOptions) => {
      process.exitCode = await runAccountsCreate(options, processIo());
    });
  accounts
    .command('set-tier')
    .description('change the plan of an account')
    .requiredOption('--email <email>', "the account's email address")
    .requiredOption('--tier <tier>', `plan: ${TIERS.join(', ')}`)
    .action(async (options: AccountsSetTierOptions) => {
      process.exitCode = await runAccountsSetTier(options, processIo());
    });
}
