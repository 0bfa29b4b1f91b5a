// Reading Python and JS/TS sources: tool definitions with real positions, flows through assignments,
// and hostile input (syntax errors, binary junk, absurd nesting) that never stops a scan.
import { describe, expect, it } from 'vitest';
import type { SourceFile } from '../../../../src/engine/collect/code/model.js';
import { collectFiles } from '../../../../src/engine/collect/files/index.js';
import type { ServerSurface } from '../../../../src/engine/types.js';

async function collect(name: string, code: string | Buffer) {
  const collected = await collectFiles([{ name, content: code }]);
  return {
    source: collected.artifacts.find((a): a is SourceFile => a.kind === 'source-file'),
    surface: collected.artifacts.find((a): a is ServerSurface => a.kind === 'server-surface'),
    errors: collected.file_errors,
  };
}

const FASTMCP = `from typing import Annotated, Literal, Optional
from mcp.server.fastmcp import Context, FastMCP
from pydantic import Field

mcp = FastMCP("notes", instructions="Keeps notes.")

@mcp.tool(annotations={"readOnlyHint": True})
async def search(
    query: Annotated[str, Field(description="Words to look for")],
    limit: int = 10,
    mode: Literal["any", "all"] = "any",
    tag: Optional[str] = None,
    ctx: Context = None,
) -> list[str]:
    """Search the notes.

    Returns matching titles.
    """
    return []

@mcp.tool(name="delete-note", description="Delete one note")
def delete(note_id: int) -> str:
    return "ok"

@mcp.prompt()
def summarise(topic: str) -> str:
    """Summarise the notes on a topic."""
    return topic

@mcp.resource("notes://{id}")
def note(id: str) -> str:
    """One note."""
    return id
`;

describe('Python tool definitions', () => {
  it('reads FastMCP tools, prompts and resources with schemas, descriptions and lines', async () => {
    const { surface, errors } = await collect('notes_server.py', FASTMCP);
    expect(errors).toEqual([]);
    expect(surface).toMatchObject({ server: 'notes', file: 'notes_server.py', instructions: 'Keeps notes.' });
    const [search, remove, prompt, resource] = surface!.definitions;
    expect(search).toMatchObject({
      kind: 'tool',
      name: 'search',
      description: 'Search the notes.\n\nReturns matching titles.',
      annotations: { readOnlyHint: true },
      inputSchema: {
        type: 'object',
        properties: {
          query: { type: 'string', description: 'Words to look for' },
          limit: { type: 'integer', default: 10 },
          mode: { type: 'string', enum: ['any', 'all'], default: 'any' },
          tag: { type: 'string' },
        },
        required: ['query'],
      },
    });
    expect(Object.keys(search!.inputSchema.properties as object)).not.toContain('ctx');
    expect(search!.positionOf!('description')).toEqual({ line: 15, column: 5 });
    expect(search!.positionOf!('inputSchema.properties.limit')?.line).toBe(10);
    expect(search!.positionOf!('inputSchema.properties.limit.default')?.line).toBe(10);
    expect(remove).toMatchObject({ name: 'delete-note', description: 'Delete one note' });
    expect(remove!.positionOf!('description')?.line).toBe(21);
    expect(prompt).toMatchObject({ kind: 'prompt', name: 'summarise' });
    expect(resource).toMatchObject({ kind: 'resource', name: 'note', uri: 'notes://{id}' });
  });

  it('reads low-level Tool(...) objects and decodes escapes in descriptions', async () => {
    const code = `import mcp.types as types
@server.list_tools()
async def list_tools():
    return [
        types.Tool(
            name="lookup",
            description="Look a word up.\\u200b Hidden",
            inputSchema={"type": "object", "properties": {"word": {"type": "string"}}},
        )
    ]
`;
    const { surface } = await collect('lowlevel.py', code);
    const [lookup] = surface!.definitions;
    expect(lookup).toMatchObject({ name: 'lookup', description: 'Look a word up.\u200b Hidden' });
    expect(lookup!.inputSchema).toEqual({ type: 'object', properties: { word: { type: 'string' } } });
    expect(lookup!.positionOf!('inputSchema.properties.word')?.line).toBe(8);
  });
});

describe('TypeScript tool definitions', () => {
  it('reads server.tool, registerTool and ListTools objects with zod shapes and lines', async () => {
    const code = `import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
const server = new McpServer({ name: 'weather', version: '1.0.0' });
server.tool('forecast', 'Forecast for a city', {
  city: z.string().describe('City name'),
  days: z.number().int().min(1).max(7).default(3),
}, async ({ city, days }) => ({ content: [] }));
server.registerTool('alerts', {
  title: 'Alerts',
  description: 'Weather alerts',
  inputSchema: { state: z.enum(['CA', 'NY']).optional() },
  annotations: { readOnlyHint: true },
}, async () => ({ content: [] }));
const tools = [{ name: 'raw', description: 'Raw tool', inputSchema: { type: 'object', properties: { q: { type: 'string' } } } }];
`;
    const { surface, errors } = await collect('weather.ts', code);
    expect(errors).toEqual([]);
    expect(surface!.server).toBe('weather');
    const [forecast, alerts, raw] = surface!.definitions;
    expect(forecast).toMatchObject({
      name: 'forecast',
      description: 'Forecast for a city',
      inputSchema: {
        properties: {
          city: { type: 'string', description: 'City name' },
          days: { type: 'integer', minimum: 1, maximum: 7, default: 3 },
        },
        required: ['city'],
      },
    });
    expect(forecast!.positionOf!('description')).toEqual({ line: 4, column: 25 });
    expect(forecast!.positionOf!('inputSchema.properties.days')?.line).toBe(6);
    expect(alerts).toMatchObject({
      title: 'Alerts',
      description: 'Weather alerts',
      annotations: { readOnlyHint: true },
      inputSchema: { properties: { state: { type: 'string', enum: ['CA', 'NY'] } } },
    });
    expect(alerts!.positionOf!('description')?.line).toBe(10);
    expect(raw).toMatchObject({ name: 'raw', inputSchema: { properties: { q: { type: 'string' } } } });
  });
});

describe('flows', () => {
  it('follows a tool parameter through assignments, f-strings and helpers into a call', async () => {
    const code = `import subprocess
def build(part):
    return "make " + part

@mcp.tool()
def make(target: str) -> str:
    name = target.strip()
    cmd = build(name)
    subprocess.run(cmd, shell=True)
`;
    const { source } = await collect('make.py', code);
    const call = source!.calls.find((c) => c.callee === 'subprocess.run')!;
    expect(call.handler).toBe('make');
    expect(call.args[0]!.taint).toEqual(['target']);
    expect(call.keywords.shell!.literal).toBe(true);
  });

  it('resolves require, destructuring and promisify aliases in JavaScript', async () => {
    const code = `const { exec: run } = require('node:child_process');
const fs = require('fs/promises');
run('ls');
fs.readFile('a');
`;
    const { source } = await collect('aliases.js', code);
    expect(source!.calls.map((c) => c.callee)).toEqual(['child_process.exec', 'fs.promises.readFile']);
  });
});

describe('hostile input', () => {
  it('keeps what parsed in a Python file with syntax errors, and says where it broke', async () => {
    const code = 'import os\ndef broken(:\n    pass\nos.system(cmd)\n';
    const { source, errors } = await collect('broken.py', code);
    expect(errors).toEqual([
      { file: 'broken.py', error: expect.stringMatching(/^python syntax error at line 2/) },
    ]);
    expect(source!.calls.map((c) => c.callee)).toContain('os.system');
  });

  it('reports a TypeScript syntax error as a file error and still reads the rest', async () => {
    const { source, errors } = await collect('broken.ts', 'const x = ;\neval(input);\n');
    expect(errors[0]!.error).toMatch(/^typescript syntax error at line 1/);
    expect(source!.calls.map((c) => c.callee)).toContain('eval');
  });

  it('refuses binary junk as source without crashing', async () => {
    const junk = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 73) % 256));
    for (const name of ['junk.py', 'junk.ts']) {
      const { errors } = await collect(name, junk);
      expect(errors).toEqual([{ file: name, error: expect.stringContaining('binary data') }]);
    }
  });

  it('survives 10,000 levels of nesting in Python and JS/TS', async () => {
    const python = 'x = ' + '('.repeat(10_000) + '1' + ')'.repeat(10_000) + '\nos.system(x)\n';
    const py = await collect('deep.py', python);
    expect(py.errors.map((e) => e.error)).toEqual([expect.stringMatching(/nesting deeper than/)]);
    expect(py.source!.calls.map((c) => c.callee)).toContain('os.system');

    const script = 'const x = ' + '['.repeat(10_000) + ']'.repeat(10_000) + ';\n';
    const js = await collect('deep.js', script);
    expect(js.errors.map((e) => e.error)).toEqual([expect.stringMatching(/nesting/)]);
    // The compiler's state is not left broken for the next file.
    const after = await collect('after.ts', 'eval(code);\n');
    expect(after.errors).toEqual([]);
    expect(after.source!.calls.map((c) => c.callee)).toEqual(['eval']);
  });
});
