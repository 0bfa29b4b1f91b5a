import { describe, expect, it } from 'vitest';
import { collectFiles } from '../../../src/engine/collect/files/index.js';
import type { McpConfig } from '../../../src/engine/types.js';

async function configOf(name: string, content: string | object): Promise<McpConfig | undefined> {
  const text = typeof content === 'string' ? content : JSON.stringify(content, null, 2);
  const { artifacts, file_errors } = await collectFiles([{ name, content: text }]);
  expect(file_errors).toEqual([]);
  return artifacts.find((a): a is McpConfig => a.kind === 'mcp-config');
}

describe('extractMcpConfig', () => {
  it('reads a Claude Desktop file with positions for command, args and env', async () => {
    const config = (await configOf(
      'claude_desktop_config.json',
      `{
  "mcpServers": {
    "files": {
      "command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"],
      "env": { "LOG_LEVEL": "debug" }
    }
  }
}`,
    ))!;
    expect(config.client).toBe('claude-desktop');
    const [server] = config.servers;
    expect(server).toMatchObject({
      name: 'files',
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-filesystem', '/tmp'],
      env: { LOG_LEVEL: 'debug' },
    });
    expect(server!.positionOf('command')).toEqual({ line: 4, column: 18 });
    expect(server!.positionOf('args.2')).toEqual({ line: 5, column: 65 });
    expect(server!.positionOf('env.LOG_LEVEL')).toEqual({ line: 6, column: 29 });
  });

  it('names the client from the path: Cursor, Windsurf, Cline, Claude Code', async () => {
    const body = { mcpServers: { a: { command: 'uvx', args: ['mcp-server-time'] } } };
    expect((await configOf('.cursor/mcp.json', body))!.client).toBe('cursor');
    expect((await configOf('home/.codeium/windsurf/mcp_config.json', body))!.client).toBe('windsurf');
    expect((await configOf('cline_mcp_settings.json', body))!.client).toBe('cline');
    expect((await configOf('.mcp.json', body))!.client).toBe('claude-code');
    expect((await configOf('renamed-copy.json', body))!.client).toBe('generic');
  });

  it('reads Windsurf serverUrl and Gemini httpUrl as the url, with headers', async () => {
    const config = (await configOf('mcp_config.json', {
      mcpServers: {
        remote: { serverUrl: 'https://mcp.example.com/mcp', headers: { 'X-Team': 'blue' } },
        gem: { httpUrl: 'https://gem.example.com/mcp' },
      },
    }))!;
    expect(config.servers.map((s) => s.url)).toEqual([
      'https://mcp.example.com/mcp',
      'https://gem.example.com/mcp',
    ]);
    expect(config.servers[0]!.headers).toEqual({ 'X-Team': 'blue' });
    expect(config.servers[0]!.positionOf('url')!.line).toBe(4);
  });

  it('reads VS Code `servers` and `mcp.servers` in settings.json (with comments)', async () => {
    const vscode = (await configOf('.vscode/mcp.json', {
      inputs: [],
      servers: { gh: { type: 'http', url: 'https://api.githubcopilot.com/mcp/' } },
    }))!;
    expect(vscode.client).toBe('vscode');
    expect(vscode.servers[0]).toMatchObject({ name: 'gh', type: 'http' });

    const settings = (await configOf(
      'settings.json',
      `{
  // user settings
  "editor.fontSize": 14,
  "mcp.servers": { "time": { "command": "uvx", "args": ["mcp-server-time"] } },
}`,
    ))!;
    expect(settings.client).toBe('vscode');
    expect(settings.servers[0]!.command).toBe('uvx');
  });

  it('does not take an unrelated `servers` object for an MCP config', async () => {
    expect(await configOf('hosts.json', { servers: { web1: { ip: '10.0.0.1' } } })).toBeUndefined();
  });

  it('reads Continue YAML, where mcpServers is a list', async () => {
    const config = (await configOf(
      '.continue/mcpServers/db.yaml',
      `name: Databases
version: 0.0.1
schema: v1
mcpServers:
  - name: sqlite
    command: uvx
    args:
      - mcp-server-sqlite
      - --db-path
      - ./app.db
    env:
      DEBUG: "1"
`,
    ))!;
    expect(config.client).toBe('continue');
    expect(config.servers[0]).toMatchObject({
      name: 'sqlite',
      args: ['mcp-server-sqlite', '--db-path', './app.db'],
    });
    expect(config.servers[0]!.positionOf('args.1')).toEqual({ line: 9, column: 9 });
  });

  it("reads Continue's older JSON, where the launch fields sit under `transport`", async () => {
    const config = (await configOf('.continue/config.json', {
      experimental: {
        modelContextProtocolServers: [
          { transport: { type: 'stdio', command: 'uvx', args: ['mcp-server-git'] } },
        ],
      },
    }))!;
    expect(config.client).toBe('continue');
    expect(config.servers[0]).toMatchObject({ name: 'server 1', command: 'uvx', type: 'stdio' });
    expect(config.servers[0]!.positionOf('args.0')!.line).toBe(9);
  });

  it('reads Codex config.toml [mcp_servers.*] tables', async () => {
    const config = (await configOf(
      '.codex/config.toml',
      `model = "o4-mini"

[mcp_servers.docs]
command = "npx"
args = ["-y", "docs-mcp"]

[mcp_servers.docs.env]
DOCS_TOKEN = "abc"
`,
    ))!;
    expect(config.client).toBe('codex');
    expect(config.servers[0]).toMatchObject({ name: 'docs', command: 'npx', env: { DOCS_TOKEN: 'abc' } });
    expect(config.servers[0]!.positionOf('env.DOCS_TOKEN')!.line).toBe(8);
    expect(config.servers[0]!.positionOf('args.1')!.line).toBe(5);
  });

  it('reads Zed context_servers in both the nested and the flat command form', async () => {
    const config = (await configOf('zed/settings.json', {
      context_servers: {
        old: { command: { path: 'node', args: ['server.js'], env: { A: 'b' } }, settings: {} },
        flat: { source: 'custom', command: 'uvx', args: ['mcp-server-git'] },
      },
    }))!;
    expect(config.client).toBe('zed');
    expect(config.servers[0]).toMatchObject({ command: 'node', args: ['server.js'], env: { A: 'b' } });
    expect(config.servers[0]!.positionOf('args.0')!.line).toBe(7);
    expect(config.servers[1]).toMatchObject({ command: 'uvx', args: ['mcp-server-git'] });
  });

  it('recognises a renamed config by its content, and ignores tool schemas', async () => {
    expect(
      (await configOf('team/agents.yaml', 'mcpServers:\n  x:\n    command: node\n'))!.servers,
    ).toHaveLength(1);
    expect(
      await configOf('tools.json', {
        tools: [{ name: 'x', description: 'y', inputSchema: { type: 'object' } }],
      }),
    ).toBeUndefined();
  });
});
