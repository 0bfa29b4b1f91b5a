// Live scans of real MCP servers (built with the SDK, on 127.0.0.1) from the outside, as a user would
// run them: what the report says about each kind of server, and that no hostile server can hang the
// scanner, flood it or smuggle control characters into its output.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { collectServer, TargetError } from '../../../../src/engine/collect/mcp/index.js';
import { createAddressPolicy, DENY_PRIVATE } from '../../../../src/engine/net/address-policy.js';
import { scanServer } from '../../../../src/engine/scan.js';
import type { ScanResult } from '../../../../src/engine/types.js';
import { startHostileServer, type HostileKind } from '../../../fixtures/servers/hostile.js';
import {
  HONEST_TOOLS,
  startFixtureServer,
  type FixtureOptions,
  type RunningServer,
} from '../../../fixtures/servers/mcp-fixture.js';

const LOCAL = createAddressPolicy({ allow: ['127.0.0.0/8'] });
const TOKEN = 'fixture-token-0123456789abcdef';
const DEADLINE_MS = 3000;

let running: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(running.map((s) => s.close()));
  running = [];
});

async function start(options: FixtureOptions): Promise<RunningServer> {
  const server = await startFixtureServer(options);
  running.push(server);
  return server;
}

function ids(result: ScanResult, prefix = 'MCP-'): string[] {
  return [...new Set(result.findings.filter((f) => f.id.startsWith(prefix)).map((f) => f.id))].sort();
}

async function targetError(promise: Promise<unknown>): Promise<TargetError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(TargetError);
    return error as TargetError;
  }
  throw new Error('expected the scan to fail');
}

describe('scanning live servers', () => {
  it('finds nothing wrong on the wire of a clean, OAuth-protected server', async () => {
    const server = await start({ auth: 'token', oauth: 'complete', checkOrigin: true });
    const progress: string[] = [];
    const result = await scanServer(server.url, {
      policy: LOCAL,
      authToken: TOKEN,
      onProgress: (m) => progress.push(m),
    });
    expect(ids(result)).toEqual([]);
    expect(result.letter_grade).toBe('A');
    expect(progress).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Connecting/),
        'Listing tools...',
        expect.stringMatching(/^Probing/),
        'Analyzing the server...',
      ]),
    );
  });

  it('collects server info, protocol version, capabilities and every tool across pages', async () => {
    const tools = Array.from({ length: 25 }, (_, i) => ({ ...HONEST_TOOLS[0]!, name: `forecast_${i}` }));
    const server = await start({
      tools,
      pageSize: 10,
      instructions: 'Weather tools for trip planning.',
      prompts: [{ name: 'plan_trip', description: 'Plans a trip around the weather.' }],
      resources: [{ uri: 'weather://stations', name: 'stations' }],
    });
    const { surface, live } = await collectServer(server.url, { policy: LOCAL });
    expect(live.server).toBe('fixture-weather');
    expect(live.serverInfo).toEqual({ name: 'fixture-weather', version: '1.0.0' });
    expect(live.protocolVersion).toBe('2025-11-25');
    expect(live.instructions).toBe('Weather tools for trip planning.');
    expect(Object.keys(live.capabilities).sort()).toEqual(['prompts', 'resources', 'tools']);
    expect(live.counts).toMatchObject({ tools: 25, prompts: 1, resources: 1 });
    expect(surface.definitions.filter((d) => d.kind === 'tool').map((d) => d.name)).toEqual(
      tools.map((t) => t.name),
    );
    expect(surface.server).toBe('fixture-weather');
  });

  it('reports an unauthenticated server as critical and caps its grade', async () => {
    const server = await start({ auth: 'none' });
    const result = await scanServer(server.url, { policy: LOCAL });
    const unauthenticated = result.findings.find((f) => f.id === 'MCP-001')!;
    expect(unauthenticated).toMatchObject({
      title: 'Unauthenticated MCP server',
      severity: 'critical',
      confidence: 'confirmed',
      owasp_category: 'LLM06',
      hipaa_mapping: '45 CFR 164.312(d)',
      monitor_candidate: true,
      location: { server: 'fixture-weather' },
    });
    // Without an Origin check, a local server is open to DNS rebinding as well.
    expect(ids(result)).toEqual(['MCP-001', 'MCP-006']);
    expect(result.overall_score).toBeLessThanOrEqual(49);
  });

  it('still scans a protected server without a token, and reports nothing about auth it cannot see', async () => {
    const server = await start({ auth: 'token', oauth: 'complete', checkOrigin: true });
    const { live } = await collectServer(server.url, { policy: LOCAL });
    expect(live.sessionOpened).toBe(false);
    expect(live.notes.join(' ')).toMatch(/requires authentication \(HTTP 401\)/);
    expect(live.probes.protectedResourceMetadata?.document?.authorization_servers).toEqual([
      `${server.origin}/auth`,
    ]);
  });

  it('fails precisely when the server refuses the token it was given, without echoing it', async () => {
    const server = await start({ auth: 'token' });
    const error = await targetError(
      scanServer(server.url, { policy: LOCAL, authToken: 'wrong-token-value-123' }),
    );
    expect(error.kind).toBe('unauthorized');
    expect(error.message).toBe('the server refused the auth token (HTTP 401)');
  });

  it('reports a token check that accepts anything, missing PKCE, wildcard CORS and sequential session ids', async () => {
    const server = await start({
      auth: 'any-token',
      oauth: 'no-pkce',
      wildcardCors: true,
      sessionIds: 'sequential',
      checkOrigin: true,
    });
    const result = await scanServer(server.url, { policy: LOCAL, authToken: TOKEN });
    expect(ids(result)).toEqual(['MCP-004', 'MCP-005', 'MCP-007', 'MCP-008']);
    expect(result.findings.find((f) => f.id === 'MCP-005')!.evidence).toMatch(/PKCE S256/);
    expect(result.findings.find((f) => f.id === 'MCP-008')!.evidence).toMatch(/small counter/);
  });

  it('falls back to the SSE transport and reports it, with the session id in its URL', async () => {
    const server = await start({ transport: 'sse', auth: 'token' });
    const result = await scanServer(server.url, { policy: LOCAL, authToken: TOKEN });
    // A static token with no OAuth metadata is reported too (MCP-005).
    expect(ids(result)).toEqual(['MCP-005', 'MCP-009', 'MCP-010']);
    expect(result.findings.find((f) => f.id === 'MCP-009')!.evidence).toMatch(/sessionId=/);
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });

  it('reports an invalid certificate and never sends the token to that server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tt-tls-'));
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=127.0.0.1',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      );
      const tls = {
        key: readFileSync(join(dir, 'key.pem'), 'utf8'),
        cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
      };
      const server = await start({ tls, auth: 'token', checkOrigin: true });
      const result = await scanServer(server.url, { policy: LOCAL, authToken: TOKEN });
      const certificate = result.findings.find((f) => f.id === 'MCP-003')!;
      expect(certificate.evidence).toMatch(/self[- ]signed/i);
      // The token was withheld, so the protected server refused the session: it was not handed over.
      expect(ids(result)).not.toContain('MCP-001');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a loopback target under the default policy, before connecting', async () => {
    const server = await start({});
    const error = await targetError(scanServer(server.url, { policy: DENY_PRIVATE }));
    expect(error.kind).toBe('blocked');
    expect(error.message).toMatch(/127\.0\.0\.1 is a loopback address/);
  });

  it('fails precisely on a refused connection and on something that is not MCP', async () => {
    const server = await start({});
    await server.close();
    running = [];
    expect((await targetError(scanServer(server.url, { policy: LOCAL }))).message).toMatch(
      /connection refused/,
    );
    const web = await start({});
    const error = await targetError(scanServer(`${web.origin}/not-here`, { policy: LOCAL }));
    expect(error.kind).toBe('not-mcp');
    expect(error.message).toMatch(/did not answer as an MCP server: HTTP 404/);
  });
});

async function hostile(kind: HostileKind): Promise<RunningServer> {
  const server = await startHostileServer(kind);
  running.push(server);
  return server;
}

describe('hostile servers end within the deadline with a clear result', () => {
  const failures: [HostileKind, string, RegExp][] = [
    ['huge-tools-list', 'too-large', /exceeded 1 MB/],
    ['endless-sse', 'too-large', /exceeded 1 MB/],
    ['never-answers', 'timeout', /did not answer within 3 s/],
    ['malformed-json-rpc', 'not-mcp', /listing definitions failed/],
  ];
  for (const [kind, expectedKind, message] of failures) {
    it(`${kind}: fails as ${expectedKind}`, async () => {
      const server = await hostile(kind);
      const error = await targetError(scanServer(server.url, { policy: LOCAL, deadlineMs: DEADLINE_MS }));
      expect(error.kind).toBe(expectedKind);
      expect(error.message).toMatch(message);
    });
  }

  // One byte a second is never idle long enough for a silence timeout: only the deadline ends these.
  // The bound is generous (the deadline is 3 s) so that a loaded machine cannot fail it; without the
  // deadline the listing trickle alone would take 46 s.
  const trickles: [HostileKind, string][] = [
    ['trickle', 'the tools/list answer'],
    ['trickle-initialize', 'the initialize answer'],
    ['trickle-sse', 'the SSE endpoint event'],
  ];
  for (const [kind, what] of trickles) {
    it(`${kind}: ${what} one byte a second ends at the deadline, as a timeout`, async () => {
      const server = await hostile(kind);
      const started = performance.now();
      const error = await targetError(scanServer(server.url, { policy: LOCAL, deadlineMs: DEADLINE_MS }));
      expect(performance.now() - started).toBeLessThan(15_000);
      expect(error.kind).toBe('timeout');
      expect(error.message).toBe('the server did not answer within 3 s');
    });
  }

  it('10,000 tools: analyses a bounded number and says so', async () => {
    const tools = Array.from({ length: 10_000 }, (_, i) => ({
      name: `t${i}`,
      description: 'Adds two numbers.',
      inputSchema: { type: 'object' },
    }));
    const server = await start({ auth: 'token', checkOrigin: true, tools, pageSize: 500 });
    const { surface, live } = await collectServer(server.url, {
      policy: LOCAL,
      authToken: TOKEN,
      deadlineMs: 10_000,
    });
    expect(surface.definitions).toHaveLength(1000);
    expect(live.notes.join(' ')).toMatch(/more than 1000 tools; only the first 1000 were analysed/);
  });

  it('deeply nested schemas: cut at a bounded depth, the scan completes', async () => {
    const server = await hostile('deep-schema');
    const result = await scanServer(server.url, { policy: LOCAL, deadlineMs: DEADLINE_MS });
    expect(result.status).toBe('complete');
    const { live } = await collectServer(server.url, { policy: LOCAL, deadlineMs: DEADLINE_MS });
    expect(live.notes.join(' ')).toMatch(/nested deeper than 24 levels was cut/);
  });

  it('ANSI and HTML in descriptions never reach the output raw', async () => {
    const server = await hostile('ansi-html');
    const result = await scanServer(server.url, { policy: LOCAL, deadlineMs: DEADLINE_MS });
    const text = JSON.stringify(result);
    expect(text).not.toMatch(/\u001b/);
    expect(result.status).toBe('complete');
  });
});

describe('credentials of the scan', () => {
  const KEY = 'sk-live-0123456789abcdef';

  it('reaches a server that takes its key in the URL, and shows the URL only redacted', async () => {
    const server = await start({ queryKey: KEY });
    const { live } = await collectServer(`${server.url}?api_key=${KEY}`, { policy: LOCAL });
    expect(live.sessionOpened).toBe(true);
    expect(live.url).toBe(`${server.url}?api_key=[redacted]`);
  });

  it('keeps the token and the URL key out of errors, even when the server echoes them', async () => {
    const server = await hostile('echoes-credentials');
    const error = await targetError(
      scanServer(`${server.url}?api_key=${KEY}`, {
        policy: LOCAL,
        authToken: TOKEN,
        deadlineMs: DEADLINE_MS,
      }),
    );
    expect(error.kind).toBe('not-mcp');
    expect(error.message).toContain('[redacted]');
    expect(error.message).not.toContain(KEY);
    expect(error.message).not.toContain(TOKEN);
  });

  it('refuses a token that cannot be a header value, without quoting it', async () => {
    const server = await start({ auth: 'token' });
    for (const token of ['abc\r\nX-Injected: 1', 'tab\there', 'naïve-token', ' padded ']) {
      const error = await targetError(scanServer(server.url, { policy: LOCAL, authToken: token }));
      expect(error.kind).toBe('invalid-token');
      expect(error.message).toBe(
        'the auth token must be printable ASCII without line breaks, control characters or surrounding spaces',
      );
    }
  });
});
