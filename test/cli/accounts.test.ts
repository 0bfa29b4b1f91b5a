import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runAccountsCreate, runAccountsSetTier } from '../../src/cli/commands/accounts.js';
import type { CommandIo } from '../../src/cli/commands/io.js';
import { runMigrate } from '../../src/cli/commands/migrate.js';
import { authenticateApiKey, findAccountByEmail, openStore } from '../../src/store/index.js';
import { runCli } from './run-cli.js';

let dataDir: string | undefined;
afterEach(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

async function captureIo(): Promise<CommandIo & { out: string; err: string }> {
  dataDir = await mkdtemp(join(tmpdir(), 'trusttrace-cli-'));
  const io = {
    env: { TRUSTTRACE_DATA_DIR: dataDir },
    cwd: dataDir,
    out: '',
    err: '',
    stdout: (text: string) => void (io.out += text),
    stderr: (text: string) => void (io.err += text),
  };
  return io;
}

async function withStore<T>(work: (store: Awaited<ReturnType<typeof openStore>>) => Promise<T>) {
  const store = await openStore({ dataDir: dataDir! });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

describe('trusttrace accounts', () => {
  it('create --json prints email, tier and a key that works', async () => {
    const io = await captureIo();

    const code = await runAccountsCreate({ email: 'Ops@Example.com', tier: 'team', json: true }, io);

    expect(code).toBe(0);
    const printed = JSON.parse(io.out) as { email: string; tier: string; api_key: string };
    expect(Object.keys(printed)).toEqual(['email', 'tier', 'api_key']);
    expect(printed).toMatchObject({ email: 'ops@example.com', tier: 'team' });
    const account = await withStore((store) => authenticateApiKey(store, printed.api_key));
    expect(account?.tier).toBe('team');
  });

  it('create prints the key once in words, on the free plan by default', async () => {
    const io = await captureIo();

    expect(await runAccountsCreate({ email: 'new@example.com', password: 'long enough' }, io)).toBe(0);

    expect(io.out).toMatch(/Created account new@example\.com \(free\)/);
    expect(io.out).toMatch(/sk_scan_[A-Za-z0-9_-]{32,}/);
  });

  it('refuses bad input with exit code 2 and a clear message', async () => {
    const io = await captureIo();
    await runAccountsCreate({ email: 'taken@example.com' }, io);

    expect(await runAccountsCreate({ email: 'taken@example.com' }, io)).toBe(2);
    expect(io.err).toContain('already exists');
    expect(await runAccountsCreate({ email: 'x@example.com', tier: 'platinum' }, io)).toBe(2);
    expect(io.err).toContain('--tier must be one of free, developer, pro, team, enterprise');
    expect(await runAccountsCreate({ email: 'nope' }, io)).toBe(2);
    expect(io.err).toContain('is not an email address');
    expect(await runAccountsCreate({ email: 'p@example.com', password: 'short' }, io)).toBe(2);
    expect(await runAccountsSetTier({ email: 'ghost@example.com', tier: 'pro' }, io)).toBe(2);
    expect(io.err).toContain('no account for ghost@example.com');
  });

  it('set-tier changes the plan', async () => {
    const io = await captureIo();
    await runAccountsCreate({ email: 'up@example.com' }, io);

    expect(await runAccountsSetTier({ email: 'up@example.com', tier: 'Enterprise' }, io)).toBe(0);

    expect(io.out).toContain('up@example.com is now on the enterprise plan.');
    expect((await withStore((store) => findAccountByEmail(store, 'up@example.com')))?.tier).toBe(
      'enterprise',
    );
  });

  it('a bad configuration value is a clear error with exit code 2', async () => {
    const io = await captureIo();
    io.env.TRUSTTRACE_SCAN_CONCURRENCY = 'lots';

    expect(await runAccountsCreate({ email: 'cfg@example.com' }, io)).toBe(2);
    expect(io.err).toContain('TRUSTTRACE_SCAN_CONCURRENCY');
  });
});

describe('trusttrace migrate', () => {
  it('creates the schema, then reports it up to date', async () => {
    const io = await captureIo();

    expect(await runMigrate(io)).toBe(0);
    expect(io.out).toMatch(/Applied 001-initial/);
    expect(await runMigrate(io)).toBe(0);
    expect(io.out).toMatch(/Schema is up to date/);
  });
});

describe('the trusttrace executable', () => {
  it('creates an account and exits 2 on a missing or bad option', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'trusttrace-cli-'));
    const env = { TRUSTTRACE_DATA_DIR: dataDir };

    const created = await runCli(['accounts', 'create', '--email', 'bin@example.com', '--json'], { env });
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ email: 'bin@example.com', tier: 'free' });

    const missing = await runCli(['accounts', 'set-tier', '--email', 'bin@example.com'], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--tier <tier>'");
  }, 60_000);
});
