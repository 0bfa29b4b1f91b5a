// The operator's configuration (CONTRACT.md §2), read once from the environment. The service commands
// (serve, worker, migrate, accounts) may also read one env file: the one TRUSTTRACE_ENV_FILE names, or
// `.env` in the data directory; never one in the working directory. `trusttrace scan` reads no env file,
// so that a repository being scanned cannot change the scanner's settings; it takes the `settings:` of
// the one file its user names with --config. Real environment variables win over either file. Bad values fail at start with one message that names every offending variable.
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import type { JudgeConfig } from './engine/rules/tools/poisoning/judge.js';
import { parseAllowList } from './engine/net/address-policy.js';

export class ConfigError extends Error {}

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const positiveInt = (fallback: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === '') return fallback;
      if (!/^\d+$/.test(value) || Number(value) < 1) {
        ctx.addIssue({ code: 'custom', message: `must be a whole number ≥ 1, got "${value}"` });
        return z.NEVER;
      }
      return Number(value);
    });

const httpUrl = (fallback?: string) =>
  optionalText.transform((value, ctx) => {
    const text = value ?? fallback;
    if (text === undefined) return undefined;
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: `must be an absolute URL, got "${text}"` });
      return z.NEVER;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      ctx.addIssue({ code: 'custom', message: `must be http:// or https://, got "${text}"` });
      return z.NEVER;
    }
    return text.replace(/(?<!\/)\/+$/, '');
  });

const environmentSchema = z.object({
  TRUSTTRACE_HOST: optionalText.transform((value) => value ?? '127.0.0.1'),
  TRUSTTRACE_PORT: z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === '') return 8080;
      const port = Number(value);
      if (!/^\d+$/.test(value) || port > 65535) {
        ctx.addIssue({ code: 'custom', message: `must be a port number 0–65535, got "${value}"` });
        return z.NEVER;
      }
      return port;
    }),
  TRUSTTRACE_DATA_DIR: optionalText.transform((value) => value ?? './data'),
  TRUSTTRACE_DATABASE_URL: optionalText.refine(
    (value) => value === undefined || /^postgres(ql)?:\/\//.test(value),
    { message: 'must be a postgres:// or postgresql:// URL' },
  ),
  TRUSTTRACE_PUBLIC_URL: httpUrl(),
  TRUSTTRACE_ALLOW_PRIVATE_TARGETS: optionalText.transform((value, ctx) => {
    try {
      return parseAllowList(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  }),
  TRUSTTRACE_SCAN_CONCURRENCY: positiveInt(2 * availableParallelism()),
  TRUSTTRACE_ANALYSIS_SECONDS: positiveInt(120),
  TRUSTTRACE_ANALYSIS_FILE_SECONDS: positiveInt(60),
  TRUSTTRACE_ANALYSIS_HEAP_MB: positiveInt(512),
  TRUSTTRACE_UPGRADE_URL: httpUrl('https://trusttrace.io/pricing'),
  TRUSTTRACE_OSV_URL: optionalText.transform((value, ctx) => {
    if (value === 'off') return 'off' as const;
    const text = value ?? 'https://api.osv.dev';
    if (!/^https?:\/\/\S+$/.test(text)) {
      ctx.addIssue({ code: 'custom', message: `must be an http(s) URL or "off", got "${text}"` });
      return z.NEVER;
    }
    return text.replace(/(?<!\/)\/+$/, '');
  }),
  TRUSTTRACE_SECRET: optionalText.refine((value) => value === undefined || value.length >= 32, {
    message: 'must be at least 32 characters long',
  }),
  TRUSTTRACE_RATE_LIMIT_PER_MINUTE: positiveInt(600),
  TRUSTTRACE_LLM_URL: httpUrl(),
  TRUSTTRACE_LLM_KEY: optionalText,
  TRUSTTRACE_LLM_MODEL: optionalText,
});

// Half a model configuration is a mistake, not a choice to run without one: say so at start.
const configSchema = environmentSchema.superRefine((values, ctx) => {
  if (values.TRUSTTRACE_LLM_URL !== undefined && values.TRUSTTRACE_LLM_KEY === undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['TRUSTTRACE_LLM_KEY'],
      message: 'is required with TRUSTTRACE_LLM_URL',
    });
  if (values.TRUSTTRACE_LLM_KEY !== undefined && values.TRUSTTRACE_LLM_URL === undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['TRUSTTRACE_LLM_URL'],
      message: 'is required with TRUSTTRACE_LLM_KEY',
    });
});

export interface AnalysisLimits {
  /** Threads running at once; more tasks wait for one. */
  threads: number;
  /** Old-generation heap of each thread (MB). */
  heapMb: number;
  /** CPU time one task may use, all files together (ms). */
  taskCpuMs: number;
  /** CPU time one file, or the one live server, may use within a task (ms). */
  fileCpuMs: number;
  /** An idle thread is ended after this long, to give its memory back (ms; default 30 s). */
  idleMs?: number;
}

export interface Config {
  host: string;
  port: number;
  /** Absolute path of the data directory (embedded database, server secret, generated files). */
  dataDir: string;
  /** `postgres://…` for scale-out; undefined means SQLite in the data directory. */
  databaseUrl: string | undefined;
  /** Base of report URLs and links, without a trailing slash. */
  publicUrl: string;
  /** CIDRs (or `*`) that scan targets and webhooks may reach although they are private. */
  allowPrivateTargets: string[];
  scanConcurrency: number;
  /** The analysis pool: one thread per concurrent scan, each under a heap cap and CPU-time budgets. */
  analysis: AnalysisLimits;
  upgradeUrl: string;
  /** `off` for offline advisory look-ups. */
  osvUrl: string;
  /** Server secret from the environment; undefined means the 0600 file in the data directory. */
  secret: string | undefined;
  /** Requests one API key may make per minute on any route (distinct from the monthly scan quota). */
  rateLimitPerMinute: number;
  /** The judge: a model asked about uncertain tool definitions (TRUSTTRACE_LLM_*); undefined means none. */
  secondOpinion: JudgeConfig | undefined;
}

/** Every variable the configuration reads (for `serve --help` and its test). */
export const CONFIG_VARIABLES = Object.keys(
  environmentSchema.shape,
) as (keyof typeof environmentSchema.shape)[];

/** Names the env file of the service commands; not itself part of the configuration. */
export const ENV_FILE_VARIABLE = 'TRUSTTRACE_ENV_FILE';

function readEnvFile(path: string): Record<string, string | undefined> {
  try {
    return parseEnv(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

/** The env file of the service commands: TRUSTTRACE_ENV_FILE, else `.env` in the data directory if present. */
export function serviceEnvFile(
  env: Record<string, string | undefined>,
  cwd: string,
): { path: string; inDataDir: boolean } | undefined {
  const named = env[ENV_FILE_VARIABLE]?.trim();
  if (named) return { path: resolve(cwd, named), inDataDir: false };
  const inDataDir = join(resolve(cwd, env.TRUSTTRACE_DATA_DIR?.trim() || './data'), '.env');
  return existsSync(inDataDir) ? { path: inDataDir, inDataDir: true } : undefined;
}

/**
 * The configuration of `serve`, `worker`, `migrate` and `accounts`: the environment over the env file
 * of `serviceEnvFile`. A data directory's own file cannot move the data directory.
 */
export function loadServiceConfig(
  env: Record<string, string | undefined> = process.env,
  cwd: string = process.cwd(),
): Config {
  const file = serviceEnvFile(env, cwd);
  if (!file) return loadConfig(env, cwd);
  const values = readEnvFile(file.path);
  if (file.inDataDir && values.TRUSTTRACE_DATA_DIR !== undefined)
    throw new ConfigError(`TRUSTTRACE_DATA_DIR cannot be set in ${file.path}, inside the data directory`);
  return loadConfig({ ...values, ...env }, cwd);
}

/** The `settings:` keys of the file `trusttrace scan --config` names, and the variables they set. */
export const SCAN_FILE_SETTINGS = {
  osv_url: 'TRUSTTRACE_OSV_URL',
  allow_private_targets: 'TRUSTTRACE_ALLOW_PRIVATE_TARGETS',
  llm_url: 'TRUSTTRACE_LLM_URL',
  llm_model: 'TRUSTTRACE_LLM_MODEL',
  analysis_seconds: 'TRUSTTRACE_ANALYSIS_SECONDS',
  analysis_file_seconds: 'TRUSTTRACE_ANALYSIS_FILE_SECONDS',
  analysis_heap_mb: 'TRUSTTRACE_ANALYSIS_HEAP_MB',
} as const satisfies Record<string, (typeof CONFIG_VARIABLES)[number]>;

export type ScanFileSetting = keyof typeof SCAN_FILE_SETTINGS;

/** The `settings:` of a file named by `trusttrace scan --config`, as text. */
export interface FileSettings {
  /** The file's name in messages. */
  file: string;
  values: Partial<Record<ScanFileSetting, string>>;
}

/**
 * The configuration of `trusttrace scan`: the environment over the `settings:` of its --config file. A
 * variable set in the environment (not empty) wins; a bad value from the file is named by its key.
 */
export function loadScanConfig(
  env: Record<string, string | undefined>,
  cwd: string,
  settings?: FileSettings,
): Config {
  const merged = { ...env };
  const fromFile = new Map<string, string>();
  for (const [key, value] of Object.entries(settings?.values ?? {})) {
    const variable = SCAN_FILE_SETTINGS[key as ScanFileSetting];
    if (env[variable]?.trim()) continue;
    merged[variable] = value;
    fromFile.set(variable, `settings.${key} in ${settings!.file}`);
  }
  return loadConfig(merged, cwd, (variable) => fromFile.get(variable) ?? variable);
}

/** The configuration from `env` alone; `nameOf` says where a variable came from in messages. */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  cwd: string = process.cwd(),
  nameOf: (variable: string) => string = (variable) => variable,
): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${nameOf(issue.path.join('.'))} ${issue.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  const values = parsed.data;
  const publicHost = values.TRUSTTRACE_HOST.includes(':')
    ? `[${values.TRUSTTRACE_HOST}]`
    : values.TRUSTTRACE_HOST;
  return {
    host: values.TRUSTTRACE_HOST,
    port: values.TRUSTTRACE_PORT,
    dataDir: resolve(cwd, values.TRUSTTRACE_DATA_DIR),
    databaseUrl: values.TRUSTTRACE_DATABASE_URL,
    publicUrl: values.TRUSTTRACE_PUBLIC_URL ?? `http://${publicHost}:${values.TRUSTTRACE_PORT}`,
    allowPrivateTargets: values.TRUSTTRACE_ALLOW_PRIVATE_TARGETS,
    scanConcurrency: values.TRUSTTRACE_SCAN_CONCURRENCY,
    analysis: {
      threads: values.TRUSTTRACE_SCAN_CONCURRENCY,
      heapMb: values.TRUSTTRACE_ANALYSIS_HEAP_MB,
      taskCpuMs: values.TRUSTTRACE_ANALYSIS_SECONDS * 1000,
      fileCpuMs: values.TRUSTTRACE_ANALYSIS_FILE_SECONDS * 1000,
    },
    upgradeUrl: values.TRUSTTRACE_UPGRADE_URL ?? 'https://trusttrace.io/pricing',
    osvUrl: values.TRUSTTRACE_OSV_URL,
    secret: values.TRUSTTRACE_SECRET,
    rateLimitPerMinute: values.TRUSTTRACE_RATE_LIMIT_PER_MINUTE,
    secondOpinion:
      values.TRUSTTRACE_LLM_URL && values.TRUSTTRACE_LLM_KEY
        ? {
            url: values.TRUSTTRACE_LLM_URL,
            key: values.TRUSTTRACE_LLM_KEY,
            ...(values.TRUSTTRACE_LLM_MODEL ? { model: values.TRUSTTRACE_LLM_MODEL } : {}),
          }
        : undefined,
  };
}
