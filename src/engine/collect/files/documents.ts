// Structured files (JSON/JSONC, YAML, TOML) parsed into plain values that remember where each value
// stood, so that findings can point at a line. Parsers are chosen for tolerance of hostile input:
// none of them evaluates anything, and all are bounded by the upload size.
import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { parse as parseToml } from 'smol-toml';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { Position } from '../../types.js';
import { lineIndex } from './positions.js';

export type DocumentPath = readonly (string | number)[];

export interface StructuredDocument {
  format: 'json' | 'yaml' | 'toml';
  value: unknown;
  /** Where the value at `path` starts, when the parser kept positions. */
  positionOf(path: DocumentPath): Position | undefined;
}

export class DocumentParseError extends Error {}

const MAX_DEPTH = 200;

export function parseJsonDocument(text: string): StructuredDocument {
  // Most files are strict JSON: the native parser reads them many times faster, and the tree that
  // positions need is built only if a finding asks for one. JSONC (comments, trailing commas) and
  // broken files take the tolerant path, which also words the error.
  const fast = parseStrictJson(text);
  if (fast.ok) {
    let tree: JsonNode | undefined;
    let positionAt: ((offset: number) => Position) | undefined;
    return {
      format: 'json',
      value: fast.value,
      positionOf(path) {
        tree ??= parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
        positionAt ??= lineIndex(text);
        const node = tree && nodeAt(tree, path);
        return node ? positionAt(node.offset) : undefined;
      },
    };
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (!root || errors.length > 0) {
    const first = errors[0];
    const at = first ? lineIndex(text)(first.offset) : undefined;
    throw new DocumentParseError(
      first && at
        ? `invalid JSON: ${printParseErrorCode(first.error)} at line ${at.line}, column ${at.column}`
        : 'invalid JSON: empty document',
    );
  }
  const value = toValue(root, 0);
  const positionAt = lineIndex(text);
  return {
    format: 'json',
    value,
    positionOf(path) {
      const node = nodeAt(root, path);
      return node ? positionAt(node.offset) : undefined;
    },
  };
}

/** `JSON.parse`, held to the same nesting bound as the tolerant path. */
function parseStrictJson(text: string): { ok: true; value: unknown } | { ok: false } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false };
  }
  if (depthExceeds(value, MAX_DEPTH))
    throw new DocumentParseError(`invalid JSON: nesting deeper than ${MAX_DEPTH} levels`);
  return { ok: true, value };
}

function depthExceeds(value: unknown, limit: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const children = Array.isArray(value) ? value : Object.values(value);
  if (limit === 0) return children.length > 0;
  for (const child of children) {
    if (depthExceeds(child, limit - 1)) return true;
  }
  return false;
}

type JsonNode = NonNullable<ReturnType<typeof parseTree>>;

// Object members by key, built on first lookup: jsonc-parser's findNodeAtLocation scans the members
// on every call, which made locating each of thousands of lockfile entries quadratic.
const membersByKey = new WeakMap<JsonNode, Map<string, JsonNode>>();

/** The node at `path`; for a repeated key the last one, as in the parsed value. */
function nodeAt(root: JsonNode, path: DocumentPath): JsonNode | undefined {
  let node: JsonNode | undefined = root;
  for (const segment of path) {
    if (!node) return undefined;
    if (typeof segment === 'number') {
      node = node.type === 'array' ? node.children?.[segment] : undefined;
      continue;
    }
    if (node.type !== 'object') return undefined;
    let members = membersByKey.get(node);
    if (!members) {
      members = new Map();
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (key && value) members.set(String(key.value), value);
      }
      membersByKey.set(node, members);
    }
    node = members.get(segment);
  }
  return node;
}

/** jsonc-parser's own getNodeValue recurses without bound; this one refuses absurd nesting. */
function toValue(node: JsonNode, depth: number): unknown {
  if (depth > MAX_DEPTH)
    throw new DocumentParseError(`invalid JSON: nesting deeper than ${MAX_DEPTH} levels`);
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = Object.create(null);
      for (const property of node.children ?? []) {
        const [key, child] = property.children ?? [];
        if (key && child) out[String(key.value)] = toValue(child, depth + 1);
      }
      return { ...out };
    }
    case 'array':
      return (node.children ?? []).map((child) => toValue(child, depth + 1));
    default:
      return node.value;
  }
}

export function parseYamlDocument(text: string): StructuredDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const line = first.linePos?.[0];
    throw new DocumentParseError(
      `invalid YAML: ${first.message.split('\n')[0]}${line ? ` (line ${line.line}, column ${line.col})` : ''}`,
    );
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new DocumentParseError(`invalid YAML: ${(error as Error).message}`);
  }
  return {
    format: 'yaml',
    value,
    positionOf(path) {
      const node = doc.getIn([...path], true) as YamlNode | undefined;
      const range = node && (isScalar(node) || isMap(node) || isSeq(node)) ? node.range : undefined;
      if (!range) return undefined;
      const { line, col } = lineCounter.linePos(range[0]);
      return { line, column: col };
    },
  };
}

export function parseTomlDocument(text: string): StructuredDocument {
  let value: unknown;
  try {
    value = parseToml(text);
  } catch (error) {
    throw new DocumentParseError(`invalid TOML: ${(error as Error).message.split('\n')[0]}`);
  }
  const positionAt = lineIndex(text);
  return {
    format: 'toml',
    value,
    // smol-toml keeps no positions: find the last key of the path on a line after its table header.
    positionOf(path) {
      const key = path.at(-1);
      if (typeof key !== 'string') return undefined;
      const tables = path.slice(0, -1).filter((p): p is string => typeof p === 'string');
      let from = 0;
      for (const table of tables) {
        const at = text.indexOf(table, from);
        if (at >= 0) from = at + table.length;
      }
      const match = new RegExp(`^[ \\t]*["']?${escapeRegExp(key)}["']?[ \\t]*=`, 'm').exec(text.slice(from));
      return match
        ? positionAt(from + match.index + match[0].length - match[0].trimStart().length)
        : undefined;
    },
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
