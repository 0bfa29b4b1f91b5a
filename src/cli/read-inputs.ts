// Reads the files and directories given to `trusttrace scan`: directories recursively, skipping
// `.git` and `node_modules`, and only the file types the upload endpoint accepts. Files are named as
// the user would find them: relative to the current directory, `~/…` in the home directory, else by
// their absolute path.
import { lstat, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { classifyFile } from '../engine/collect/files/classify.js';
import type { InputFile } from '../engine/types.js';

const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules']);
/** Same bound as the upload endpoint, per file: a scan of a checkout should not read a stray dump. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

export class InputError extends Error {}

/** Where names are made relative to. */
export interface Places {
  cwd: string;
  home: string;
}

export interface ReadInputs {
  files: InputFile[];
  /** Files found in directories whose type the scan does not read, counted by extension. */
  otherTypes: Map<string, number>;
  /** Files that were not read for another reason (too large), one by one. */
  skipped: { path: string; reason: string }[];
}

/** `src/a.json` inside the current directory, `~/.cursor/mcp.json` in the home directory, else absolute. */
export function displayPath(target: string, places: Places): string {
  const absolute = path.resolve(places.cwd, target);
  const inside = (root: string) => {
    const relative = path.relative(root, absolute);
    return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? undefined : relative;
  };
  const shown = inside(places.cwd) ?? (inside(places.home) ? `~/${inside(places.home)}` : absolute);
  return shown.split(path.sep).join('/');
}

function extensionOf(file: string): string {
  const base = path.basename(file);
  const dot = base.lastIndexOf('.');
  // A dotfile (.env, .gitignore) is counted by its name.
  return dot >= 0 ? base.slice(dot).toLowerCase() : '(none)';
}

export async function readInputs(paths: readonly string[], places: Places): Promise<ReadInputs> {
  const files: InputFile[] = [];
  const otherTypes = new Map<string, number>();
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
    // Judged by name before a byte is read: a checkout's images and archives cost nothing.
    if (!explicit && !classifyFile(path.basename(target), new Uint8Array(0)).accepted) {
      otherTypes.set(extensionOf(target), (otherTypes.get(extensionOf(target)) ?? 0) + 1);
      return;
    }
    if (stats.size > MAX_FILE_BYTES) {
      skipped.push({ path: displayPath(target, places), reason: 'larger than 10 MB' });
      return;
    }
    const content = await readFile(target);
    const classification = classifyFile(path.basename(target), content);
    if (!classification.accepted) {
      if (explicit) throw new InputError(classification.reason);
      otherTypes.set(extensionOf(target), (otherTypes.get(extensionOf(target)) ?? 0) + 1);
      return;
    }
    files.push({ name: displayPath(target, places), content });
  }

  for (const p of paths) await visit(p, true);
  return { files, otherTypes, skipped };
}

async function isDirectory(target: string): Promise<boolean> {
  return stat(target).then(
    (s) => s.isDirectory(),
    () => false,
  );
}
