// TOOL-020: a powerful tool whose input schema lets anything through: no schema at all,
// `additionalProperties: true`, or a command, code, SQL, path or URL string with no pattern, enum
// or length limit. The model's output becomes the tool's input unchecked. Ordinary tools (a `query`
// string on a search tool) are not judged: only tools with a dangerous capability are.
import type { Definition, Severity } from '../../types.js';
import { defineRule } from '../../types.js';
import {
  firstSentence,
  inferCapabilities,
  parametersOf,
  PATH_PARAM,
  URL_PARAM,
  type Capability,
} from './capabilities.js';
import { fieldLocation } from './definitions.js';

interface ParamKind {
  label: string;
  name: RegExp;
  /** The capability that makes such a parameter dangerous. */
  when: Capability[];
  severity: Severity;
}

const PARAM_KINDS: ParamKind[] = [
  {
    label: 'command',
    name: /^(?:command|cmd|commands|command_?line|shell_?command|script|args|arguments)$/i,
    when: ['shell'],
    severity: 'low',
  },
  {
    label: 'code',
    name: /^(?:code|source_?code|script|snippet|expression|function|js|javascript|python)$/i,
    when: ['code-execution'],
    // A code string cannot be narrowed by a pattern; what helps is confirmation (TOOL-010).
    severity: 'info',
  },
  { label: 'path', name: PATH_PARAM, when: ['file-write', 'delete'], severity: 'info' },
  { label: 'URL', name: URL_PARAM, when: ['network'], severity: 'info' },
];

const SQL_PARAM = /^(?:sql|query|statement|sql_?query|sql_?statement)$/i;
/** A `query` is SQL only when the tool says so; on a search tool it is just a search. */
const SQL_TOOL = /\bsql\b|\b(?:postgres\w*|mysql|sqlite|mssql)\b/i;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string parameter with nothing that narrows what it accepts. */
function unconstrainedString(schema: Record<string, unknown>): boolean {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (!types.includes('string') && schema.type !== undefined) return false;
  return !['pattern', 'enum', 'const', 'maxLength'].some((key) => key in schema);
}

/** Whether the schema constrains the arguments at all: `{}` (or a non-object) accepts any JSON. */
function acceptsAnything(schema: Record<string, unknown>): boolean {
  return (
    Object.keys(schema).filter((key) => key !== '$schema' && key !== 'description' && key !== 'title')
      .length === 0
  );
}

export const permissiveSchema = defineRule({
  meta: {
    id: 'TOOL-020',
    title: 'Powerful tool accepts unconstrained input',
    severity: 'low',
    confidence: 'possible',
    owasp_category: 'LLM05',
    owasp_mcp: 'MCP05',
    cwe: 'CWE-20',
    hipaa_mapping: null,
    description:
      'A tool that runs commands, executes code, writes or deletes files, or reaches the network accepts ' +
      'its arguments unchecked: it has no input schema, allows any extra property, or takes a command, ' +
      'code, SQL, path or URL string without a `pattern`, `enum` or `maxLength`. Whatever the model is ' +
      'talked into producing goes straight through.',
    remediation:
      'Give the tool a strict `inputSchema`: `additionalProperties: false`, an `enum` or `pattern` for ' +
      'commands and hosts it may use, a `maxLength`, and validate the same rules on the server.',
    monitor_candidate: false,
    docs:
      'Only tools with a dangerous capability (see TOOL-010) are judged, so a free `query` string on a ' +
      'search tool stays silent. An unconstrained command or SQL string is low (SQL on a tool annotated ' +
      '`readOnlyHint: true` is informational); an unconstrained code, ' +
      'path or URL string is informational, as a schema cannot narrow code and the server may confine ' +
      'paths and hosts in ways a schema cannot say. ' +
      'Example: `run_command` with `"command": {"type": "string"}` is reported as `run_command takes ' +
      'command "command" as any string (no pattern, enum or maxLength)`.',
  },
  artifact: 'server-surface',
  check(surface, context) {
    for (const definition of surface.definitions) {
      const capabilities = new Set(inferCapabilities(definition).map((c) => c.capability));
      const params = parametersOf(definition);
      const kinds = new Map(params.map(([param]) => [param, paramKind(definition, param, capabilities)]));
      if (capabilities.size === 0 && ![...kinds.values()].some(Boolean)) continue;
      const report = (evidence: string, field: string, severity: Severity) =>
        context.report({ evidence, severity, location: fieldLocation(surface, definition, field) });

      if (acceptsAnything(definition.inputSchema)) {
        report(`${definition.name} has no input schema: any arguments are accepted`, 'inputSchema', 'low');
        continue;
      }
      if (
        definition.inputSchema.additionalProperties === true ||
        (isObject(definition.inputSchema.additionalProperties) &&
          acceptsAnything(definition.inputSchema.additionalProperties))
      )
        report(
          `${definition.name} allows any additional property (additionalProperties: true)`,
          'inputSchema.additionalProperties',
          'low',
        );
      for (const [param, schema] of params) {
        const kind = kinds.get(param);
        if (!kind || !unconstrainedString(schema)) continue;
        report(
          `${definition.name} takes ${kind.label} "${param}" as any string (no pattern, enum or maxLength)`,
          `inputSchema.properties.${param}`,
          kind.severity,
        );
      }
    }
  },
});

function paramKind(
  definition: Definition,
  param: string,
  capabilities: ReadonlySet<Capability>,
): ParamKind | undefined {
  if (
    SQL_PARAM.test(param) &&
    SQL_TOOL.test(`${definition.name.replace(/[_-]/g, ' ')} ${firstSentence(definition.description)}`)
  )
    // A query tool that declares itself read-only is the usual, honest shape; it still takes any SQL.
    return {
      label: 'SQL',
      name: SQL_PARAM,
      when: [],
      severity: definition.annotations?.readOnlyHint === true ? 'info' : 'low',
    };
  return PARAM_KINDS.find((kind) => kind.name.test(param) && kind.when.some((c) => capabilities.has(c)));
}
