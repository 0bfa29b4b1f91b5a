// Python manifests and lockfiles: requirements*.txt (with `-r`/`-c` includes, VCS and URL lines),
// pyproject.toml (PEP 621, PEP 735 groups, Poetry, uv sources), Pipfile, Pipfile.lock, poetry.lock
// and uv.lock.
import { parsePipRequirementsLine, type Requirement, type VersionOperator } from 'pip-requirements-js';
import { parse as parseToml } from 'smol-toml';
import type { Dependency, DependencyManifest } from '../../types.js';
import { DocumentParseError, type StructuredDocument } from '../files/documents.js';
import { LineFinder } from './lines.js';
import { pipLocationSource } from './sources.js';

type Includes = NonNullable<DependencyManifest['includes']>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function manifest(
  file: string,
  manifestKind: string,
  lockfile: boolean,
  dependencies: Dependency[],
): DependencyManifest {
  return { kind: 'dependency-manifest', file, ecosystem: 'PyPI', manifestKind, lockfile, dependencies };
}

function parseTomlText(text: string, what: string): Record<string, unknown> {
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch (error) {
    throw new DocumentParseError(`invalid ${what}: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** The exact version a PEP 440 specifier pins (`==1.2.3`, `===1.2.3`), if it pins one. */
function pinnedVersion(specs: readonly { operator: string; version: string }[]): string | undefined {
  if (specs.length !== 1) return undefined;
  const [spec] = specs;
  return (spec!.operator === '==' || spec!.operator === '===') && !spec!.version.includes('*')
    ? spec!.version
    : undefined;
}

// A name alone or with version clauses (`requests`, `requests >= 2.0, <3`): what most lines hold, read by
// a linear pattern that accepts only what pip-requirements-js's PEP 508 grammar reads the same way (a
// letter is any Unicode letter there too). Its parser costs some 75 µs a line and 8 µs a character.
const OPERATOR = String.raw`<=|<|!=|==|>=|>|~=`;
const VERSION = String.raw`[\p{L}\d\-_.*+!]+`;
const CLAUSE = String.raw`(?:${OPERATOR})[ \t]*${VERSION}`;
const SIMPLE_REQUIREMENT = new RegExp(
  String.raw`^[ \t]*([\p{L}\d](?:[-_.]*[\p{L}\d])*)[ \t]*(?:(${CLAUSE}(?:[ \t]*,[ \t]*${CLAUSE})*)[ \t]*)?$`,
  'u',
);
const CLAUSE_PARTS = new RegExp(String.raw`(${OPERATOR})[ \t]*(${VERSION})`, 'gu');

/** What pip-requirements-js reads from a requirement string; undefined when it does not parse. */
function readRequirement(text: string): Requirement | undefined {
  const simple = SIMPLE_REQUIREMENT.exec(text);
  if (simple) {
    const clauses = simple[2] ? [...simple[2].matchAll(CLAUSE_PARTS)] : [];
    return {
      type: 'ProjectName',
      name: simple[1]!,
      ...(clauses.length > 0
        ? {
            versionSpec: clauses.map(([, operator, version]) => ({
              operator: operator as VersionOperator,
              version: version!,
            })),
          }
        : {}),
    };
  }
  // Every requirement the grammar reads starts with a name (after blanks): without one the parser would
  // still read the whole line to fail.
  if (!/^[ \t]*[\p{L}\d]/u.test(text)) return undefined;
  try {
    return parsePipRequirementsLine(text) ?? undefined;
  } catch {
    return undefined;
  }
}

/** A PEP 508 requirement string as a dependency; undefined when it does not parse. */
function fromPep508(text: string, line: number): Dependency | undefined {
  const requirement = readRequirement(text);
  if (!requirement) return undefined;
  if (requirement.type === 'ProjectURL') {
    return {
      name: requirement.name,
      spec: requirement.url,
      line,
      direct: true,
      source: pipLocationSource(requirement.url),
    };
  }
  if (requirement.type !== 'ProjectName') return undefined;
  const specs = requirement.versionSpec ?? [];
  const version = pinnedVersion(specs);
  return {
    name: requirement.name,
    spec: specs.map((s) => `${s.operator}${s.version}`).join(','),
    line,
    direct: true,
    source: 'registry',
    ...(version ? { version } : {}),
  };
}

/** The project name in a pip location: `#egg=name`, or a wheel/sdist file name, or the repo name. */
function nameFromLocation(location: string): string | undefined {
  const egg = /[#&]egg=([A-Za-z0-9][\w.-]*)/.exec(location);
  if (egg) return egg[1];
  const path = location.split(/[#?]/, 1)[0]!.replace(/(?<!\/)\/+$/, '');
  const last = path.split(/[\\/]/).pop() ?? '';
  const artifact = /^([A-Z0-9][\w.]*)-\d[^/]*\.(whl|tar\.gz|zip|tar\.bz2)$/i.exec(last);
  if (artifact) return artifact[1];
  const repo = last.replace(/@[^@]*$/, '').replace(/\.git$/i, '');
  return /^[A-Za-z0-9][\w.-]*$/.test(repo) ? repo : undefined;
}

/** Options that apply to the whole file (`--index-url …`) and carry no requirement. */
const GLOBAL_OPTION =
  /^(-i|--index-url|--extra-index-url|-f|--find-links|--no-index|--trusted-host|--pre|--prefer-binary|--only-binary|--no-binary|--require-hashes|--use-feature|--config-settings)\b/;

export function parseRequirements(
  file: string,
  text: string,
  reportError: (error: string) => void = () => undefined,
): DependencyManifest {
  const dependencies: Dependency[] = [];
  const includes: Includes = [];
  const physical = text.split(/\r\n|\r|\n/);
  const unreadable: number[] = [];
  let meaningful = 0;
  for (let i = 0; i < physical.length; i++) {
    const line = i + 1;
    // A trailing backslash continues the requirement on the next line. The pieces are joined once:
    // appending to one growing string would copy it again for every line of a long continuation.
    const pieces = [physical[i]!];
    while (pieces.at(-1)!.endsWith('\\') && i + 1 < physical.length) {
      pieces.push(pieces.pop()!.slice(0, -1), physical[++i]!);
    }
    const logical = pieces.join(' ');
    const content = logical.replace(/(^|\s)#[\s\S]*$/, '').trim();
    if (content === '') continue;
    meaningful++;
    const include = /^(-r|--requirement|-c|--constraint)(?:\s+|=)(\S+)/.exec(content);
    if (include) {
      includes.push({
        path: include[2]!,
        line,
        constraints: include[1] === '-c' || include[1] === '--constraint',
      });
      continue;
    }
    if (GLOBAL_OPTION.test(content)) continue;
    const editable = /^(-e|--editable)(?:\s+|=)(\S+)/.exec(content);
    // Per-requirement options (`--hash=…`) follow the requirement: it ends at the first of them.
    const options = content.search(/\s--?[a-z]/i);
    const requirement = editable ? editable[2]! : (options < 0 ? content : content.slice(0, options)).trim();
    if (editable || /^([a-z][a-z0-9+.-]*:\/\/|(git|hg|svn|bzr)\+|\.{1,2}[\\/]|\/)/i.test(requirement)) {
      const source = pipLocationSource(requirement);
      dependencies.push({
        name: nameFromLocation(requirement) ?? requirement,
        spec: requirement,
        line,
        direct: true,
        source,
      });
      continue;
    }
    const dependency = fromPep508(requirement, line);
    if (dependency) dependencies.push(dependency);
    else unreadable.push(line);
  }
  if (meaningful > 0 && unreadable.length === meaningful)
    throw new DocumentParseError('invalid requirements file: no line is a requirement pip would read');
  if (unreadable.length > 0) {
    const shown = unreadable.slice(0, 5).join(', ') + (unreadable.length > 5 ? ', …' : '');
    reportError(
      `line${unreadable.length > 1 ? 's' : ''} ${shown}: not a requirement pip would read; skipped`,
    );
  }
  const result = manifest(file, 'requirements', false, dependencies);
  if (includes.length > 0) result.includes = includes;
  return result;
}

/** Poetry's and Pipfile's table form: `{version = "^1.2", git = "…", path = "…", url = "…"}`. */
function fromTableSpec(
  name: string,
  value: unknown,
  line: number,
  pinnedBy: (spec: string) => string | undefined,
): Dependency {
  const entry = Array.isArray(value) ? value.find(isRecord) : value;
  if (typeof entry === 'string') {
    const version = pinnedBy(entry);
    return { name, spec: entry, line, direct: true, source: 'registry', ...(version ? { version } : {}) };
  }
  const table = isRecord(entry) ? entry : {};
  for (const [key, source] of [
    ['git', 'vcs'],
    ['hg', 'vcs'],
    ['svn', 'vcs'],
    ['url', 'url'],
    ['path', 'path'],
    ['file', 'path'],
  ] as const) {
    if (typeof table[key] === 'string') {
      const ref = ['rev', 'ref', 'tag', 'branch'].map((k) => table[k]).find((v) => typeof v === 'string');
      const spec = `${key === 'file' && /^[a-z]+:\/\//i.test(table[key] as string) ? 'url' : key}:${table[key]}${ref ? `@${ref}` : ''}`;
      return {
        name,
        spec,
        line,
        direct: true,
        source: key === 'file' ? pipLocationSource(table[key] as string) : source,
      };
    }
  }
  const spec = typeof table.version === 'string' ? table.version : '';
  const version = pinnedBy(spec);
  return { name, spec, line, direct: true, source: 'registry', ...(version ? { version } : {}) };
}

/** Poetry writes `1.2.3` or `==1.2.3` for an exact pin; `^`, `~`, `*`, `>=` are ranges. */
function poetryPin(spec: string): string | undefined {
  const match = /^\s*(?:==\s*)?(\d+(?:\.\d+)*(?:[a-z]+\d*)?(?:\.post\d+)?(?:\.dev\d+)?)\s*$/i.exec(spec);
  return match?.[1];
}

/** Pipfile writes `==1.2.3` for an exact pin, `*` for anything. */
function pipfilePin(spec: string): string | undefined {
  return /^\s*===?\s*([^\s,*]+)\s*$/.exec(spec)?.[1];
}

export function parsePyproject(
  file: string,
  text: string,
  document?: StructuredDocument,
): DependencyManifest {
  const root = document?.value ?? parseTomlText(text, 'pyproject.toml');
  if (!isRecord(root)) throw new DocumentParseError('pyproject.toml is not a table');
  const finder = new LineFinder(text);
  const dependencies: Dependency[] = [];
  const project = isRecord(root.project) ? root.project : {};
  const tool = isRecord(root.tool) ? root.tool : {};
  const uvSources = isRecord(tool.uv) && isRecord(tool.uv.sources) ? tool.uv.sources : {};
  const pep508Lists: unknown[][] = [];
  if (Array.isArray(project.dependencies)) pep508Lists.push(project.dependencies);
  if (isRecord(project['optional-dependencies']))
    pep508Lists.push(...Object.values(project['optional-dependencies']).filter(Array.isArray));
  if (isRecord(root['dependency-groups']))
    pep508Lists.push(...Object.values(root['dependency-groups']).filter(Array.isArray));
  for (const list of pep508Lists) {
    for (const item of list) {
      if (typeof item !== 'string') continue;
      const dependency = fromPep508(item, finder.quoted(item) ?? 1);
      if (!dependency) continue;
      // uv may fetch a PEP 621 dependency from somewhere other than the index.
      const override = uvSources[dependency.name];
      if (isRecord(override)) {
        const where = ['git', 'url', 'path', 'workspace'].find((key) => key in override);
        if (where) {
          dependency.source = where === 'git' ? 'vcs' : where === 'url' ? 'url' : 'path';
          dependency.spec = `${where}:${String(override[where])}`;
          delete dependency.version;
        }
      }
      dependencies.push(dependency);
    }
  }
  const poetry = isRecord(tool.poetry) ? tool.poetry : {};
  const poetryTables: [string[], unknown][] = [
    [['tool', 'poetry', 'dependencies'], poetry.dependencies],
    [['tool', 'poetry', 'dev-dependencies'], poetry['dev-dependencies']],
  ];
  if (isRecord(poetry.group)) {
    for (const [group, body] of Object.entries(poetry.group)) {
      if (isRecord(body))
        poetryTables.push([['tool', 'poetry', 'group', group, 'dependencies'], body.dependencies]);
    }
  }
  for (const [path, table] of poetryTables) {
    if (!isRecord(table)) continue;
    const header = finder.tableHeader(path) ?? 1;
    for (const [name, value] of Object.entries(table)) {
      if (name.toLowerCase() === 'python') continue;
      dependencies.push(fromTableSpec(name, value, finder.tomlKey(name, header) ?? header, poetryPin));
    }
  }
  return manifest(file, 'pyproject', false, dependencies);
}

export function parsePipfile(file: string, text: string): DependencyManifest {
  const root = parseTomlText(text, 'Pipfile');
  const finder = new LineFinder(text);
  const dependencies: Dependency[] = [];
  for (const section of ['packages', 'dev-packages']) {
    const table = root[section];
    if (!isRecord(table)) continue;
    const header = finder.tableHeader([section]) ?? 1;
    for (const [name, value] of Object.entries(table)) {
      dependencies.push(fromTableSpec(name, value, finder.tomlKey(name, header) ?? header, pipfilePin));
    }
  }
  return manifest(file, 'pipfile', false, dependencies);
}

export function parsePipfileLock(file: string, document: StructuredDocument): DependencyManifest {
  const root = document.value;
  if (!isRecord(root)) throw new DocumentParseError('Pipfile.lock is not a JSON object');
  const dependencies: Dependency[] = [];
  for (const section of ['default', 'develop']) {
    const table = root[section];
    if (!isRecord(table)) continue;
    for (const [name, entry] of Object.entries(table)) {
      if (!isRecord(entry)) continue;
      const line = document.positionOf([section, name])?.line ?? 1;
      const dependency = fromTableSpec(name, entry, line, pipfilePin);
      dependency.direct = false;
      dependencies.push(dependency);
    }
  }
  return manifest(file, 'pipfile-lock', true, dependencies);
}

/** Lines of each `[[package]]` entry's `name = …`, in order, for poetry.lock and uv.lock. */
function packageNameLines(finder: LineFinder): number[] {
  const lines: number[] = [];
  let from = 1;
  for (;;) {
    const header = finder.find(/^\s*\[\[\s*package\s*\]\]\s*$/, from);
    if (header === undefined) return lines;
    lines.push(finder.tomlKey('name', header) ?? header);
    from = header + 1;
  }
}

function lockPackages(text: string, what: string): { packages: Record<string, unknown>[]; lines: number[] } {
  const root = parseTomlText(text, what);
  const packages = Array.isArray(root.package) ? root.package.filter(isRecord) : [];
  return { packages, lines: packageNameLines(new LineFinder(text)) };
}

export function parsePoetryLock(file: string, text: string): DependencyManifest {
  const { packages, lines } = lockPackages(text, 'poetry.lock');
  const dependencies: Dependency[] = [];
  packages.forEach((entry, i) => {
    if (typeof entry.name !== 'string') return;
    const version = typeof entry.version === 'string' ? entry.version : '';
    const sourceTable = isRecord(entry.source) ? entry.source : {};
    const type = typeof sourceTable.type === 'string' ? sourceTable.type : 'registry';
    const source: Dependency['source'] =
      type === 'git'
        ? 'vcs'
        : type === 'url'
          ? 'url'
          : type === 'directory' || type === 'file'
            ? 'path'
            : 'registry';
    dependencies.push({
      name: entry.name,
      spec: source === 'registry' ? version : `${type}:${String(sourceTable.url ?? '')}`,
      line: lines[i] ?? 1,
      direct: false,
      source,
      ...(source === 'registry' && version ? { version } : {}),
    });
  });
  return manifest(file, 'poetry-lock', true, dependencies);
}

export function parseUvLock(file: string, text: string): DependencyManifest {
  const { packages, lines } = lockPackages(text, 'uv.lock');
  const directNames = new Set<string>();
  const dependencies: Dependency[] = [];
  packages.forEach((entry, i) => {
    if (typeof entry.name !== 'string') return;
    const sourceTable = isRecord(entry.source) ? entry.source : {};
    if (sourceTable.editable === '.' || sourceTable.virtual === '.') {
      // The project itself: its dependencies are the direct ones.
      for (const list of [
        entry.dependencies,
        ...Object.values(isRecord(entry['dev-dependencies']) ? entry['dev-dependencies'] : {}),
      ]) {
        if (Array.isArray(list))
          for (const dep of list)
            if (isRecord(dep) && typeof dep.name === 'string') directNames.add(dep.name);
      }
      return;
    }
    const kind = ['registry', 'git', 'url', 'path', 'directory', 'editable', 'virtual'].find(
      (key) => key in sourceTable,
    );
    const source: Dependency['source'] =
      kind === 'git'
        ? 'vcs'
        : kind === 'url'
          ? 'url'
          : kind === 'registry' || kind === undefined
            ? 'registry'
            : 'path';
    const version = typeof entry.version === 'string' ? entry.version : '';
    dependencies.push({
      name: entry.name,
      spec: source === 'registry' ? version : `${kind}:${String(sourceTable[kind!] ?? '')}`,
      line: lines[i] ?? 1,
      direct: false,
      source,
      ...(source === 'registry' && version ? { version } : {}),
    });
  });
  for (const dependency of dependencies) dependency.direct = directNames.has(dependency.name);
  return manifest(file, 'uv-lock', true, dependencies);
}
