import { permissiveSchema } from '../../../../src/engine/rules/tools/schema.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

const text = { type: 'string' };

ruleTester(permissiveSchema, {
  valid: [
    {
      description: 'a search tool with a free query string',
      code: {
        tools: [
          {
            name: 'search_repositories',
            description: 'Search for repositories.',
            inputSchema: { type: 'object', properties: { query: text, page: { type: 'number' } } },
          },
        ],
      },
    },
    {
      description: 'a shell tool whose command is limited to an allow-list, with no extra properties',
      code: {
        tools: [
          {
            name: 'run_command',
            description: 'Run one of the allowed commands.',
            inputSchema: {
              type: 'object',
              properties: { command: { type: 'string', enum: ['git status', 'git log'] } },
              additionalProperties: false,
            },
          },
        ],
      },
    },
    {
      description: 'a no-argument delete tool with an empty object schema',
      code: {
        tools: [
          {
            name: 'clear_cache',
            description: 'Deletes all cached data.',
            inputSchema: { type: 'object', properties: {} },
          },
        ],
      },
    },
    {
      description: 'a query on a database tool that does not speak SQL is not called SQL',
      code: {
        tools: [
          {
            name: 'find_notes',
            description: 'Find notes.',
            inputSchema: { type: 'object', properties: { query: text } },
          },
        ],
      },
    },
  ],
  invalid: [
    {
      description: 'an unconstrained command string, located at the parameter',
      code: {
        tools: [
          {
            name: 'run_command',
            description: 'Run a shell command.',
            inputSchema: { type: 'object', properties: { command: text } },
          },
        ],
      },
      errors: [
        {
          severity: 'low',
          evidence: 'run_command takes command "command" as any string (no pattern, enum or maxLength)',
          location: { tool: 'run_command', field: 'inputSchema.properties.command', line: 9 },
        },
      ],
    },
    {
      description: 'a shell tool with no input schema at all',
      code: { tools: [{ name: 'shell', description: 'Runs whatever it is given.' }] },
      errors: [{ severity: 'low', evidence: 'shell has no input schema: any arguments are accepted' }],
    },
    {
      description: 'additionalProperties true on a file writer, plus its free path (info)',
      code: {
        tools: [
          {
            name: 'write_file',
            description: 'Write text to a file.',
            inputSchema: {
              type: 'object',
              properties: { path: text, content: text },
              additionalProperties: true,
            },
          },
        ],
      },
      errors: [
        {
          severity: 'low',
          evidence: /additionalProperties: true/,
          location: { field: 'inputSchema.additionalProperties' },
        },
        { severity: 'info', evidence: /path "path"/ },
      ],
    },
    {
      description: 'a raw SQL statement on a Postgres tool',
      code: {
        tools: [
          {
            name: 'execute_sql',
            description: 'Execute a SQL statement against Postgres.',
            inputSchema: { type: 'object', properties: { sql: text } },
          },
        ],
      },
      errors: [
        {
          severity: 'low',
          evidence: 'execute_sql takes SQL "sql" as any string (no pattern, enum or maxLength)',
        },
      ],
    },
    {
      description: 'a read-only SQL query tool is informational',
      code: {
        tools: [
          {
            name: 'query',
            description: 'Run a read-only SQL query.',
            inputSchema: { type: 'object', properties: { sql: text } },
            annotations: { readOnlyHint: true },
          },
        ],
      },
      errors: [{ severity: 'info', evidence: 'query takes SQL "sql"' }],
    },
  ],
});
