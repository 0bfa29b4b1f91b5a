// `.trusttrace.yaml`: the suppressions a project keeps beside its code. Nothing in it reaches the
// scanner's settings (OSV, the judge, the address policy), because in CI the file belongs to whoever
// wrote the pull request; only a file the user names with `trusttrace scan --config` may carry
// `settings:`, which the CLI reads (src/cli/file-settings.ts), not this module. An entry names a rule (narrowed by path and tool
// globs) or a finding's fingerprint, and must give a reason.
import { DocumentParseError, parseYamlDocument } from '../collect/files/documents.js';
import { visibleLine, visibleName } from '../evidence.js';
import { MAX_SUPPRESSION_FILE_BYTES, SuppressionError, type SuppressionFile } from './file.js';

/** Beyond these the file is refused, not read in part: a suppression that is silently dropped misleads. */
const MAX_ENTRIES = 1000;
const MAX_TEXT = 500;

export interface SuppressionEntry {
  rule?: string;
  fingerprint?: string;
  path?: string;
  tool?: string;
  reason: string;
  /** YYYY-MM-DD, the last day it holds. */
  expires?: string;
  /** Where the entry starts in the file. */
  line?: number;
}

const ENTRY_KEYS = new Set(['rule', 'fingerprint', 'path', 'tool', 'reason', 'expires']);
const RULE_ID = /^[A-Z][A-Z0-9]*-\d{1,4}$/;
const FINGERPRINT = /^[0-9a-f]{32}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A real calendar day: 2027-02-30 is refused rather than read as some other day. */
function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** Why a top-level key other than `suppress` is not obeyed here. */
function ignoredKeyWarning(name: string, key: string, file: SuppressionFile): string | undefined {
  if (key === 'settings')
    return file.settingsHonoured
      ? undefined
      : `${name}: ignored \`settings:\`: scanner settings come only from the environment or a file named by \`trusttrace scan --config\``;
  const holds = file.settingsHonoured ? '`suppress:` and `settings:`' : '`suppress:`';
  return `${name}: ignored \`${visibleName(key, 60)}\`: this file holds only ${holds}`;
}

/**
 * Reads the entries of a suppression file. Unknown top-level keys are ignored with a warning (the file
 * changes nothing but suppressions); anything wrong in an entry is a SuppressionError naming its line.
 */
export function parseSuppressionFile(file: SuppressionFile): {
  entries: SuppressionEntry[];
  warnings: string[];
} {
  const name = visibleName(file.name);
  if (Buffer.byteLength(file.text) > MAX_SUPPRESSION_FILE_BYTES)
    throw new SuppressionError(`${name} is larger than ${MAX_SUPPRESSION_FILE_BYTES / 1024} KB`);
  let document;
  try {
    document = parseYamlDocument(file.text);
  } catch (error) {
    if (error instanceof DocumentParseError) throw new SuppressionError(`${name}: ${error.message}`);
    throw error;
  }
  const root = document.value;
  if (root === null || root === undefined) return { entries: [], warnings: [] };
  if (!isObject(root)) throw new SuppressionError(`${name}: expected a mapping with a \`suppress:\` list`);
  const warnings = Object.keys(root)
    .filter((key) => key !== 'suppress')
    .flatMap((key) => ignoredKeyWarning(name, key, file) ?? []);
  const list = root.suppress;
  if (list === undefined || list === null) return { entries: [], warnings };
  if (!Array.isArray(list)) throw new SuppressionError(`${name}: \`suppress\` must be a list`);
  if (list.length > MAX_ENTRIES) throw new SuppressionError(`${name}: more than ${MAX_ENTRIES} suppressions`);

  const entries = list.map((item: unknown, index): SuppressionEntry => {
    const line = document.positionOf(['suppress', index])?.line;
    const where = `${name}: suppress[${index + 1}]${line ? ` (line ${line})` : ''}`;
    const fail = (why: string) => new SuppressionError(`${where} ${why}`);
    if (!isObject(item)) throw fail('must be a mapping');
    for (const key of Object.keys(item))
      if (!ENTRY_KEYS.has(key))
        throw fail(`has an unknown key \`${visibleName(key, 60)}\` (allowed: ${[...ENTRY_KEYS].join(', ')})`);
    const text = (key: string): string | undefined => {
      const value = item[key];
      if (value === undefined || value === null) return undefined;
      if (typeof value !== 'string') throw fail(`\`${key}\` must be text`);
      if (value.length > MAX_TEXT) throw fail(`\`${key}\` is longer than ${MAX_TEXT} characters`);
      return value.trim();
    };
    const reason = text('reason');
    if (!reason) throw fail('needs a `reason`: say why the finding is accepted');
    const rule = text('rule');
    const fingerprint = text('fingerprint')?.toLowerCase();
    if (!rule && !fingerprint) throw fail('needs a `rule` or a `fingerprint`');
    if (rule !== undefined && !RULE_ID.test(rule))
      throw fail(`\`rule\` is not a rule id: ${visibleLine(rule, 60)}`);
    if (rule?.startsWith('SCAN-'))
      throw fail(`cannot suppress ${rule}: it reports what the scan itself could not do`);
    if (fingerprint !== undefined && !FINGERPRINT.test(fingerprint))
      throw fail('`fingerprint` must be the 32 hex digits of a finding (SARIF partialFingerprints)');
    const rawExpires = item.expires;
    const expires = rawExpires instanceof Date ? rawExpires.toISOString().slice(0, 10) : text('expires');
    if (expires !== undefined && !isCalendarDate(expires))
      throw fail('`expires` must be a date written YYYY-MM-DD');
    const path = text('path');
    const tool = text('tool');
    return {
      reason,
      ...(rule ? { rule } : {}),
      ...(fingerprint ? { fingerprint } : {}),
      ...(path ? { path } : {}),
      ...(tool ? { tool } : {}),
      ...(expires ? { expires } : {}),
      ...(line ? { line } : {}),
    };
  });
  return { entries, warnings };
}
