// Where a dependency comes from, judged from what its manifest or lockfile wrote: the registry, a URL,
// a version-control repository, or a local path.
import semver from 'semver';
import type { Dependency } from '../../types.js';

export type DependencySource = Dependency['source'];

const VCS_PREFIX = /^(git\+|git:|git@|hg\+|svn\+|bzr\+|github:|gitlab:|bitbucket:|gist:)/i;

/** How npm reads a version spec from package.json (`^1.2.0`, `github:user/repo`, `file:../x`, …). */
export function npmSpecSource(spec: string): { source: DependencySource; version?: string } {
  const value = spec.trim();
  if (VCS_PREFIX.test(value)) return { source: 'vcs' };
  if (/^https?:\/\//i.test(value)) {
    return /\.git(#.*)?$/i.test(value) ? { source: 'vcs' } : { source: 'url' };
  }
  if (/^(file:|link:|portal:|workspace:|\.{1,2}\/|\/|~\/)/i.test(value)) return { source: 'path' };
  // `user/repo` and `user/repo#ref` are GitHub shorthands.
  if (/^[\w.-]+\/[\w.-]+(#.*)?$/.test(value) && !value.startsWith('@')) return { source: 'vcs' };
  const alias = /^npm:(?:@[^/@]+\/)?[^@]+@(.*)$/.exec(value);
  if (alias) return npmSpecSource(alias[1]!);
  const exact = semver.valid(value.replace(/^[=v]+/, ''));
  return exact ? { source: 'registry', version: exact } : { source: 'registry' };
}

/** Where a lockfile says a package was fetched from (`resolved` / `tarball` / `resolution`). */
export function resolvedUrlSource(resolved: string): DependencySource {
  const value = resolved.trim();
  if (
    VCS_PREFIX.test(value) ||
    /^https?:\/\/codeload\.github\.com\//i.test(value) ||
    /\.git(#|$)/i.test(value)
  )
    return 'vcs';
  if (/^(file:|link:|portal:|workspace:|\.{1,2}\/|\/)/i.test(value)) return 'path';
  // Registry tarballs, whatever the registry: `…/<name>/-/<name>-<version>.tgz`.
  if (/^https?:\/\/[^#?]*\/-\/[^/#?]+\.tgz([#?].*)?$/i.test(value)) return 'registry';
  if (/^https?:\/\//i.test(value)) return 'url';
  return 'registry';
}

/** How pip reads a requirement location: `git+https://…`, `https://…/x.whl`, `./pkg`, `file:///…`. */
export function pipLocationSource(location: string): DependencySource {
  const value = location.trim();
  if (/^(git|hg|svn|bzr)\+/i.test(value)) return 'vcs';
  if (/^file:/i.test(value) || /^(\.{1,2}[\\/]|\/|~)/.test(value)) return 'path';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return /\.git(@|#|$)/i.test(value) ? 'vcs' : 'url';
  return 'path';
}
