import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, loadServiceConfig } from '../../src/config.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function emptyDir(): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), 'trusttrace-config-'));
  return dir;
}

describe('configuration', () => {
  it('has the defaults of CONTRACT.md', async () => {
    const cwd = await emptyDir();
    expect(loadConfig({}, cwd)).toEqual({
      host: '127.0.0.1',
      port: 8080,
      dataDir: join(cwd, 'data'),
      databaseUrl: undefined,
      publicUrl: 'http://127.0.0.1:8080',
      allowPrivateTargets: [],
      scanConcurrency: 2 * availableParallelism(),
      analysis: { threads: 2 * availableParallelism(), heapMb: 512, taskCpuMs: 120_000, fileCpuMs: 60_000 },
      upgradeUrl: 'https://trusttrace.io/pricing',
      osvUrl: 'https://api.osv.dev',
      secret: undefined,
      rateLimitPerMinute: 600,
      secondOpinion: undefined,
    });
  });

  it('reads every variable', async () => {
    const cwd = await emptyDir();
    const config = loadConfig(
      {
        TRUSTTRACE_HOST: '0.0.0.0',
        TRUSTTRACE_PORT: '9090',
        TRUSTTRACE_DATA_DIR: '/var/lib/trusttrace',
        TRUSTTRACE_DATABASE_URL: 'postgres://tt@db/tt',
        TRUSTTRACE_PUBLIC_URL: 'https://scan.example.com/',
        TRUSTTRACE_ALLOW_PRIVATE_TARGETS: '10.0.0.0/8, 127.0.0.1',
        TRUSTTRACE_SCAN_CONCURRENCY: '3',
        TRUSTTRACE_ANALYSIS_SECONDS: '30',
        TRUSTTRACE_ANALYSIS_FILE_SECONDS: '10',
        TRUSTTRACE_ANALYSIS_HEAP_MB: '256',
        TRUSTTRACE_UPGRADE_URL: 'https://example.com/upgrade',
        TRUSTTRACE_OSV_URL: 'off',
        TRUSTTRACE_SECRET: 'x'.repeat(40),
        TRUSTTRACE_RATE_LIMIT_PER_MINUTE: '120',
        TRUSTTRACE_LLM_URL: 'http://10.0.0.5:8000/v1/',
        TRUSTTRACE_LLM_KEY: 'llm-key',
        TRUSTTRACE_LLM_MODEL: 'judge-1',
      },
      cwd,
    );
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 9090,
      dataDir: '/var/lib/trusttrace',
      databaseUrl: 'postgres://tt@db/tt',
      publicUrl: 'https://scan.example.com',
      allowPrivateTargets: ['10.0.0.0/8', '127.0.0.1'],
      scanConcurrency: 3,
      analysis: { threads: 3, heapMb: 256, taskCpuMs: 30_000, fileCpuMs: 10_000 },
      osvUrl: 'off',
      rateLimitPerMinute: 120,
      secondOpinion: { url: 'http://10.0.0.5:8000/v1', key: 'llm-key', model: 'judge-1' },
    });
  });

  it('reads no file at all for the scan: a .env in the working directory changes nothing', async () => {
    const cwd = await emptyDir();
    await writeFile(
      join(cwd, '.env'),
      'TRUSTTRACE_OSV_URL=http://127.0.0.1:9/\nTRUSTTRACE_ALLOW_PRIVATE_TARGETS=*\n' +
        'TRUSTTRACE_LLM_URL=http://127.0.0.1:9/v1\nTRUSTTRACE_LLM_KEY=k\n',
    );
    expect(loadConfig({}, cwd)).toMatchObject({
      osvUrl: 'https://api.osv.dev',
      allowPrivateTargets: [],
      secondOpinion: undefined,
    });
    expect(loadServiceConfig({}, cwd)).toMatchObject({
      osvUrl: 'https://api.osv.dev',
      allowPrivateTargets: [],
    });
  });

  it('the service commands read TRUSTTRACE_ENV_FILE, with the real environment winning', async () => {
    const cwd = await emptyDir();
    await writeFile(join(cwd, 'service.env'), 'TRUSTTRACE_PORT=7070\nTRUSTTRACE_SCAN_CONCURRENCY=5\n');
    expect(
      loadServiceConfig({ TRUSTTRACE_ENV_FILE: 'service.env', TRUSTTRACE_SCAN_CONCURRENCY: '1' }, cwd),
    ).toMatchObject({ port: 7070, scanConcurrency: 1 });
    expect(() => loadServiceConfig({ TRUSTTRACE_ENV_FILE: 'missing.env' }, cwd)).toThrow(
      /cannot read .*missing\.env/,
    );
  });

  it('the service commands read .env in the data directory, which cannot move the data directory', async () => {
    const cwd = await emptyDir();
    await mkdir(join(cwd, 'state'));
    await writeFile(join(cwd, 'state', '.env'), 'TRUSTTRACE_PORT=7071\n');
    expect(loadServiceConfig({ TRUSTTRACE_DATA_DIR: 'state' }, cwd)).toMatchObject({
      port: 7071,
      dataDir: join(cwd, 'state'),
    });
    await mkdir(join(cwd, 'data'));
    await writeFile(join(cwd, 'data', '.env'), 'TRUSTTRACE_DATA_DIR=/elsewhere\n');
    expect(() => loadServiceConfig({}, cwd)).toThrow(/TRUSTTRACE_DATA_DIR cannot be set in/);
  });

  it('names every bad value in one clear error', async () => {
    const cwd = await emptyDir();
    const attempt = () =>
      loadConfig(
        {
          TRUSTTRACE_PORT: 'eighty',
          TRUSTTRACE_SCAN_CONCURRENCY: '0',
          TRUSTTRACE_DATABASE_URL: 'mysql://x',
          TRUSTTRACE_PUBLIC_URL: 'ftp://x',
          TRUSTTRACE_SECRET: 'short',
          TRUSTTRACE_ALLOW_PRIVATE_TARGETS: 'intranet',
          TRUSTTRACE_LLM_URL: 'ftp://model',
          TRUSTTRACE_OSV_URL: 'osv.example',
        },
        cwd,
      );
    expect(attempt).toThrow(ConfigError);
    const message = (() => {
      try {
        attempt();
      } catch (error) {
        return (error as Error).message;
      }
    })();
    for (const name of [
      'TRUSTTRACE_PORT',
      'TRUSTTRACE_SCAN_CONCURRENCY',
      'TRUSTTRACE_DATABASE_URL',
      'TRUSTTRACE_PUBLIC_URL',
      'TRUSTTRACE_SECRET',
      'TRUSTTRACE_ALLOW_PRIVATE_TARGETS',
      'TRUSTTRACE_LLM_URL',
      'TRUSTTRACE_OSV_URL',
    ]) {
      expect(message).toContain(name);
    }
  });

  it('refuses half a model configuration instead of silently running without it', async () => {
    const cwd = await emptyDir();
    expect(() => loadConfig({ TRUSTTRACE_LLM_URL: 'https://llm.example/v1' }, cwd)).toThrow(
      /TRUSTTRACE_LLM_KEY is required with TRUSTTRACE_LLM_URL/,
    );
    expect(() => loadConfig({ TRUSTTRACE_LLM_KEY: 'k' }, cwd)).toThrow(
      /TRUSTTRACE_LLM_URL is required with TRUSTTRACE_LLM_KEY/,
    );
    expect(() => loadConfig({ TRUSTTRACE_ALLOW_PRIVATE_TARGETS: '10.0.0.0/8, 999.1.1.1' }, cwd)).toThrow(
      /TRUSTTRACE_ALLOW_PRIVATE_TARGETS not a CIDR range or IP address: "999.1.1.1"/,
    );
  });
});
