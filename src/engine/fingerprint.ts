// Canonical fingerprints of what a server shows a model, so that a later scan can tell what changed
// (a rug pull: a tool approved last week that now says something else). A definition's fingerprint
// covers everything the model reads: kind, name, title, description, schemas, annotations, URI and
// MIME type. Keys are sorted at every depth, so the order a server happens to list fields in does not
// matter; strings are hashed exactly as sent, so a single invisible character changes the hash. The
// names a fingerprint shows (server, definition) are made visible, like every name in a result.
import { createHash } from 'node:crypto';
import { visibleName } from './evidence.js';
import type { Definition, Finding, ServerSurface, ToolFingerprint } from './types.js';

export interface SurfaceFingerprint {
  server: string;
  sha256: string;
  definitions: ToolFingerprint[];
}

/** JSON with object keys sorted at every depth; `undefined` members are left out, as JSON does. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  // Built in one string, without an array of entries per object: every scan fingerprints every definition.
  const object = value as Record<string, unknown>;
  let out = '{';
  for (const key of Object.keys(object).sort()) {
    const item = object[key];
    if (item === undefined) continue;
    if (out.length > 1) out += ',';
    out += `${JSON.stringify(key)}:${canonicalJson(item)}`;
  }
  return `${out}}`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function fingerprintDefinition(definition: Definition): ToolFingerprint {
  const canonical = canonicalJson({
    kind: definition.kind,
    name: definition.name,
    title: definition.title,
    description: definition.description,
    inputSchema: definition.inputSchema,
    outputSchema: definition.outputSchema,
    annotations: definition.annotations,
    uri: definition.uri,
    mimeType: definition.mimeType,
  });
  return { kind: definition.kind, name: visibleName(definition.name), sha256: sha256(canonical) };
}

/**
 * The whole surface: every definition's fingerprint (in a stable order, whatever order the server
 * listed them in) and the server's instructions.
 */
export function fingerprintSurface(surface: ServerSurface): SurfaceFingerprint {
  const definitions = surface.definitions
    .map(fingerprintDefinition)
    .sort((a, b) => (a.kind + a.name + a.sha256 < b.kind + b.name + b.sha256 ? -1 : 1));
  const canonical = canonicalJson({
    instructions: surface.instructions,
    definitions: definitions.map((d) => [d.kind, d.name, d.sha256]),
  });
  return { server: visibleName(surface.server), sha256: sha256(canonical), definitions };
}

/**
 * A finding's identity across runs: its rule, where it points (file, server, tool, field; not the line,
 * which moves when lines are added above it) and its evidence. SARIF's `partialFingerprints`, baselines
 * and `fingerprint:` suppressions all use it. 32 hex digits.
 */
export function findingFingerprint(finding: Finding): string {
  const { location } = finding;
  const key = [
    finding.id,
    location?.file,
    location?.server,
    location?.tool,
    location?.field,
    finding.evidence,
  ].join('\u0000');
  return sha256(key).slice(0, 32);
}
