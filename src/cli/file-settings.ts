// `settings:` in the file `trusttrace scan --config FILE` names: scanner settings for runs that would
// rather keep them in a file than in the environment. Only a file the user names counts (never the
// scanned root's .trusttrace.yaml, which a pull request controls), only the settings `scan` uses, and
// no secret: a key belongs in the environment, not in a file that gets committed.
import { ConfigError, SCAN_FILE_SETTINGS, type FileSettings, type ScanFileSetting } from '../config.js';
import { visibleName } from '../engine/evidence.js';
import { MAX_SUPPRESSION_FILE_BYTES, type SuppressionFile } from '../engine/suppressions/file.js';

/** Keys that hold secrets, and where they are read from instead. */
const SECRET_SETTINGS: Record<string, string> = { llm_key: 'TRUSTTRACE_LLM_KEY' };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `settings:` of `file` as text per key; a ConfigError naming the key for anything not accepted. */
export async function readFileSettings(file: SuppressionFile): Promise<FileSettings> {
  const name = visibleName(file.name);
  if (Buffer.byteLength(file.text) > MAX_SUPPRESSION_FILE_BYTES)
    throw new ConfigError(`${name} is larger than ${MAX_SUPPRESSION_FILE_BYTES / 1024} KB`);
  // The parser loads only for a file the user named.
  const { DocumentParseError, parseYamlDocument } = await import('../engine/collect/files/documents.js');
  let document;
  try {
    document = parseYamlDocument(file.text);
  } catch (error) {
    if (error instanceof DocumentParseError) throw new ConfigError(`${name}: ${error.message}`);
    throw error;
  }
  const settings = isObject(document.value) ? document.value.settings : undefined;
  if (settings === undefined || settings === null) return { file: name, values: {} };
  if (!isObject(settings)) throw new ConfigError(`${name}: \`settings\` must be a mapping`);

  const values: FileSettings['values'] = {};
  for (const [key, value] of Object.entries(settings)) {
    const line = document.positionOf(['settings', key])?.line;
    const where = `settings.${visibleName(key, 60)} in ${name}${line ? ` (line ${line})` : ''}`;
    const secret = SECRET_SETTINGS[key];
    if (secret !== undefined)
      throw new ConfigError(`${where}: a secret is not read from a file; set ${secret} in the environment`);
    if (!Object.hasOwn(SCAN_FILE_SETTINGS, key))
      throw new ConfigError(
        `${where} is not a setting of \`trusttrace scan\` (allowed: ${Object.keys(SCAN_FILE_SETTINGS).join(', ')})`,
      );
    if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value)))
      throw new ConfigError(`${where} must be text or a number`);
    values[key as ScanFileSetting] = String(value);
  }
  return { file: name, values };
}
