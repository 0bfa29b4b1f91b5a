// DEP-006: a package name one edit away from a popular MCP, LLM or everyday package — the shape of a
// typosquat (`langchian`, `@modelcontextprotocol/sdc`, `reqeusts`). Real packages that happen to sit
// one edit from each other are known and never reported.
import type { Ecosystem } from '../../advisories/types.js';
import type { DependencyManifest, ScanContext } from '../../types.js';
import { defineRule } from '../../types.js';
import { locationOf, manifestsLockedBy, packageKey } from './context.js';
import { KNOWN_NEIGHBOURS, POPULAR_PACKAGES } from './popular-packages.js';

/** Names shorter than this have too many real neighbours to call a neighbour a squat. */
const MIN_TARGET_LENGTH = 5;

const popular = new Map<Ecosystem, Map<string, string>>();
const known = new Map<Ecosystem, Set<string>>();
for (const ecosystem of ['npm', 'PyPI'] as const) {
  popular.set(
    ecosystem,
    new Map(POPULAR_PACKAGES[ecosystem].map((name) => [packageKey(ecosystem, name), name])),
  );
  known.set(
    ecosystem,
    new Set(
      [...POPULAR_PACKAGES[ecosystem], ...KNOWN_NEIGHBOURS[ecosystem]].map((n) => packageKey(ecosystem, n)),
    ),
  );
}

/** True when `a` becomes `b` by one insertion, deletion, substitution or swap of adjacent characters. */
export function oneEditApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  if (a.length === b.length) {
    const diffs: number[] = [];
    for (let i = 0; i < a.length && diffs.length <= 2; i++) if (a[i] !== b[i]) diffs.push(i);
    if (diffs.length === 1) return true;
    const [i, j] = diffs;
    return diffs.length === 2 && j === i! + 1 && a[i!] === b[j] && a[j] === b[i!];
  }
  const [shorter, longer] = a.length < b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < shorter.length && shorter[i] === longer[i]) i++;
  return shorter.slice(i) === longer.slice(i + 1);
}

/** The popular package a name imitates, if it is one edit from one and is not itself known. */
export function imitatedPackage(ecosystem: Ecosystem, name: string): string | undefined {
  const key = packageKey(ecosystem, name);
  if (known.get(ecosystem)!.has(key)) return undefined;
  for (const [target, original] of popular.get(ecosystem)!) {
    if (target.length >= MIN_TARGET_LENGTH && oneEditApart(key, target)) return original;
  }
  return undefined;
}

/** Direct dependencies; a lockfile's only when no manifest beside it names them already. */
function candidates(manifest: DependencyManifest, scan: ScanContext) {
  if (!manifest.lockfile) return manifest.dependencies.filter((d) => d.source === 'registry');
  if (manifestsLockedBy(manifest, scan).length > 0) return [];
  return manifest.dependencies.filter((d) => d.direct && d.source === 'registry');
}

export const typosquat = defineRule({
  meta: {
    id: 'DEP-006',
    title: 'Possible typosquat of a popular package',
    severity: 'high',
    confidence: 'possible',
    owasp_category: 'LLM03',
    owasp_mcp: 'MCP04',
    cwe: 'CWE-1357',
    hipaa_mapping: null,
    description:
      'A dependency’s name is one typing mistake away from a popular MCP, LLM or general package. ' +
      'Attackers publish such names so that a slip of the keyboard — or a model’s hallucinated ' +
      'suggestion — installs their code instead.',
    remediation:
      'Check the name letter by letter against the project you meant. If it is a mistake, replace it ' +
      'with the real package and treat the machine that installed the look-alike as compromised.',
    monitor_candidate: false,
    docs:
      'Compares each direct dependency with a list of popular packages per registry (the MCP SDKs and ' +
      'servers, `openai`, `anthropic`, `langchain`, `llama-index`, `transformers`, `requests`, …), ' +
      'allowing one insertion, deletion, substitution or swap of adjacent letters. Python names are ' +
      'compared after PEP 503 normalisation, so `llama_index` is `llama-index`, not a squat. Names of ' +
      'fewer than five letters are not used as targets, and real packages that neighbour popular ones ' +
      '(`openapi`, `request`, `scapy`, …) are never reported. Example: `langchian==0.2.1` in ' +
      'requirements.txt is reported as `langchian looks like langchain`.',
  },
  artifact: 'dependency-manifest',
  check(manifest, context) {
    const seen = new Set<string>();
    for (const dependency of candidates(manifest, context.scan)) {
      const target = imitatedPackage(manifest.ecosystem, dependency.name);
      if (!target || seen.has(dependency.name)) continue;
      seen.add(dependency.name);
      context.report({
        evidence: `${dependency.name} looks like ${target} [${manifest.ecosystem}]`,
        title: `Possible typosquat of ${target}`,
        location: locationOf(manifest, dependency),
      });
    }
  },
});
