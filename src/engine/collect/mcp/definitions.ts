// Turns what a live server listed into Definitions for the TOOL-* rules, bounded: whatever the server
// sends, a definition has a limited depth, breadth and length, so that no rule (and no JSON.stringify
// of a fingerprint) can be made to recurse or loop without end.
import type { Definition, DefinitionKind } from '../../types.js';
import { definitionFields, isObject, promptArgumentsAsSchema } from '../files/definitions.js';

export const MAX_SCHEMA_DEPTH = 24;
const MAX_KEYS = 256;
const MAX_ITEMS = 256;
const MAX_TEXT = 20_000;

/** A copy of a JSON value cut at a depth, a number of keys/items and a string length. */
export function boundedCopy(value: unknown, onCut: (why: string) => void, depth = 0): unknown {
  if (typeof value === 'string') {
    if (value.length <= MAX_TEXT) return value;
    onCut(`a string longer than ${MAX_TEXT} characters was cut`);
    return value.slice(0, MAX_TEXT);
  }
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_SCHEMA_DEPTH) {
    onCut(`a value nested deeper than ${MAX_SCHEMA_DEPTH} levels was cut`);
    return {};
  }
  if (Array.isArray(value)) {
    if (value.length > MAX_ITEMS) onCut(`an array of ${value.length} items was cut to ${MAX_ITEMS}`);
    return value.slice(0, MAX_ITEMS).map((item) => boundedCopy(item, onCut, depth + 1));
  }
  const entries = Object.entries(value);
  if (entries.length > MAX_KEYS) onCut(`an object with ${entries.length} keys was cut to ${MAX_KEYS}`);
  const out: Record<string, unknown> = {};
  for (const [key, item] of entries.slice(0, MAX_KEYS)) {
    if (key === '__proto__') continue;
    out[key.slice(0, 200)] = boundedCopy(item, onCut, depth + 1);
  }
  return out;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** One listed item as a Definition, or undefined when it has no name to call it by. */
export function toLiveDefinition(
  kind: DefinitionKind,
  item: unknown,
  onCut: (why: string) => void,
): Definition | undefined {
  const raw = boundedCopy(item, onCut);
  if (!isObject(raw)) return undefined;
  const name = text(raw.name) || text(raw.uri) || text(raw.uriTemplate);
  if (!name) return undefined;
  const inputSchema =
    kind === 'tool'
      ? isObject(raw.inputSchema)
        ? raw.inputSchema
        : {}
      : kind === 'prompt'
        ? promptArgumentsAsSchema(raw.arguments)
        : {};
  return definitionFields(kind, name, raw, inputSchema);
}
