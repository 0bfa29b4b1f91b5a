// `trusttrace scan`: the engine run locally, no server needed. Exit codes per CONTRACT.md:
// 0 done and under the thresholds, 1 a finding at or above --fail-on or a grade below --min-grade,
// 2 the scan could not be done.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { AnalysisLimitError, AnalysisPool } from '../analysis/pool.js';
import { ConfigError, loadConfig } from '../config.js';
import { TargetError } from '../engine/collect/mcp/target-error.js';
import { visibleLine, visibleName } from '../engine/evidence.js';
import { isSendableToken, redactUrl, UNSENDABLE_TOKEN } from '../engine/net/credentials.js';
import { mergeResults } from '../engine/result.js';
import type { Grade, InputFile, ScanResult, Severity } from '../engine/types.js';
import { SEVERITIES } from '../engine/types.js';
import { INCOMPLETE_ANALYSIS_META } from '../engine/rules/incomplete.js';
import { formatJson } from './format/json.js';
import { formatSarif } from './format/sarif.js';
import { formatTable } from './format/table.js';
import { InputError, readInputs } from './read-inputs.js';

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

/**
 * 2 when part of the analysis did not run (unless the user accepts that with --allow-incomplete), else
 * 1 when the result crosses a threshold the user set, else 0.
 */
export function exitCodeFor(
  result: ScanResult,
  options: Pick<ScanCommandOptions, 'failOn' | 'minGrade' | 'allowIncomplete'>,
): 0 | 1 | 2 {
  if (result.incomplete && !options.allowIncomplete) return 2;
  if (options.failOn) {
    const limit = SEVERITIES.indexOf(options.failOn);
    if (result.findings.some((f) => SEVERITIES.indexOf(f.severity) <= limit)) return 1;
  }
  if (options.minGrade && GRADES.indexOf(result.letter_grade) > GRADES.indexOf(options.minGrade)) return 1;
  return 0;
}

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

/** Colour only for a person at a terminal, and never when NO_COLOR is set or the report goes to a file. */
function wantsColour(options: ScanCommandOptions): boolean {
  return !options.output && process.stdout.isTTY === true && !process.env.NO_COLOR;
}

function render(result: ScanResult, options: ScanCommandOptions): string {
  switch (options.format) {
    case 'json':
      return formatJson(result, randomUUID());
    case 'sarif':
      return formatSarif(result, packageVersion());
    case 'table':
      return formatTable(result, { colour: wantsColour(options) });
  }
}

/**
 * Files, a live server, or both (one report), in one analysis thread under the same heap and CPU-time
 * limits as the service. The CLI runs on the user's own machine, so a server on loopback needs no
 * allow-list; TRUSTTRACE_ALLOW_PRIVATE_TARGETS opens other ranges as for the service. OSV
 * (TRUSTTRACE_OSV_URL) is a public service: it gets the allow-list only, as in the service.
 */
async function scanTargets(
  files: InputFile[],
  withFiles: boolean,
  options: ScanCommandOptions,
): Promise<ScanResult> {
  let config;
  try {
    config = loadConfig(process.env, process.cwd());
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  // Borderline tool definitions go to a model only when the operator configured one.
  const secondOpinion = config.secondOpinion ? { secondOpinion: config.secondOpinion } : {};
  const pool = new AnalysisPool({ ...config.analysis, threads: 1 });
  try {
    const scanLocal = () =>
      pool.scanFiles(files, {
        policy: { allow: config.allowPrivateTargets },
        osvUrl: config.osvUrl,
        ...secondOpinion,
      });
    if (!options.url) return await scanLocal();
    const live = await pool.scanServer(options.url, {
      policy: { allow: config.allowPrivateTargets, loopbackAllowed: true },
      ...(options.authToken ? { authToken: options.authToken } : {}),
      ...secondOpinion,
    });
    if (!withFiles) return live;
    return mergeResults(live, await scanLocal());
  } finally {
    await pool.close();
  }
}

export async function runScanCommand(paths: string[], options: ScanCommandOptions): Promise<number> {
  try {
    if (paths.length === 0 && !options.url)
      throw new UsageError('give files or directories to scan, or --url');
    // Checked here rather than by commander, whose message would quote the token.
    if (options.authToken !== undefined && !isSendableToken(options.authToken))
      throw new UsageError(`--auth-token ${UNSENDABLE_TOKEN}`);
    const { files, skipped } = await readInputs(paths);
    if (paths.length > 0 && files.length === 0) {
      throw new InputError(
        'no file of an accepted type found (.json .yaml .yml .txt .py .js .ts .toml, lockfiles)',
      );
    }
    const result = await scanTargets(files, paths.length > 0, options);
    // Skipped files never reach the engine: their names, from the file system, are made visible here.
    for (const { path, reason } of skipped)
      result.file_errors.push({ file: visibleName(path), error: visibleLine(`skipped: ${reason}`, 500) });
    const text = render(result, options);
    if (options.output) await writeFile(options.output, text);
    else process.stdout.write(text);
    const code = exitCodeFor(result, options);
    if (code === 2) {
      const gaps = result.findings.filter((finding) => finding.id === INCOMPLETE_ANALYSIS_META.id).length;
      process.stderr.write(
        `trusttrace: the scan is incomplete: ${gaps} part${gaps === 1 ? '' : 's'} of the analysis did not run ` +
          `(see the ${INCOMPLETE_ANALYSIS_META.id} findings); --allow-incomplete accepts it\n`,
      );
    }
    return code;
  } catch (error) {
    if (error instanceof TargetError) {
      process.stderr.write(`trusttrace: cannot scan ${redactUrl(options.url ?? '')}: ${error.message}\n`);
      return 2;
    }
    if (error instanceof UsageError || error instanceof InputError || error instanceof AnalysisLimitError) {
      process.stderr.write(`trusttrace: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`trusttrace: scan failed: ${(error as Error).message}\n`);
    return 2;
  }
}
