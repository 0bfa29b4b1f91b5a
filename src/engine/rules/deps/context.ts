// What the dependency rules share: which files sit beside a manifest, how tightly a version spec
// pins, and where a finding points.
import * as pep440 from '@renovatebot/pep440';
import semver from 'semver';
import { normalizePackageName } from '../../advisories/versions.js';
import { LOCKFILE_NAMES } from '../../collect/deps/index.js';
import type { Dependency, DependencyManifest, Location, ScanContext } from '../../types.js';

export function directoryOf(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash < 0 ? '' : file.slice(0, slash);
}

function baseOf(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

/** Which lockfile formats record a manifest's resolved versions. */
const LOCKFILES_FOR: Record<string, readonly string[]> = {
  'package-json': LOCKFILE_NAMES.npm,
  pyproject: ['poetry.lock', 'uv.lock', 'pdm.lock', 'pylock.toml'],
  pipfile: ['Pipfile.lock'],
};

/** Lockfile names that would lock this manifest, or undefined for formats that have none. */
export function lockfileNamesFor(manifest: DependencyManifest): readonly string[] | undefined {
  if (manifest.manifestKind === 'requirements') {
    // pip-tools compiles requirements.in into requirements.txt, which is then the lock.
    const base = baseOf(manifest.file);
    return /\.in$/i.test(base) ? [base.replace(/\.in$/i, '.txt')] : undefined;
  }
  return LOCKFILES_FOR[manifest.manifestKind];
}

/** Names of the files in the scan that lock this manifest (same directory). */
export function lockfilesBeside(manifest: DependencyManifest, scan: ScanContext): string[] {
  const names = lockfileNamesFor(manifest);
  if (!names) return [];
  const dir = directoryOf(manifest.file);
  return scan.fileNames.filter((file) => directoryOf(file) === dir && names.includes(baseOf(file)));
}

/** The parsed lockfiles beside a manifest. */
export function lockManifestsBeside(manifest: DependencyManifest, scan: ScanContext): DependencyManifest[] {
  const files = new Set(lockfilesBeside(manifest, scan));
  return (scan.manifests ?? []).filter((m) => files.has(m.file) && m.ecosystem === manifest.ecosystem);
}

/** For a lockfile: the manifests beside it that it locks (rules report on those instead). */
export function manifestsLockedBy(lockfile: DependencyManifest, scan: ScanContext): DependencyManifest[] {
  return (scan.manifests ?? []).filter(
    (m) =>
      !m.lockfile && m.ecosystem === lockfile.ecosystem && lockManifestsBeside(m, scan).includes(lockfile),
  );
}

export function packageKey(ecosystem: DependencyManifest['ecosystem'], name: string): string {
  return normalizePackageName(ecosystem, name);
}

export function locationOf(manifest: DependencyManifest, dependency: Pick<Dependency, 'line'>): Location {
  return { file: manifest.file, line: dependency.line };
}

/**
 * Versions pinned for a requirements file by the constraints files (`-c`) it, or any file it
 * includes (`-r`), names — resolved among the files of the scan, relative to the including file.
 */
export function constraintPins(manifest: DependencyManifest, scan: ScanContext): Map<string, string> {
  const pins = new Map<string, string>();
  const byFile = new Map((scan.manifests ?? []).map((m) => [m.file, m]));
  const visited = new Set<string>();
  const visit = (current: DependencyManifest, asConstraints: boolean) => {
    if (visited.has(current.file)) return;
    visited.add(current.file);
    if (asConstraints) {
      for (const dependency of current.dependencies) {
        if (dependency.version) pins.set(packageKey(current.ecosystem, dependency.name), dependency.version);
      }
    }
    for (const include of current.includes ?? []) {
      const target = byFile.get(joinPath(directoryOf(current.file), include.path));
      if (target) visit(target, asConstraints || include.constraints);
    }
  };
  visit(manifest, false);
  return pins;
}

function joinPath(dir: string, relative: string): string {
  const parts = dir ? dir.split('/') : [];
  for (const segment of relative.split(/[\\/]/)) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') parts.pop();
    else parts.push(segment);
  }
  return parts.join('/');
}

export type Tightness = 'exact' | 'bounded' | 'unbounded';

/** How tightly a registry dependency's spec holds its version. */
export function tightnessOf(ecosystem: DependencyManifest['ecosystem'], dependency: Dependency): Tightness {
  if (dependency.version) return 'exact';
  const spec = dependency.spec.trim();
  if (spec === '' || spec === '*') return 'unbounded';
  if (ecosystem === 'npm') {
    const range = semver.validRange(spec, { loose: true });
    // Not a range at all: a dist-tag such as `latest` or `next`, which moves with every publish.
    if (!range) return 'unbounded';
    const sets = new semver.Range(range, { loose: true }).set;
    return sets.every((set) => set.some((comparator) => comparator.operator.startsWith('<')))
      ? 'bounded'
      : 'unbounded';
  }
  // PEP 440, Poetry (`^1.2`, `~1.2`, `1.2.*`) and Pipfile specs: any upper bound keeps it in bounds.
  const clauses = spec.split(',').map((clause) => clause.trim());
  const bounded = clauses.some(
    (clause) => /^(~=|==|<=?|\^|~(?!=))/.test(clause) || /^\d[\w.]*(\.\*)?$/.test(clause),
  );
  return bounded ? 'bounded' : 'unbounded';
}

/**
 * A version a range lets in (its lowest), to look up when nothing more exact is known, and whether
 * a given version is inside the range.
 */
export function lowestAllowed(ecosystem: DependencyManifest['ecosystem'], spec: string): string | undefined {
  if (ecosystem === 'npm') {
    try {
      return semver.validRange(spec) ? (semver.minVersion(spec)?.version ?? undefined) : undefined;
    } catch {
      return undefined;
    }
  }
  const floor = /(?:^|,)\s*(?:>=|~=|==)\s*(\d[\w.!+-]*?)(?:\.\*)?\s*(?:,|$)/.exec(spec)?.[1];
  return floor && pep440.valid(floor) ? floor : undefined;
}

export function rangeAllows(
  ecosystem: DependencyManifest['ecosystem'],
  spec: string,
  version: string,
): boolean {
  try {
    return ecosystem === 'npm' ? semver.satisfies(version, spec) : pep440.satisfies(version, spec);
  } catch {
    return false;
  }
}
