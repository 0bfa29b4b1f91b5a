// npm manifests and lockfiles: package.json, package-lock.json / npm-shrinkwrap.json (v1–v3),
// yarn.lock (classic v1 and berry) and pnpm-lock.yaml (v5–v9).
import { parseSyml } from '@yarnpkg/parsers';
import type { Dependency, DependencyManifest } from '../../types.js';
import { DocumentParseError, type StructuredDocument } from '../files/documents.js';
import { LineFinder } from './lines.js';
import { npmSpecSource, resolvedUrlSource } from './sources.js';

const DEPENDENCY_GROUPS = ['dependencies', 'devDependencies', 'optionalDependencies'] as const;
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall'] as const;
/** package-lock v1 nests dependencies; hostile files may nest them absurdly deep. */
const MAX_NESTING = 64;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function manifest(
  file: string,
  manifestKind: string,
  lockfile: boolean,
  dependencies: Dependency[],
): DependencyManifest {
  return { kind: 'dependency-manifest', file, ecosystem: 'npm', manifestKind, lockfile, dependencies };
}

export function parsePackageJson(file: string, document: StructuredDocument): DependencyManifest {
  const root = document.value;
  if (!isRecord(root)) throw new DocumentParseError('package.json is not a JSON object');
  const line = (path: string[]) => document.positionOf(path)?.line ?? 1;
  const dependencies: Dependency[] = [];
  for (const group of DEPENDENCY_GROUPS) {
    const entries = root[group];
    if (!isRecord(entries)) continue;
    for (const [name, value] of Object.entries(entries)) {
      const spec = typeof value === 'string' ? value : '';
      const { source, version } = npmSpecSource(spec);
      dependencies.push({
        name,
        spec,
        line: line([group, name]),
        direct: true,
        source,
        ...(version ? { version } : {}),
      });
    }
  }
  const result = manifest(file, 'package-json', false, dependencies);
  const scripts = isRecord(root.scripts) ? root.scripts : {};
  const installScripts = INSTALL_SCRIPTS.filter((name) => typeof scripts[name] === 'string').map((name) => ({
    name,
    command: scripts[name] as string,
    line: line(['scripts', name]),
  }));
  if (installScripts.length > 0) result.installScripts = installScripts;
  return result;
}

/** The name of the package a `node_modules/a/node_modules/@s/b` key installs: `@s/b`. */
function nameFromInstallPath(path: string): string | undefined {
  const at = path.lastIndexOf('node_modules/');
  return at < 0 ? undefined : path.slice(at + 'node_modules/'.length) || undefined;
}

export function parsePackageLock(file: string, document: StructuredDocument): DependencyManifest {
  const root = document.value;
  if (!isRecord(root)) throw new DocumentParseError('package-lock.json is not a JSON object');
  const line = (path: string[]) => document.positionOf(path)?.line ?? 1;
  const dependencies: Dependency[] = [];
  if (isRecord(root.packages)) {
    const project = isRecord(root.packages['']) ? root.packages[''] : {};
    const directNames = new Set(
      DEPENDENCY_GROUPS.flatMap((group) => (isRecord(project[group]) ? Object.keys(project[group]) : [])),
    );
    for (const [path, entry] of Object.entries(root.packages)) {
      const name = nameFromInstallPath(path);
      if (!name || !isRecord(entry)) continue;
      const resolved = typeof entry.resolved === 'string' ? entry.resolved : '';
      const version = typeof entry.version === 'string' ? entry.version : undefined;
      dependencies.push({
        name: typeof entry.name === 'string' ? entry.name : name,
        spec: resolved || version || '',
        line: line(['packages', path]),
        direct: path === `node_modules/${name}` && directNames.has(name),
        source: entry.link === true ? 'path' : resolved ? resolvedUrlSource(resolved) : 'registry',
        ...(version && !entry.link ? { version } : {}),
        ...(entry.hasInstallScript === true ? { hasInstallScript: true } : {}),
      });
    }
  } else if (isRecord(root.dependencies)) {
    const walk = (tree: Record<string, unknown>, path: string[], depth: number) => {
      if (depth > MAX_NESTING)
        throw new DocumentParseError(`dependencies nested deeper than ${MAX_NESTING} levels`);
      for (const [name, entry] of Object.entries(tree)) {
        if (!isRecord(entry)) continue;
        const version = typeof entry.version === 'string' ? entry.version : '';
        const resolved = typeof entry.resolved === 'string' ? entry.resolved : '';
        // v1 writes a git dependency's source where the version goes.
        const fromVersion = version ? npmSpecSource(version) : { source: 'registry' as const };
        const source =
          fromVersion.source !== 'registry'
            ? fromVersion.source
            : resolved
              ? resolvedUrlSource(resolved)
              : 'registry';
        dependencies.push({
          name,
          spec: resolved || version,
          line: line([...path, name]),
          direct: false,
          source,
          ...(source === 'registry' && version ? { version } : {}),
        });
        if (isRecord(entry.dependencies))
          walk(entry.dependencies, [...path, name, 'dependencies'], depth + 1);
      }
    };
    walk(root.dependencies, ['dependencies'], 0);
  }
  return manifest(file, 'package-lock', true, dependencies);
}

/** `@scope/name@range` → [`@scope/name`, `range`]. */
function splitDescriptor(descriptor: string): [string, string] | undefined {
  const at = descriptor.indexOf('@', descriptor.startsWith('@') ? 1 : 0);
  if (at <= 0) return undefined;
  return [descriptor.slice(0, at), descriptor.slice(at + 1)];
}

/** Where a yarn berry `resolution` (`name@npm:1.2.3`, `name@https://…`, `name@workspace:.`) points. */
function berrySource(reference: string): Dependency['source'] {
  if (/^(npm|patch):/.test(reference)) return 'registry';
  if (/^(workspace|file|link|portal|exec):/.test(reference)) return 'path';
  if (/#commit=|^git|\.git(#|$)|^(github|gitlab|bitbucket):/.test(reference)) return 'vcs';
  if (/^https?:/.test(reference)) return 'url';
  return 'registry';
}

export function parseYarnLock(file: string, text: string): DependencyManifest {
  let parsed: unknown;
  try {
    parsed = parseSyml(text);
  } catch (error) {
    throw new DocumentParseError(`invalid yarn.lock: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!isRecord(parsed)) throw new DocumentParseError('invalid yarn.lock: not a mapping');
  const berry = isRecord(parsed.__metadata);
  const finder = new LineFinder(text);
  const headerLines = new Map<string, number>();
  finder.lines.forEach((raw, i) => {
    if (/^\s|^#/.test(raw) || !raw.trimEnd().endsWith(':')) return;
    for (const part of raw.trimEnd().slice(0, -1).split(',')) {
      const descriptor = part.trim().replace(/^"|"$/g, '');
      if (!headerLines.has(descriptor)) headerLines.set(descriptor, i + 1);
    }
  });
  const directNames = new Set<string>();
  const seen = new Set<string>();
  const dependencies: Dependency[] = [];
  for (const [descriptor, entry] of Object.entries(parsed)) {
    if (descriptor === '__metadata' || !isRecord(entry)) continue;
    const split = splitDescriptor(descriptor);
    if (!split) continue;
    const [name, range] = split;
    const resolution =
      typeof entry.resolution === 'string' ? splitDescriptor(entry.resolution)?.[1] : undefined;
    if (berry && (range.startsWith('workspace:') || resolution?.startsWith('workspace:'))) {
      // The project itself (or one of its workspaces): what it depends on is direct.
      if (isRecord(entry.dependencies))
        for (const dep of Object.keys(entry.dependencies)) directNames.add(dep);
      continue;
    }
    const version = typeof entry.version === 'string' ? entry.version : undefined;
    const key = `${name}@${version ?? range}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const resolved = typeof entry.resolved === 'string' ? entry.resolved : undefined;
    const source = berry
      ? berrySource(resolution ?? range)
      : resolved
        ? resolvedUrlSource(resolved)
        : npmSpecSource(range).source;
    dependencies.push({
      name,
      spec: range,
      line: headerLines.get(descriptor) ?? 1,
      direct: false,
      source,
      ...(version && source === 'registry' ? { version } : {}),
    });
  }
  for (const dependency of dependencies) dependency.direct = directNames.has(dependency.name);
  return manifest(file, 'yarn-lock', true, dependencies);
}

/** A pnpm `packages` key in any lockfile version: `/a/1.0.0`, `/a@1.0.0(peer@2)`, `@s/a@1.0.0`. */
function pnpmPackageKey(key: string): { name: string; version: string } | undefined {
  const bare = key.replace(/^\//, '').split('(', 1)[0]!;
  const at = bare.indexOf('@', bare.startsWith('@') ? 1 : 0);
  if (at > 0) return { name: bare.slice(0, at), version: bare.slice(at + 1) };
  // v5: `name/version` or `@scope/name/version_peer@x`.
  const parts = bare.split('/');
  const scoped = bare.startsWith('@');
  if (parts.length < (scoped ? 3 : 2)) return undefined;
  const name = parts.slice(0, scoped ? 2 : 1).join('/');
  return { name, version: (parts[scoped ? 2 : 1] ?? '').split('_', 1)[0]! };
}

export function parsePnpmLock(file: string, text: string, document: StructuredDocument): DependencyManifest {
  const root = document.value;
  if (!isRecord(root)) throw new DocumentParseError('pnpm-lock.yaml is not a mapping');
  // The YAML positions are those of values; a package's line is the line of its key.
  const keyLines = new Map<string, number>();
  const finder = new LineFinder(text);
  const packagesLine = finder.find(/^packages:/) ?? 1;
  for (let i = packagesLine; i < finder.lines.length; i++) {
    // A key in double quotes, in single quotes, or bare.
    const match = /^ {2}(?:"(.+)"|'(.+)'|(.+)):(?:\s|$)/.exec(finder.lines[i]!);
    const key = match?.[1] ?? match?.[2] ?? match?.[3];
    if (key !== undefined && !keyLines.has(key)) keyLines.set(key, i + 1);
    else if (/^\S/.test(finder.lines[i]!)) break;
  }
  const importers = isRecord(root.importers) ? Object.values(root.importers).filter(isRecord) : [root];
  const directNames = new Set(
    importers.flatMap((importer) =>
      DEPENDENCY_GROUPS.flatMap((group) => (isRecord(importer[group]) ? Object.keys(importer[group]) : [])),
    ),
  );
  const dependencies: Dependency[] = [];
  const packages = isRecord(root.packages) ? root.packages : {};
  for (const [key, entry] of Object.entries(packages)) {
    const parsed = pnpmPackageKey(key);
    if (!parsed || !isRecord(entry)) continue;
    const resolution = isRecord(entry.resolution) ? entry.resolution : {};
    const source: Dependency['source'] =
      resolution.type === 'git' || typeof resolution.repo === 'string'
        ? 'vcs'
        : typeof resolution.directory === 'string'
          ? 'path'
          : typeof resolution.tarball === 'string'
            ? resolvedUrlSource(resolution.tarball)
            : 'registry';
    const name = typeof entry.name === 'string' ? entry.name : parsed.name;
    const version = typeof entry.version === 'string' ? entry.version : parsed.version;
    dependencies.push({
      name,
      spec: key,
      line: keyLines.get(key) ?? packagesLine,
      direct: directNames.has(name),
      source,
      ...(source === 'registry' && version ? { version } : {}),
      ...(entry.requiresBuild === true ? { hasInstallScript: true } : {}),
    });
  }
  return manifest(file, 'pnpm-lock', true, dependencies);
}
