// `trusttrace scan` with no paths: the MCP client configs of this user (--home) and of the project (the
// current directory), listed as an inventory and scanned; with --launch, the configured stdio servers
// started, listed over stdio, scanned and stopped, whatever they do.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli, tsxLoader } from './run-cli.js';

function place(root: string, file: string, content: unknown): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(
    path.join(root, file),
    typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`,
  );
}

function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

interface InventoryEntry {
  file: string;
  client: string;
  server: string;
  transport: string;
  command_or_url: string;
  pinning: string;
}

describe('trusttrace scan --discover', { timeout: 90_000 }, () => {
  it('lists the servers of every client config of the user and the project, and scans those files', async () => {
    const home = tempDir('tt-home-');
    const project = tempDir('tt-project-');
    place(home, '.config/Claude/claude_desktop_config.json', {
      mcpServers: {
        files: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/tmp'] },
      },
    });
    place(home, '.cursor/mcp.json', {
      mcpServers: { github: { command: 'npx', args: ['-y', '@acme/github-mcp@1.2.3'] } },
    });
    place(home, '.codex/config.toml', '[mcp_servers.local]\ncommand = "/opt/tools/mcp-local"\n');
    place(home, '.claude.json', {
      projects: {
        '/work/app': { mcpServers: { notes: { type: 'http', url: 'https://notes.example/mcp' } } },
      },
    });
    // Editor settings without servers: found, but not part of the scan.
    place(home, '.config/Code/User/settings.json', { 'editor.fontSize': 14 });
    place(project, '.vscode/mcp.json', {
      servers: { docs: { type: 'sse', url: 'https://docs.example/sse' } },
    });

    const run = await runCli(['scan', '--home', home, '--format', 'json'], { cwd: project });
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { inventory: InventoryEntry[]; files_scanned: string[] };
    expect(result.inventory).toEqual([
      {
        file: '~/.config/Claude/claude_desktop_config.json',
        client: 'claude-desktop',
        server: 'files',
        transport: 'stdio',
        command_or_url: 'npx -y @modelcontextprotocol/server-filesystem /tmp',
        pinning: 'unpinned',
      },
      {
        file: '~/.claude.json',
        client: 'claude-code',
        server: 'notes',
        transport: 'http',
        command_or_url: 'https://notes.example/mcp',
        pinning: 'remote',
      },
      {
        file: '~/.cursor/mcp.json',
        client: 'cursor',
        server: 'github',
        transport: 'stdio',
        command_or_url: 'npx -y @acme/github-mcp@1.2.3',
        pinning: 'pinned',
      },
      {
        file: '~/.codex/config.toml',
        client: 'codex',
        server: 'local',
        transport: 'stdio',
        command_or_url: '/opt/tools/mcp-local',
        pinning: 'local',
      },
      {
        file: '.vscode/mcp.json',
        client: 'vscode',
        server: 'docs',
        transport: 'sse',
        command_or_url: 'https://docs.example/sse',
        pinning: 'remote',
      },
    ]);
    expect([...result.files_scanned].sort()).toEqual(
      [
        '.vscode/mcp.json',
        '~/.claude.json',
        '~/.codex/config.toml',
        '~/.config/Claude/claude_desktop_config.json',
        '~/.cursor/mcp.json',
      ].sort(),
    );

    const table = await runCli(['scan', '--discover', '--home', home], { cwd: project });
    expect(table.stdout).toMatch(/^MCP servers configured: 5 servers in 5 files$/m);
    expect(table.stdout).toMatch(/^ {4}files +stdio unpinned npx -y$/m);
  });

  it('exits 0 with a note when this user and project configure no server', async () => {
    const run = await runCli(['scan', '--home', tempDir('tt-home-')], { cwd: tempDir('tt-project-') });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('no MCP client configuration found');
  });
});

const fixture = path.join(repoRoot, 'test/fixtures/servers/stdio-server.ts');

function stdioServer(mode: string) {
  return { command: process.execPath, args: ['--import', tsxLoader, fixture, mode] };
}

/** Whether `pid` is still a live process; a zombie (killed, waiting for init to reap it) is not. */
function isRunning(pid: number): boolean {
  if (process.platform === 'linux') {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('trusttrace scan --launch', { timeout: 240_000 }, () => {
  it('starts each configured stdio server, scans what it lists, and stops every one of them', async () => {
    const home = tempDir('tt-home-');
    const project = tempDir('tt-project-');
    const pidFile = path.join(tempDir('tt-pids-'), 'pids');
    place(home, '.cursor/mcp.json', {
      mcpServers: {
        honest: stdioServer('honest'),
        poisoned: { ...stdioServer('poisoned'), env: { FIXTURE_PID_FILE: pidFile } },
        silent: { ...stdioServer('silent'), env: { FIXTURE_PID_FILE: pidFile } },
        flood: stdioServer('flood'),
      },
    });
    // Generous for a loaded machine: the honest servers must answer; the silent one never will.
    const run = await runCli(
      ['scan', '--home', home, '--launch', '--launch-timeout', '60', '--format', 'json'],
      { cwd: project },
    );
    expect(run.stderr).toMatch(/--launch runs the commands of 4 configured stdio servers on this machine/);
    // The silent and the flooding server could not be scanned: the result is incomplete (exit 2).
    expect(run.code, run.stderr).toBe(2);
    const result = JSON.parse(run.stdout) as {
      incomplete: boolean;
      findings: { id: string; title: string; evidence: string; location?: { server?: string } }[];
    };
    const at = (server: string) =>
      result.findings.filter((finding) => finding.location?.server === `${server} (cursor)`);
    expect(at('poisoned').map((finding) => finding.id)).toContain('TOOL-100');
    expect(at('honest').filter((finding) => finding.id.startsWith('TOOL-1'))).toEqual([]);
    const gaps = result.findings.filter((finding) => finding.id === 'SCAN-001');
    expect(gaps.map((gap) => gap.evidence).join('\n')).toMatch(
      /silent \(cursor\).*did not answer within 60 s/,
    );
    expect(gaps.map((gap) => gap.evidence).join('\n')).toMatch(/flood \(cursor\).*wrote more than 10 MB/);

    // Every process a server started, the silent one's sleeping child included, is gone.
    const pids = readFileSync(pidFile, 'utf8').trim().split('\n').map(Number);
    expect(pids.length).toBeGreaterThanOrEqual(3);
    expect(pids.filter(isRunning)).toEqual([]);
  });

  it('never starts a configured server without --launch', async () => {
    const home = tempDir('tt-home-');
    const pidFile = path.join(tempDir('tt-pids-'), 'pids');
    place(home, '.cursor/mcp.json', {
      mcpServers: { honest: { ...stdioServer('honest'), env: { FIXTURE_PID_FILE: pidFile } } },
    });
    const run = await runCli(['scan', '--home', home], { cwd: tempDir('tt-project-') });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('honest');
    expect(() => readFileSync(pidFile)).toThrow();
  });
});
