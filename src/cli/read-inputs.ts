// Reads the files and directories given to `trusttrace scan`: directories recursively, skipping
// `.git` and `node_modules`, and only the file types the upload endpoint accepts.
import { lstat, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { classifyFile } from '../engine/collect/files/classify.js';
import type { InputFile } from '../engine/types.js';

const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules']);
/** Same bound as the upload endpoint, per file: a scan of a checkout should not read a stray dump. */
const MAX_FILE_BYTES = 10 * 1024 * 1024;

export class InputError extends Error {}

export interface ReadInputs {
  files: InputFile[];
  skipped: { path: string; reason: string }[];
}

export async function readInputs(paths: readonly string[]): Promise<ReadInputs> {
  const files: InputFile[] = [];
  const skipped: ReadInputs['skipped'] = [];

  async function visit(target: string, explicit: boolean): Promise<void> {
    let stats;
    try {
      stats = await lstat(target);
    } catch {
      if (explicit) throw new InputError(`cannot read ${target}: no such file or directory`);
      return;
    }
    if (stats.isSymbolicLink() && !explicit) return;
    if (stats.isDirectory() || (explicit && stats.isSymbolicLink() && (await isDirectory(target)))) {
      const entries = await readdir(target, { withFileTypes: true });
      entries.sort((a, b) => a.name.localeCompare(b.name));
      for (const entry of entries) {
        if (entry.isDirectory() && SKIPPED_DIRECTORIES.has(entry.name)) continue;
        await visit(path.join(target, entry.name), false);
      }
      return;
    }
    if (!stats.isFile() && !stats.isSymbolicLink()) return;
    if (stats.size > MAX_FILE_BYTES) {
      skipped.push({ path: target, reason: 'larger than 10 MB' });
      return;
    }
    const content = await readFile(target);
    const classification = classifyFile(path.basename(target), content);
    if (!classification.accepted) {
      if (explicit) throw new InputError(classification.reason);
      skipped.push({ path: target, reason: classification.reason });
      return;
    }
    // Relative paths keep findings readable and free of the user's home directory.
    files.push({ name: path.relative(process.cwd(), target) || path.basename(target), content });
  }

  for (const p of paths) await visit(p, true);
  return { files, skipped };
}

async function isDirectory(target: string): Promise<boolean> {
  return stat(target).then(
    (s) => s.isDirectory(),
    () => false,
  );
}
