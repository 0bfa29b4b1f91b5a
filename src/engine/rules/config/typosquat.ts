// CFG-010: a server package whose name is one slip away from a well-known server: one character
// added, dropped, changed or swapped, the same name under another scope, or its words swapped.
import { defineRule } from '../../types.js';
import { launchedPackage, locate } from './command-line.js';
import { KNOWN_SERVERS } from './known-servers.js';

/** Damerau–Levenshtein distance (optimal string alignment), stopping early once above `limit`. */
export function editDistance(a: string, b: string, limit = 2): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push([i]);
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        rows[0]!.push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]!.push(best);
    }
  }
  return rows[a.length]![b.length]!;
}

function split(name: string): { scope: string; base: string } {
  const slash = name.lastIndexOf('/');
  return slash < 0 ? { scope: '', base: name } : { scope: name.slice(0, slash), base: name.slice(slash + 1) };
}

const sortedWords = (base: string) => base.split(/[-_.]/).sort().join('-');

/** The well-known name `name` imitates, and how; undefined when it is one of them or far from all. */
export function imitatedServer(
  name: string,
  known: readonly string[],
): { target: string; how: string } | undefined {
  const normal = name.toLowerCase();
  if (known.includes(normal)) return undefined;
  const mine = split(normal);
  for (const target of known) {
    if (editDistance(normal, target, 1) === 1) return { target, how: 'one character away' };
    const theirs = split(target);
    if (
      theirs.scope &&
      mine.base === theirs.base &&
      mine.scope !== theirs.scope &&
      editDistance(mine.scope, theirs.scope, 3) <= 3
    )
      return { target, how: 'same name under another scope' };
    if (
      mine.scope === theirs.scope &&
      mine.base !== theirs.base &&
      sortedWords(mine.base) === sortedWords(theirs.base)
    )
      return { target, how: 'words swapped' };
  }
  return undefined;
}

export const typosquattedServer = defineRule({
  meta: {
    id: 'CFG-010',
    title: 'MCP server package name imitates a well-known server',
    severity: 'high',
    confidence: 'possible',
    owasp_category: 'LLM03',
    owasp_mcp: 'MCP04',
    cwe: 'CWE-829',
    hipaa_mapping: '45 CFR 164.308(a)(1)(ii)(B)',
    description:
      'The package or image the server is started from differs from a well-known MCP server by one ' +
      'character, by its scope, or by the order of its words: the marks of a typosquatted package that ' +
      "runs an attacker's code with access to the same credentials.",
    remediation:
      "Check the exact name on the registry and in the vendor's documentation, replace it with the " +
      'official package, pin its version, and rotate any credential the look-alike was given.',
    monitor_candidate: true,
    docs:
      'Compares npm packages (npx, bunx, pnpm dlx), PyPI packages (uvx, pipx run) and container images ' +
      '(docker run) with a short list of official and widely used servers. Example: ' +
      '`npx -y @modelcontextprotocol/server-filesytem` (one letter dropped) or ' +
      '`@modelcontextprotocoI/server-github` (capital i for l) is reported; the official names are not.',
  },
  artifact: 'mcp-config',
  check(config, context) {
    for (const server of config.servers) {
      const launched = launchedPackage(server);
      if (!launched) continue;
      const name =
        launched.ecosystem === 'pypi' ? launched.name.toLowerCase().replace(/_/g, '-') : launched.name;
      const known =
        launched.ecosystem === 'docker'
          ? KNOWN_SERVERS.docker.flatMap((image) => [image, `docker.io/${image}`])
          : KNOWN_SERVERS[launched.ecosystem];
      const match = imitatedServer(name, known);
      if (!match) continue;
      context.report({
        evidence: `${server.name}: ${launched.name} looks like ${match.target} (${match.how})`,
        location: locate(config, server, launched.word.path),
      });
    }
  },
});
