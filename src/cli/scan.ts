// `trusttrace scan`: the engine run locally, no server needed. Exit codes per CONTRACT.md:
// 0 done and under the thresholds, 1 a finding at or above --fail-on or a grade below --min-grade,
// 2 the scan could not be done. Configuration comes from the environment and the `settings:` of the file
// --config names, never from the scanned directory (no env file is read, and a root .trusttrace.yaml
// holds suppressions only: in CI it may be an attacker's pull request); suppressions come from the
// scanned root's .trusttrace.yaml or --config.
import { randomUUID } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { AnalysisLimitError, AnalysisPool } from '../analysis/pool.js';
import { ConfigError, loadScanConfig, type Config } from '../config.js';
import { safeRelativePath } from '../engine/collect/files/classify.js';
import { TargetError } from '../engine/collect/mcp/target-error.js';
import { visibleLine, visibleName } from '../engine/evidence.js';
import type { ConfiguredServerInfo } from '../engine/inventory.js';
import { isSendableToken, redactUrl, UNSENDABLE_TOKEN } from '../engine/net/credentials.js';
import { assembleResult, mergeResults } from '../engine/result.js';
import { INCOMPLETE_ANALYSIS_META } from '../engine/rules/incomplete.js';
import {
  SUPPRESSION_FILE_NAME,
  SuppressionError,
  type SuppressionFile,
} from '../engine/suppressions/file.js';
import type { Finding, Grade, InputFile, ScanResult, Severity } from '../engine/types.js';
import { SEVERITIES } from '../engine/types.js';
import { readBaseline, withoutBaselined, writeBaseline } from './baseline.js';
import { discoverConfigs, type DiscoveryPlaces } from './discover.js';
import { readFileSettings } from './file-settings.js';
import { formatJson } from './format/json.js';
import { formatSarif } from './format/sarif.js';
import { describeLocation, formatInventory, formatTable } from './format/table.js';
import { DEFAULT_LAUNCH_LIMITS, LaunchError, listStdioServer } from './launch.js';
import { displayPath, InputError, MAX_FILE_BYTES, readInputs, type Places } from './read-inputs.js';
import { packageVersion } from './version.js';

export const FORMATS = ['table', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];
const GRADES: Grade[] = ['A', 'B', 'C', 'D', 'F'];

export interface ScanCommandOptions {
  format: Format;
  output?: string;
  failOn?: Severity;
  minGrade?: Grade;
  url?: string;
  authToken?: string;
  /** Judge an incomplete result by the thresholds alone instead of exiting 2. */
  allowIncomplete?: boolean;
  /** Find the MCP client configs of this user and project (also the default with nothing else to scan). */
  discover?: boolean;
  /** The home directory discovery looks in (tests); the user's by default. */
  home?: string;
  /** Start the configured stdio servers and scan the configured remote servers live. */
  launch?: boolean;
  /** Seconds each launched server gets to answer. */
  launchTimeout?: number;
  /** The suppression file, instead of the scanned root's .trusttrace.yaml; its `settings:` count too. */
  config?: string;
  baseline?: string;
  writeBaseline?: string;
}

export class UsageError extends Error {}

export function parseSeverity(value: string): Severity {
  const severity = value.toLowerCase() as Severity;
  if (!SEVERITIES.includes(severity))
    throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}`);
  return severity;
}

export function parseGrade(value: string): Grade {
  const grade = value.toUpperCase() as Grade;
  if (!GRADES.includes(grade)) throw new UsageError(`--min-grade must be one of ${GRADES.join(', ')}`);
  return grade;
}

export function parseFormat(value: string): Format {
  if (!(FORMATS as readonly string[]).includes(value))
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  return value as Format;
}

export function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!/^\d+$/.test(value) || seconds < 1 || seconds > 600)
    throw new UsageError('--launch-timeout must be a whole number of seconds from 1 to 600');
  return seconds;
}

/** The finding that crosses --fail-on, if any: suppressed findings count toward no threshold. */
function failingFinding(result: ScanResult, failOn: Severity | undefined): Finding | undefined {
  if (!failOn) return undefined;
  const limit = SEVERITIES.indexOf(failOn);
  return result.findings.find((f) => !f.suppressed && SEVERITIES.indexOf(f.severity) <= limit);
}

/**
 * 2 when part of the analysis did not run (unless the user accepts that with --allow-incomplete), else
 * 1 when the result crosses a threshold the user set, else 0.
 */
export function exitCodeFor(
  result: ScanResult,
  options: Pick<ScanCommandOptions, 'failOn' | 'minGrade' | 'allowIncomplete'>,
): 0 | 1 | 2 {
  if (result.incomplete && !options.allowIncomplete) return 2;
  if (failingFinding(result, options.failOn)) return 1;
  if (options.minGrade && GRADES.indexOf(result.letter_grade) > GRADES.indexOf(options.minGrade)) return 1;
  return 0;
}

/** Why the scan exits 1: the first finding over --fail-on, or the grade under --min-grade. */
function thresholdReason(result: ScanResult, options: ScanCommandOptions): string {
  const finding = failingFinding(result, options.failOn);
  if (finding) {
    const over = result.findings.filter(
      (f) => !f.suppressed && SEVERITIES.indexOf(f.severity) <= SEVERITIES.indexOf(options.failOn!),
    ).length;
    const where = describeLocation(finding.location);
    return (
      `${finding.id} (${finding.severity})${where ? ` at ${where}` : ''} is at or above --fail-on ${options.failOn}` +
      (over > 1 ? `, and ${over - 1} more` : '')
    );
  }
  return `grade ${result.letter_grade} is below --min-grade ${options.minGrade}`;
}

/** Colour only for a person at a terminal, and never when NO_COLOR is set or the report goes to a file. */
function wantsColour(options: ScanCommandOptions): boolean {
  return !options.output && process.stdout.isTTY === true && !process.env.NO_COLOR;
}

interface Report {
  result: ScanResult;
  servers: number;
  inventory?: ConfiguredServerInfo[];
  baselineKnown?: number;
}

function render(report: Report, options: ScanCommandOptions): string {
  const { result, inventory, baselineKnown } = report;
  switch (options.format) {
    case 'json':
      return formatJson(result, randomUUID(), {
        ...(inventory ? { inventory } : {}),
        ...(baselineKnown !== undefined ? { baselineKnown } : {}),
      });
    case 'sarif':
      return formatSarif(result, packageVersion());
    case 'table':
      return formatTable(result, {
        colour: wantsColour(options),
        servers: report.servers,
        ...(inventory ? { inventory } : {}),
        ...(baselineKnown !== undefined ? { baselineKnown } : {}),
      });
  }
}

function note(message: string): void {
  process.stderr.write(`trusttrace: ${message}\n`);
}

/** The environment over the `settings:` of the file --config names (`named`). */
async function scanConfig(named: SuppressionFile | undefined): Promise<Config> {
  try {
    const settings = named ? await readFileSettings(named) : undefined;
    return loadScanConfig(process.env, process.cwd(), settings);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(visibleLine(error.message, 2000));
    throw error;
  }
}

/** `12 files of other types (.md 7, .png 3, (none) 2)`: what a directory walk did not read, once. */
function otherTypesNote(otherTypes: Map<string, number>): string | undefined {
  const total = [...otherTypes.values()].reduce((sum, n) => sum + n, 0);
  if (total === 0) return undefined;
  const kinds = [...otherTypes.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const listed = kinds.slice(0, 6).map(([extension, n]) => `${visibleName(extension, 20)} ${n}`);
  return `not read: ${total} file${total === 1 ? '' : 's'} of other types (${listed.join(', ')}${kinds.length > 6 ? ', …' : ''})`;
}

/** The name the engine gives a file in findings (and so in the inventory). */
function engineName(name: string): string {
  return visibleName(safeRelativePath(name));
}

/** The client configs of this user and project that exist, read; editor settings only if they hold servers. */
async function discoveredFiles(
  places: Places,
  options: ScanCommandOptions,
): Promise<{ files: InputFile[]; dedicated: Set<string> }> {
  const discovery: DiscoveryPlaces = {
    home: places.home,
    cwd: places.cwd,
    platform: process.platform,
    // With --home, everything is looked for under it; else the platform's own variables count.
    ...(!options.home && process.env.APPDATA ? { appData: process.env.APPDATA } : {}),
    ...(!options.home && process.env.XDG_CONFIG_HOME ? { xdgConfigHome: process.env.XDG_CONFIG_HOME } : {}),
  };
  const locations = await discoverConfigs(discovery);
  const files: InputFile[] = [];
  const dedicated = new Set<string>();
  for (const location of locations) {
    const name = displayPath(location.path, places);
    if ((await stat(location.path)).size > MAX_FILE_BYTES) {
      note(`not read: ${name} is larger than 10 MB`);
      continue;
    }
    files.push({ name, content: await readFile(location.path) });
    if (location.dedicated) dedicated.add(engineName(name));
  }
  return { files, dedicated };
}

/** A suppression file, with where its `path` globs start; `named` when --config names it. */
async function readSuppressionFile(file: string, places: Places, named: boolean): Promise<SuppressionFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const directory = path.dirname(file);
  const base = path.resolve(places.cwd, directory) === places.cwd ? '' : displayPath(directory, places);
  return { name: displayPath(file, places), text, base, ...(named ? { settingsHonoured: true } : {}) };
}

/** The .trusttrace.yaml of the scanned roots, if one holds it. */
async function findSuppressionFile(roots: string[], places: Places): Promise<SuppressionFile | undefined> {
  const found: string[] = [];
  for (const root of roots) {
    const candidate = path.join(root, SUPPRESSION_FILE_NAME);
    const isFile = await stat(candidate).then(
      (s) => s.isFile(),
      () => false,
    );
    if (isFile && !found.some((f) => path.resolve(f) === path.resolve(candidate))) found.push(candidate);
  }
  if (found.length > 1)
    throw new UsageError(
      `several scanned directories hold a ${SUPPRESSION_FILE_NAME} (${found.map((f) => displayPath(f, places)).join(', ')}); choose one with --config`,
    );
  return found[0] === undefined ? undefined : readSuppressionFile(found[0], places, false);
}

/** A server that could not be scanned: a gap in the analysis, so the result is incomplete (fail closed). */
function unscannedServer(server: string, reason: string): ScanResult {
  return assembleResult({
    findings: [],
    gaps: [{ server, rule: null, reason: `could not be scanned: ${reason}` }],
    files_scanned: [],
    file_errors: [],
    surfaces: [],
  });
}

/** `Bearer X` in a configured server's headers, if it is one that can be sent. */
function bearerToken(headers: Record<string, string>): string | undefined {
  const value = Object.entries(headers).find(([name]) => name.toLowerCase() === 'authorization')?.[1];
  const token = /^Bearer\s+(\S+)$/i.exec(value?.trim() ?? '')?.[1];
  return token && isSendableToken(token) ? token : undefined;
}

/** Runs `work` over `items`, at most `limit` at a time, keeping their order. */
async function inBatches<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/** Servers launched (or connected to) at once: starting one is mostly waiting on it. */
const LAUNCH_CONCURRENCY = 4;

/**
 * Every configured server, started (stdio) or connected to (remote) and analysed in the pool. A server
 * that cannot be scanned is a gap of the result, not the end of the scan.
 */
async function launchConfigured(
  inventory: ConfiguredServerInfo[],
  options: ScanCommandOptions,
  config: Config,
  pool: AnalysisPool,
): Promise<{ results: ScanResult[]; scanned: number }> {
  const stdio = inventory.filter((server) => server.launch.transport === 'stdio').length;
  const remote = inventory.length - stdio;
  const timeoutMs = (options.launchTimeout ?? DEFAULT_LAUNCH_LIMITS.timeoutMs / 1000) * 1000;
  note(
    `--launch runs the commands of ${stdio} configured stdio server${stdio === 1 ? '' : 's'} on this machine` +
      `${remote > 0 ? ` and connects to ${remote} remote server${remote === 1 ? '' : 's'}` : ''}` +
      `, each stopped within ${timeoutMs / 1000} s`,
  );
  const secondOpinion = config.secondOpinion ? { secondOpinion: config.secondOpinion } : {};
  let scanned = 0;
  const results = await inBatches(inventory, LAUNCH_CONCURRENCY, async (server) => {
    const name = `${server.server} (${server.client})`;
    const { launch } = server;
    try {
      if (launch.transport === 'stdio') {
        const surface = await listStdioServer(name, launch, {
          cwd: process.cwd(),
          limits: { ...DEFAULT_LAUNCH_LIMITS, timeoutMs },
        });
        const result = await pool.scanSurface(surface, secondOpinion);
        scanned++;
        return result;
      }
      const token = bearerToken(launch.headers);
      const result = await pool.scanServer(launch.url, {
        policy: { allow: config.allowPrivateTargets, loopbackAllowed: true },
        deadlineMs: timeoutMs,
        ...(token ? { authToken: token } : {}),
        ...secondOpinion,
      });
      scanned++;
      return result;
    } catch (error) {
      if (error instanceof LaunchError || error instanceof TargetError)
        return unscannedServer(name, error.message);
      throw error;
    }
  });
  return { results, scanned };
}

function emptyResult(): ScanResult {
  return assembleResult({ findings: [], gaps: [], files_scanned: [], file_errors: [], surfaces: [] });
}

async function scan(paths: string[], options: ScanCommandOptions): Promise<Report> {
  // Checked here rather than by commander, whose message would quote the token.
  if (options.authToken !== undefined && !isSendableToken(options.authToken))
    throw new UsageError(`--auth-token ${UNSENDABLE_TOKEN}`);
  const places: Places = {
    cwd: process.cwd(),
    home: options.home ? path.resolve(options.home) : homedir(),
  };
  const named = options.config ? await readSuppressionFile(options.config, places, true) : undefined;
  const config = await scanConfig(named);
  const discover = options.discover === true || (paths.length === 0 && !options.url);
  const inputs = await readInputs(paths, places);
  const otherTypes = otherTypesNote(inputs.otherTypes);
  if (otherTypes) note(otherTypes);
  const roots: string[] = discover ? [places.cwd] : [];
  for (const p of paths) if (await stat(p).then((s) => s.isDirectory())) roots.push(p);
  const suppressions = named ?? (await findSuppressionFile(roots, places));
  const baseline = options.baseline ? await readBaseline(options.baseline) : undefined;

  const pool = new AnalysisPool({ ...config.analysis, threads: 1 });
  try {
    let files = inputs.files;
    let inventory: ConfiguredServerInfo[] | undefined;
    if (discover || options.launch) {
      const found = discover ? await discoveredFiles(places, options) : { files: [], dedicated: new Set() };
      inventory = await pool.readConfigs([...found.files, ...inputs.files]);
      // Editor settings and the like join the scan only when they set up MCP servers.
      const holding = new Set(inventory.map((server) => server.file));
      const kept = found.files.filter(
        (file) => found.dedicated.has(engineName(file.name)) || holding.has(engineName(file.name)),
      );
      files = [...kept, ...inputs.files];
      if (discover && kept.length === 0)
        note('no MCP client configuration found for this user or this project (--home DIR looks elsewhere)');
    }
    if (inventory && options.format === 'sarif' && inventory.length > 0)
      process.stderr.write(`${formatInventory(inventory).join('\n')}\n`);

    const results: ScanResult[] = [];
    let servers = 0;
    if (files.length > 0)
      results.push(
        await pool.scanFiles(files, {
          policy: { allow: config.allowPrivateTargets },
          osvUrl: config.osvUrl,
          ...(config.secondOpinion ? { secondOpinion: config.secondOpinion } : {}),
        }),
      );
    else if (paths.length > 0)
      note(
        `nothing to scan in ${paths.map((p) => visibleName(p)).join(', ')}: no file of an accepted type (.json .yaml .yml .txt .py .js .ts .toml, lockfiles)`,
      );
    if (options.url) {
      // The CLI runs on the user's own machine: a server on loopback needs no allow-list.
      results.push(
        await pool.scanServer(options.url, {
          policy: { allow: config.allowPrivateTargets, loopbackAllowed: true },
          ...(options.authToken ? { authToken: options.authToken } : {}),
          ...(config.secondOpinion ? { secondOpinion: config.secondOpinion } : {}),
        }),
      );
      servers++;
    }
    if (options.launch) {
      if (inventory && inventory.length > 0) {
        const launched = await launchConfigured(inventory, options, config, pool);
        results.push(...launched.results);
        servers += launched.scanned;
      } else note('--launch: no configured server to start');
    }

    let result = results.reduce(mergeResults, emptyResult());
    // Skipped files never reach the engine: their names, from the file system, are made visible here.
    for (const { path: file, reason } of inputs.skipped)
      result.file_errors.push({ file: visibleName(file), error: visibleLine(`skipped: ${reason}`, 500) });
    if (suppressions) {
      const applied = await pool.applySuppressions(
        result,
        suppressions,
        new Date().toISOString().slice(0, 10),
      );
      for (const warning of applied.warnings) note(warning);
      result = applied.result;
    }
    if (options.writeBaseline) await writeBaseline(options.writeBaseline, result);
    let baselineKnown: number | undefined;
    if (baseline) ({ result, known: baselineKnown } = withoutBaselined(result, baseline));
    return {
      result,
      servers,
      ...(inventory ? { inventory } : {}),
      ...(baselineKnown !== undefined ? { baselineKnown } : {}),
    };
  } finally {
    await pool.close();
  }
}

export async function runScanCommand(paths: string[], options: ScanCommandOptions): Promise<number> {
  try {
    const report = await scan(paths, options);
    const text = render(report, options);
    if (options.output) await writeFile(options.output, text);
    else process.stdout.write(text);
    const { result } = report;
    const code = exitCodeFor(result, options);
    if (code === 2) {
      const gaps = result.findings.filter((finding) => finding.id === INCOMPLETE_ANALYSIS_META.id).length;
      note(
        `the scan is incomplete: ${gaps} part${gaps === 1 ? '' : 's'} of the analysis did not run ` +
          `(see the ${INCOMPLETE_ANALYSIS_META.id} findings); --allow-incomplete accepts it`,
      );
    }
    if (code === 1) note(`exit 1: ${thresholdReason(result, options)}`);
    return code;
  } catch (error) {
    if (error instanceof TargetError) {
      note(`cannot scan ${redactUrl(options.url ?? '')}: ${error.message}`);
      return 2;
    }
    if (
      error instanceof UsageError ||
      error instanceof InputError ||
      error instanceof AnalysisLimitError ||
      error instanceof SuppressionError
    ) {
      note(error.message);
      return 2;
    }
    note(`scan failed: ${(error as Error).message}`);
    return 2;
  }
}
