// Dependency manifests and lockfiles, recognised by name and parsed into one artifact shape with a
// line for each dependency. A file that is not valid in its format throws a DocumentParseError, which
// the collector records as a file error; it never stops the scan.
import type { DependencyManifest } from '../../types.js';
import { safeBaseName } from '../files/classify.js';
import { parseJsonDocument, type StructuredDocument } from '../files/documents.js';
import type { LoadedFile } from '../files/index.js';
import { parsePackageJson, parsePackageLock, parsePnpmLock, parseYarnLock } from './npm.js';
import {
  parsePipfile,
  parsePipfileLock,
  parsePoetryLock,
  parsePyproject,
  parseRequirements,
  parseUvLock,
} from './python.js';

/** Lockfile names per ecosystem, to tell whether a manifest has one beside it. */
export const LOCKFILE_NAMES = {
  npm: ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb'],
  PyPI: ['poetry.lock', 'uv.lock', 'Pipfile.lock', 'pdm.lock', 'pylock.toml'],
} as const;

/** `requirements-dev.txt`, `constraints.txt`, `requirements.in`, and any .txt/.in in a `requirements/` folder. */
export function isRequirementsName(path: string): boolean {
  return (
    /(^|\/)(requirements|constraints)[^/]*\.(txt|in)$/i.test(path) ||
    /(^|\/)requirements\/[^/]+\.(txt|in)$/i.test(path)
  );
}

/**
 * The dependency view of a file, when it is a manifest or lockfile; [] otherwise. Files the collector
 * already parsed (JSON, YAML, TOML) are not parsed twice, and one whose parse failed there is skipped:
 * its error is already recorded.
 */
export function extractDependencyManifests(
  file: LoadedFile,
  reportError: (error: string) => void,
): DependencyManifest[] {
  const base = safeBaseName(file.name);
  const withDocument = (build: (document: StructuredDocument) => DependencyManifest): DependencyManifest[] =>
    file.document ? [build(file.document)] : [];
  switch (base) {
    case 'package.json':
      return withDocument((d) => parsePackageJson(file.name, d));
    case 'package-lock.json':
    case 'npm-shrinkwrap.json':
      return withDocument((d) => parsePackageLock(file.name, d));
    case 'pnpm-lock.yaml':
      return withDocument((d) => parsePnpmLock(file.name, file.text, d));
    case 'yarn.lock':
      return [parseYarnLock(file.name, file.text)];
    case 'pyproject.toml':
      return withDocument(() => parsePyproject(file.name, file.text, file.document));
    case 'Pipfile':
      return [parsePipfile(file.name, file.text)];
    case 'Pipfile.lock':
      return [parsePipfileLock(file.name, parseJsonDocument(file.text))];
    case 'poetry.lock':
      return [parsePoetryLock(file.name, file.text)];
    case 'uv.lock':
      return [parseUvLock(file.name, file.text)];
  }
  return isRequirementsName(file.name) && file.type === 'text'
    ? [parseRequirements(file.name, file.text, reportError)]
    : [];
}
