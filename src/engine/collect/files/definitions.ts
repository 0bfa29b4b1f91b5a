// Tool, prompt and resource definitions written in JSON/YAML files, in every shape CONTRACT.md names:
// a tools/list result `{"tools": [...]}`, a JSON-RPC response whose `result` is one, a bare array of
// tools, or one tool object. Prompt and resource lists and whole server captures are read the same way.
import type { Definition, DefinitionKind, ServerSurface } from '../../types.js';
import type { DocumentPath, StructuredDocument } from './documents.js';

const LIST_KEYS: [string, DefinitionKind][] = [
  ['tools', 'tool'],
  ['prompts', 'prompt'],
  ['resources', 'resource'],
  ['resourceTemplates', 'resourceTemplate'],
];

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A tool as MCP lists it, or in the Anthropic (`input_schema`) or OpenAI (`parameters`) function shape. */
function looksLikeTool(value: unknown): value is Record<string, unknown> {
  if (isObject(value) && value.type === 'function' && isObject(value.function))
    return looksLikeTool(value.function);
  if (!isObject(value) || typeof value.name !== 'string') return false;
  return isObject(value.inputSchema) || isObject(value.input_schema) || isObject(value.parameters);
}

function looksLikeListItem(value: unknown, kind: DefinitionKind): value is Record<string, unknown> {
  if (!isObject(value)) return false;
  if (kind === 'tool')
    return typeof value.name === 'string' && (typeof value.description === 'string' || looksLikeTool(value));
  if (kind === 'resource') return typeof value.uri === 'string' || typeof value.name === 'string';
  if (kind === 'resourceTemplate')
    return typeof value.uriTemplate === 'string' || typeof value.name === 'string';
  return typeof value.name === 'string';
}

/** A prompt's `arguments` list as a schema-like object, so that schema rules read prompts too. */
export function promptArgumentsAsSchema(args: unknown): Record<string, unknown> {
  if (!Array.isArray(args)) return {};
  const properties: Record<string, unknown> = {};
  for (const arg of args) {
    if (isObject(arg) && typeof arg.name === 'string') {
      properties[arg.name] = {
        type: 'string',
        ...(typeof arg.description === 'string' ? { description: arg.description } : {}),
      };
    }
  }
  return { type: 'object', properties };
}

function toDefinition(
  kind: DefinitionKind,
  raw: Record<string, unknown>,
  doc: StructuredDocument,
  at: DocumentPath,
): Definition {
  // OpenAI's {type: "function", function: {...}} wraps the tool one level down.
  if (kind === 'tool' && raw.type === 'function' && isObject(raw.function)) {
    return toDefinition(kind, raw.function, doc, [...at, 'function']);
  }
  const schemaKey = isObject(raw.inputSchema)
    ? 'inputSchema'
    : isObject(raw.input_schema)
      ? 'input_schema'
      : 'parameters';
  const inputSchema =
    kind === 'prompt'
      ? promptArgumentsAsSchema(raw.arguments)
      : isObject(raw[schemaKey])
        ? (raw[schemaKey] as Record<string, unknown>)
        : {};
  const name =
    typeof raw.name === 'string'
      ? raw.name
      : typeof raw.uri === 'string'
        ? raw.uri
        : typeof raw.uriTemplate === 'string'
          ? raw.uriTemplate
          : '(unnamed)';
  return {
    ...definitionFields(kind, name, raw, inputSchema),
    positionOf(field: string) {
      const path = field
        .split('.')
        .map((part) => (part === 'inputSchema' ? (kind === 'prompt' ? 'arguments' : schemaKey) : part));
      return doc.positionOf([...at, ...path]) ?? doc.positionOf(at);
    },
  };
}

/** The fields of a Definition that an MCP listing item carries, wherever it was read from. */
export function definitionFields(
  kind: DefinitionKind,
  name: string,
  raw: Record<string, unknown>,
  inputSchema: Record<string, unknown>,
): Definition {
  return {
    kind,
    name,
    ...(typeof raw.title === 'string' ? { title: raw.title } : {}),
    description: typeof raw.description === 'string' ? raw.description : '',
    inputSchema,
    ...(isObject(raw.outputSchema) ? { outputSchema: raw.outputSchema } : {}),
    ...(isObject(raw.annotations) ? { annotations: raw.annotations } : {}),
    ...(typeof raw.uri === 'string'
      ? { uri: raw.uri }
      : typeof raw.uriTemplate === 'string'
        ? { uri: raw.uriTemplate }
        : {}),
    ...(typeof raw.mimeType === 'string' ? { mimeType: raw.mimeType } : {}),
    raw,
  };
}

/** Returns the surface a document describes, or undefined when it holds no definitions. */
export function extractDefinitions(file: string, doc: StructuredDocument): ServerSurface | undefined {
  let root = doc.value;
  let rootPath: DocumentPath = [];
  if (isObject(root) && root.jsonrpc !== undefined && isObject(root.result)) {
    root = root.result;
    rootPath = ['result'];
  }
  const definitions: Definition[] = [];
  let instructions: string | undefined;
  let server = file;
  if (Array.isArray(root)) {
    root.forEach((item, i) => {
      if (looksLikeTool(item)) definitions.push(toDefinition('tool', item, doc, [...rootPath, i]));
    });
  } else if (looksLikeTool(root)) {
    definitions.push(toDefinition('tool', root, doc, rootPath));
  } else if (isObject(root)) {
    for (const [key, kind] of LIST_KEYS) {
      const list = root[key];
      if (!Array.isArray(list)) continue;
      list.forEach((item, i) => {
        if (looksLikeListItem(item, kind))
          definitions.push(toDefinition(kind, item, doc, [...rootPath, key, i]));
      });
    }
    if (definitions.length > 0) {
      if (typeof root.instructions === 'string') instructions = root.instructions;
      const info = isObject(root.serverInfo) ? root.serverInfo : undefined;
      if (info && typeof info.name === 'string') server = info.name;
      else if (typeof root.server === 'string') server = root.server;
    }
  }
  if (definitions.length === 0) return undefined;
  return {
    kind: 'server-surface',
    server,
    file,
    ...(instructions !== undefined ? { instructions } : {}),
    definitions,
  };
}
