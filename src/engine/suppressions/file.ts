// What the callers of the suppression analysis need on their own thread: the file's name, its shape,
// and the error a file that cannot be used raises. Light on purpose (no parser loads with it).

/** The file a project keeps its suppressions in, at the root of what is scanned. */
export const SUPPRESSION_FILE_NAME = '.trusttrace.yaml';

/** Beyond this the file is refused, not read in part: a suppression that is silently dropped misleads. */
export const MAX_SUPPRESSION_FILE_BYTES = 1024 * 1024;

/** What a scan reads suppressions from. */
export interface SuppressionFile {
  /** The name findings and messages give it, e.g. `.trusttrace.yaml` or `repo/.trusttrace.yaml`. */
  name: string;
  text: string;
  /** Where its `path` globs start, in the terms of finding paths: `` for the scan's root, `repo` for repo/. */
  base: string;
  /**
   * True for the file `trusttrace scan --config` names, whose `settings:` the CLI has read; anywhere
   * else (a scanned root, an upload) `settings:` is ignored with a warning.
   */
  settingsHonoured?: boolean;
}

/**
 * A suppression file that cannot be used: the scan fails rather than report findings the user meant
 * to suppress, or hide ones they did not.
 */
export class SuppressionError extends Error {
  override readonly name = 'SuppressionError';
}
