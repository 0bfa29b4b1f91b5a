// Every piece of text a definition shows a model: names, titles, descriptions, the descriptions and
// example values inside its schemas, prompt arguments, and the server's instructions. Each comes with
// a field path (`inputSchema.properties.path.description`) that findings report as their location.
import type { Definition, Location, ServerSurface } from '../../types.js';

export type TextFieldRole =
  | 'name'
  | 'title'
  | 'description'
  | 'instructions'
  /** The name of a schema property or prompt argument. */
  | 'property-name'
  | 'default'
  | 'example'
  | 'enum'
  | 'const'
  | 'uri'
  /** A string in an unusual top-level field of the definition (`x-notes`, `hint`, …). */
  | 'other';

export interface TextField {
  /** Dotted path inside the definition, e.g. `inputSchema.properties.path.description`. */
  field: string;
  text: string;
  role: TextFieldRole;
  /** The top-level parameter (schema property or prompt argument) the text belongs to, if any. */
  param?: string;
}

/** A text field and the definition it belongs to; `definition` is absent for server instructions. */
export interface SurfaceTextField extends TextField {
  definition?: Definition;
}

const MAX_SCHEMA_DEPTH = 12;
const MAX_FIELDS = 5000;

/** Keys read on their own; any other top-level string is reported with role `other`. */
const KNOWN_KEYS = new Set([
  'name',
  'title',
  'description',
  'uri',
  'uriTemplate',
  'mimeType',
  'inputSchema',
  'input_schema',
  'parameters',
  'outputSchema',
  'annotations',
  'arguments',
  'type',
  'function',
  'size',
  'icons',
  '_meta',
]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Per definition: the hidden-text and poisoning rules both read every field. */
const fieldsOf = new WeakMap<Definition, readonly TextField[]>();

/** Every text field of one definition, in a stable order. */
export function textFieldsOf(definition: Definition): readonly TextField[] {
  let fields = fieldsOf.get(definition);
  if (!fields) {
    fields = collectTextFields(definition);
    fieldsOf.set(definition, fields);
  }
  return fields;
}

function collectTextFields(definition: Definition): TextField[] {
  const out: TextField[] = [];
  const push = (field: TextField) => {
    if (out.length < MAX_FIELDS) out.push(field);
  };
  push({ field: 'name', text: definition.name, role: 'name' });
  if (definition.title !== undefined) push({ field: 'title', text: definition.title, role: 'title' });
  if (definition.description)
    push({ field: 'description', text: definition.description, role: 'description' });
  if (isObject(definition.annotations) && typeof definition.annotations.title === 'string')
    push({ field: 'annotations.title', text: definition.annotations.title, role: 'title' });
  if (definition.uri !== undefined) push({ field: 'uri', text: definition.uri, role: 'uri' });

  if (definition.kind === 'prompt') {
    promptArgumentFields(definition.raw.arguments, push);
  } else {
    schemaFields(definition.inputSchema, 'inputSchema', undefined, 0, push, true);
  }
  if (definition.outputSchema)
    schemaFields(definition.outputSchema, 'outputSchema', undefined, 0, push, false);

  for (const [key, value] of Object.entries(definition.raw)) {
    if (!KNOWN_KEYS.has(key) && typeof value === 'string') push({ field: key, text: value, role: 'other' });
  }
  return out;
}

/** Every text field of a surface: the server's instructions, then each definition's fields. */
export function surfaceTextFields(surface: ServerSurface): SurfaceTextField[] {
  const out: SurfaceTextField[] = [];
  if (surface.instructions)
    out.push({ field: 'instructions', text: surface.instructions, role: 'instructions' });
  for (const definition of surface.definitions) {
    for (const field of textFieldsOf(definition)) out.push({ ...field, definition });
  }
  return out;
}

/**
 * Where a finding on a text field points: `{tool, field}` plus the file (with line and column when
 * the collector kept positions) or the live server.
 */
export function fieldLocation(
  surface: ServerSurface,
  definition: Definition | undefined,
  field: string,
): Location {
  const location: Location = {};
  if (surface.file !== undefined) location.file = surface.file;
  else location.server = surface.server;
  if (definition) {
    location.tool = definition.name;
    const position = definition.positionOf?.(field);
    if (position && surface.file !== undefined) {
      location.line = position.line;
      location.column = position.column;
    }
  }
  location.field = field;
  return location;
}

type Push = (field: TextField) => void;

function promptArgumentFields(args: unknown, push: Push): void {
  if (!Array.isArray(args)) return;
  for (const arg of args) {
    if (!isObject(arg) || typeof arg.name !== 'string') continue;
    const at = `arguments.${arg.name}`;
    push({ field: at, text: arg.name, role: 'property-name', param: arg.name });
    if (typeof arg.title === 'string')
      push({ field: `${at}.title`, text: arg.title, role: 'title', param: arg.name });
    if (typeof arg.description === 'string')
      push({ field: `${at}.description`, text: arg.description, role: 'description', param: arg.name });
  }
}

/** Strings inside a value (`default`, `examples`, `enum`, `const`), however nested. */
function valueFields(
  value: unknown,
  at: string,
  role: TextFieldRole,
  param: string | undefined,
  depth: number,
  push: Push,
): void {
  if (depth > MAX_SCHEMA_DEPTH) return;
  const withParam = param === undefined ? {} : { param };
  if (typeof value === 'string') push({ field: at, text: value, role, ...withParam });
  else if (Array.isArray(value))
    value.forEach((item, i) => valueFields(item, `${at}.${i}`, role, param, depth + 1, push));
  else if (isObject(value))
    for (const [key, item] of Object.entries(value))
      valueFields(item, `${at}.${key}`, role, param, depth + 1, push);
}

const SUBSCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const;
const SUBSCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions'] as const;
const SUBSCHEMA_SINGLES = ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains'] as const;

/** `isInput`: top-level properties of an input schema are the tool's parameters. */
function schemaFields(
  schema: unknown,
  at: string,
  param: string | undefined,
  depth: number,
  push: Push,
  isInput: boolean,
): void {
  if (!isObject(schema) || depth > MAX_SCHEMA_DEPTH) return;
  const withParam = param === undefined ? {} : { param };
  if (typeof schema.title === 'string')
    push({ field: `${at}.title`, text: schema.title, role: 'title', ...withParam });
  if (typeof schema.description === 'string')
    push({ field: `${at}.description`, text: schema.description, role: 'description', ...withParam });
  if ('default' in schema) valueFields(schema.default, `${at}.default`, 'default', param, depth, push);
  if ('examples' in schema) valueFields(schema.examples, `${at}.examples`, 'example', param, depth, push);
  if ('example' in schema) valueFields(schema.example, `${at}.example`, 'example', param, depth, push);
  if ('enum' in schema) valueFields(schema.enum, `${at}.enum`, 'enum', param, depth, push);
  if ('const' in schema) valueFields(schema.const, `${at}.const`, 'const', param, depth, push);

  for (const key of SUBSCHEMA_MAPS) {
    const map = schema[key];
    if (!isObject(map)) continue;
    for (const [name, sub] of Object.entries(map)) {
      const childParam = param ?? (isInput && depth === 0 && key === 'properties' ? name : undefined);
      const childAt = `${at}.${key}.${name}`;
      if (key === 'properties')
        push({
          field: childAt,
          text: name,
          role: 'property-name',
          ...(childParam === undefined ? {} : { param: childParam }),
        });
      schemaFields(sub, childAt, childParam, depth + 1, push, isInput);
    }
  }
  for (const key of SUBSCHEMA_LISTS) {
    const list = schema[key];
    if (Array.isArray(list))
      list.forEach((sub, i) => schemaFields(sub, `${at}.${key}.${i}`, param, depth + 1, push, isInput));
  }
  for (const key of SUBSCHEMA_SINGLES) {
    if (isObject(schema[key])) schemaFields(schema[key], `${at}.${key}`, param, depth + 1, push, isInput);
  }
}
