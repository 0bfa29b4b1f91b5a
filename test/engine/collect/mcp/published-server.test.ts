// A published MCP server that no one here wrote (@playwright/mcp, pinned in devDependencies), started
// on 127.0.0.1 only: the scanner reads its tools (listing them needs no browser), and its honest tool
// descriptions raise no poisoning finding.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAddressPolicy } from '../../../../src/engine/net/address-policy.js';
import { allRules } from '../../../../src/engine/rules/index.js';
import { scanServer } from '../../../../src/engine/scan.js';
import { collectServer } from '../../../../src/engine/collect/mcp/index.js';

const cli = fileURLToPath(new URL('../../../../node_modules/@playwright/mcp/cli.js', import.meta.url));
// As the CLI scans it: loopback allowed (`localhost` may also resolve to ::1).
const LOCAL = createAddressPolicy({ loopbackAllowed: true });
let child: ChildProcess;
let url: string;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

beforeAll(async () => {
  const port = await freePort();
  child = spawn(process.execPath, [cli, '--port', String(port), '--host', '127.0.0.1', '--headless'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // It announces itself on stderr once it listens.
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('Listening on')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`@playwright/mcp exited (${code}): ${output}`)));
  });
  // It only answers requests whose Host is localhost (its own DNS rebinding protection).
  url = `http://localhost:${port}/mcp`;
}, 60_000);

afterAll(() => {
  child?.kill();
});

describe('@playwright/mcp, a server from npm', () => {
  it('lists its tools over Streamable HTTP', async () => {
    const { surface, live } = await collectServer(url, { policy: LOCAL });
    expect(live.transport).toBe('streamable-http');
    expect(live.server).toMatch(/playwright/i);
    const names = surface.definitions.filter((d) => d.kind === 'tool').map((d) => d.name);
    expect(names).toEqual(expect.arrayContaining(['browser_navigate', 'browser_click']));
  });

  it('raises no poisoning finding on its honest tools', async () => {
    const poisoningIds = new Set(allRules.filter((rule) => rule.meta.poisoning).map((rule) => rule.meta.id));
    expect(poisoningIds.size).toBeGreaterThan(0);
    const result = await scanServer(url, { policy: LOCAL });
    expect(
      result.findings
        .filter((f) => poisoningIds.has(f.id))
        .map((f) => `${f.id} ${f.location?.tool}: ${f.evidence}`),
    ).toEqual([]);
    // It is open to anyone who can reach it, which the live rules say.
    expect(result.findings.map((f) => f.id)).toContain('MCP-001');
  });
});
