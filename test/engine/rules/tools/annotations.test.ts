import {
  contradictoryAnnotations,
  undeclaredCapability,
} from '../../../../src/engine/rules/tools/annotations.js';
import type { ServerSurface } from '../../../../src/engine/types.js';
import { ruleTester } from '../../../helpers/rule-tester.js';

function tool(
  name: string,
  description: string,
  properties: Record<string, unknown>,
  annotations?: Record<string, unknown>,
) {
  return {
    name,
    description,
    inputSchema: { type: 'object', properties, additionalProperties: false },
    ...(annotations ? { annotations } : {}),
  };
}

const text = { type: 'string' };

function liveShellTool(): ServerSurface {
  const raw = tool(
    'kill_and_remove',
    'Removes the given files and stops the process.',
    { paths: text },
    { destructiveHint: false },
  );
  return {
    kind: 'server-surface',
    server: 'ops.example',
    definitions: [
      {
        kind: 'tool',
        name: raw.name,
        description: raw.description,
        inputSchema: raw.inputSchema,
        annotations: raw.annotations!,
        raw,
      },
    ],
  };
}
const honestWrite = { readOnlyHint: false, destructiveHint: true, openWorldHint: false };
const honestRead = { readOnlyHint: true, openWorldHint: false };

ruleTester(undeclaredCapability, {
  valid: [
    {
      description: 'filesystem-style tools that declare their effects',
      code: {
        tools: [
          tool('read_text_file', 'Read a file as text.', { path: text }, honestRead),
          tool(
            'write_file',
            'Create a new file or overwrite an existing one.',
            { path: text, content: text },
            honestWrite,
          ),
          tool(
            'create_directory',
            'Create a new directory.',
            { path: text },
            { readOnlyHint: false, destructiveHint: false },
          ),
        ],
      },
    },
    {
      description: 'a browser tool that says only that it is not read-only',
      code: {
        tools: [
          tool('navigate_page', 'Go to a URL in the selected page.', { url: text }, { readOnlyHint: false }),
        ],
      },
    },
    {
      description: 'an issue tracker without annotations has no dangerous capability',
      code: {
        tools: [
          tool('create_issue', 'Open a new issue in a repository.', { owner: text, repo: text, title: text }),
        ],
      },
    },
    {
      description: 'prompts are not tools',
      code: { prompts: [{ name: 'run_command', description: 'Run a shell command.' }] },
    },
  ],
  invalid: [
    {
      description: 'a shell tool with no annotations is medium, with the file position',
      code: `{"tools": [\n  {"name": "run_command", "description": "Run a shell command.", "inputSchema": {"type": "object", "properties": {"command": {"type": "string"}}}}\n]}`,
      errors: [
        {
          severity: 'medium',
          evidence:
            'run_command runs shell commands (name "run_command", description "Run a shell command", parameter "command"); no readOnlyHint/destructiveHint annotation',
          location: { tool: 'run_command', field: 'annotations', file: 'tools.json', line: 2, column: 3 },
        },
      ],
    },
    {
      description: 'a delete tool with only an openWorldHint is low',
      code: {
        tools: [tool('delete_record', 'Delete a record by id.', { id: text }, { openWorldHint: false })],
      },
      errors: [
        {
          severity: 'low',
          evidence: /deletes files or data \(name "delete_record", description "Delete a record"\)/,
        },
      ],
    },
    {
      description: 'a fetch tool with no annotations at all is low',
      code: { tools: [tool('fetch_url', 'Fetch a URL and return its body.', { url: text })] },
      errors: [{ severity: 'low', evidence: /makes outbound network requests.*no openWorldHint annotation/ }],
    },
  ],
});

ruleTester(contradictoryAnnotations, {
  valid: [
    {
      description: 'honest annotations, including an additive create_directory marked non-destructive',
      code: {
        tools: [
          tool(
            'write_file',
            'Create a new file or overwrite an existing one.',
            { path: text, content: text },
            honestWrite,
          ),
          tool(
            'create_directory',
            'Create a new directory.',
            { path: text },
            { readOnlyHint: false, destructiveHint: false },
          ),
          tool(
            'browser_take_screenshot',
            'Take a screenshot of the page.',
            { filename: text },
            { readOnlyHint: true, destructiveHint: false },
          ),
          tool(
            'browser_evaluate',
            'Evaluate JavaScript on the page.',
            { function: text },
            { readOnlyHint: false, destructiveHint: true },
          ),
        ],
      },
    },
    {
      description: 'a sandboxed calculator that evaluates code and says it is read-only',
      code: {
        tools: [
          tool(
            'run_python',
            'Run Python code in an isolated sandbox with no network access.',
            { code: text },
            { readOnlyHint: true },
          ),
        ],
      },
    },
    {
      description: 'read-only tools that mention terminals, scripts, SQL or deletion without doing them',
      code: {
        tools: [
          tool(
            'get_terminal_output',
            'Read the output of a running terminal session.',
            { session_id: text },
            honestRead,
          ),
          tool(
            'validate_script',
            'Validates a deployment script without executing it.',
            { script: text },
            honestRead,
          ),
          tool('query', 'Run a read-only SQL query against the database.', { sql: text }, honestRead),
          tool('preview_delete', 'Shows which rows a delete would remove.', { filter: text }, honestRead),
          tool(
            'calculator',
            'Evaluates a math expression such as 2*(3+4).',
            { expression: text },
            honestRead,
          ),
          tool(
            'fetch',
            'Fetches a URL and returns its contents as markdown.',
            { url: text },
            { readOnlyHint: true, openWorldHint: true },
          ),
        ],
      },
    },
    {
      description: 'a tool with no annotations contradicts nothing',
      code: { tools: [tool('delete_file', 'Delete a file.', { path: text })] },
    },
  ],
  invalid: [
    {
      description: 'readOnlyHint on a shell tool',
      code: {
        tools: [tool('exec_shell', 'Execute a bash command.', { command: text }, { readOnlyHint: true })],
      },
      errors: [
        {
          severity: 'high',
          evidence: /^exec_shell claims readOnlyHint: true but runs shell commands/,
          location: { tool: 'exec_shell', field: 'annotations.readOnlyHint' },
        },
      ],
    },
    {
      description: 'a delete tool claiming to be both read-only and non-destructive: two findings',
      code: {
        tools: [
          tool(
            'delete_file',
            'Delete a file from disk.',
            { path: text },
            { readOnlyHint: true, destructiveHint: false },
          ),
        ],
      },
      errors: [
        { severity: 'high', location: { field: 'annotations.readOnlyHint' } },
        {
          severity: 'high',
          evidence: /claims destructiveHint: false but deletes files or data/,
          location: { field: 'annotations.destructiveHint' },
        },
      ],
    },
    {
      description: 'destructiveHint false on a writer that overwrites',
      code: {
        tools: [
          tool(
            'save_file',
            'Overwrites the file at path with the content.',
            { path: text, content: text },
            { destructiveHint: false },
          ),
        ],
      },
      errors: [{ severity: 'high', evidence: /writes files/ }],
    },
    {
      description: 'a live server’s tool is located by server, tool and annotation',
      artifact: liveShellTool(),
      errors: [
        {
          severity: 'high',
          location: { server: 'ops.example', tool: 'kill_and_remove', field: 'annotations.destructiveHint' },
        },
      ],
    },
    {
      description: 'openWorldHint false on a tool that fetches any URL',
      code: {
        tools: [
          tool('http_request', 'Send an HTTP request to any URL.', { url: text }, { openWorldHint: false }),
        ],
      },
      errors: [{ severity: 'medium', location: { field: 'annotations.openWorldHint' } }],
    },
  ],
});
