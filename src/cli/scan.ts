// `trusttrace scan`: the engine run locally, no server needed. Exit codes per CONTRACT.md:
// 0 done and under the thresholds, 1 a finding at or above --fail-on or a grade below --min-grade,
// 2 the scan could not be done.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { ConfigError, loadConfig } from '../config.js';
import { openScanAdvisories } from '../engine/advisories/scan-source.js';
import { createAddressPolicy } from '../engine/net/address-policy.js';
import { scanFiles, scanServer, sortFindings, TargetError } from '../engine/scan.js';
import { scoreFindings } from '../engine/score.js';
import type { Grade, InputFile, ScanResult, Severity } from '../engine/types.js';
import { SEVERITIES } from '../engine/types.js';
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

/** 1 when the result crosses a threshold the user set, else 0. */
export function exitCodeFor(
  result: ScanResult,
  options: Pick<ScanCommandOptions, 'failOn' | 'minGrade'>,
): 0 | 1 {
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
 * Files, a live server, or both (one report). The CLI runs on the user's own machine, so a server on
 * loopback needs no allow-list; TRUSTTRACE_ALLOW_PRIVATE_TARGETS opens other ranges as for the service.
 * OSV (TRUSTTRACE_OSV_URL) is a public service: it gets the allow-list only, as in the service.
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
  const scanLocal = async () => {
    const advisories = openScanAdvisories(config.osvUrl, {
      policy: createAddressPolicy({ allow: config.allowPrivateTargets }),
    });
    try {
      return await scanFiles(files, { ...secondOpinion, advisories: advisories.source });
    } finally {
      await advisories.close();
    }
  };
  if (!options.url) return scanLocal();
  const live = await scanServer(options.url, {
    authToken: options.authToken,
    policy: createAddressPolicy({ allow: config.allowPrivateTargets, loopbackAllowed: true }),
    ...secondOpinion,
  });
  if (!withFiles) return live;
  const local = await scanLocal();
  const findings = sortFindings([...live.findings, ...local.findings]);
  const { overall_score, letter_grade } = scoreFindings(findings);
  return {
    ...local,
    overall_score,
    letter_grade,
    findings,
    file_errors: [...live.file_errors, ...local.file_errors],
    fingerprints: [...(live.fingerprints ?? []), ...(local.fingerprints ?? [])],
  };
}

export async function runScanCommand(paths: string[], options: ScanCommandOptions): Promise<number> {
  try {
    if (paths.length === 0 && !options.url)
      throw new UsageError('give files or directories to scan, or --url');
    const { files, skipped } = await readInputs(paths);
    if (paths.length > 0 && files.length === 0) {
      throw new InputError(
        'no file of an accepted type found (.json .yaml .yml .txt .py .js .ts .toml, lockfiles)',
      );
    }
    const result = await scanTargets(files, paths.length > 0, options);
    for (const { path, reason } of skipped)
      result.file_errors.push({ file: path, error: `skipped: ${reason}` });
    const text = render(result, options);
    if (options.output) await writeFile(options.output, text);
    else process.stdout.write(text);
    return exitCodeFor(result, options);
  } catch (error) {
    if (error instanceof TargetError) {
      process.stderr.write(`trusttrace: cannot scan ${options.url}: ${error.message}\n`);
      return 2;
    }
    if (error instanceof UsageError || error instanceof InputError) {
      process.stderr.write(`trusttrace: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`trusttrace: scan failed: ${(error as Error).message}\n`);
    return 2;
  }
}
