// `trusttrace scan --url`: a live server on this machine, scanned from the command line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type RunningServer } from '../fixtures/servers/mcp-fixture.js';
import { runCli } from './run-cli.js';

const TOKEN = 'fixture-token-0123456789abcdef';
let open: RunningServer;
let protectedServer: RunningServer;

beforeAll(async () => {
  open = await startFixtureServer({ auth: 'none' });
  protectedServer = await startFixtureServer({ auth: 'token', oauth: 'complete', checkOrigin: true });
});
afterAll(async () => {
  await open.close();
  await protectedServer.close();
});

// Each run starts the CLI through tsx, which takes seconds on a busy machine.
describe('trusttrace scan --url', { timeout: 60_000 }, () => {
  it('scans a server on loopback without an allow-list, reports it open and exits 1 at --fail-on', async () => {
    const run = await runCli(['scan', '--url', open.url, '--format', 'json', '--fail-on', 'critical']);
    expect(run.code).toBe(1);
    // The one line on stderr says which finding crossed the threshold.
    expect(run.stderr).toBe(
      'trusttrace: exit 1: MCP-001 (critical) at server fixture-weather is at or above --fail-on critical\n',
    );
    const result = JSON.parse(run.stdout) as {
      status: string;
      findings: { id: string; location: unknown }[];
    };
    expect(result.status).toBe('complete');
    expect(result.findings.find((f) => f.id === 'MCP-001')?.location).toEqual({ server: 'fixture-weather' });
  });

  it('sends --auth-token as a bearer token and never prints it', async () => {
    const run = await runCli([
      'scan',
      '--url',
      protectedServer.url,
      '--auth-token',
      TOKEN,
      '--format',
      'json',
    ]);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { letter_grade: string; findings: { id: string }[] };
    expect(result.findings.filter((f) => f.id.startsWith('MCP-'))).toEqual([]);
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
  });

  it('summarises a live scan by the servers it scanned, and ends the table with the grade', async () => {
    const run = await runCli(['scan', '--url', protectedServer.url, '--auth-token', TOKEN]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^1 server scanned, \d+ findings?$/m);
    expect(run.stdout).not.toContain('files scanned');
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(/^TrustTrace: grade [A-F], score \d+\/100$/);
    expect(lines.at(-1)).toBe(lines[0]);
  });

  it('exits 2 with a clear message when the server cannot be reached', async () => {
    const gone = await startFixtureServer({});
    await gone.close();
    const run = await runCli(['scan', '--url', gone.url]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^trusttrace: cannot scan http:\/\/127\.0\.0\.1:\d+\/mcp: connection refused/);
    expect(run.stdout).toBe('');
  });

  it('exits 2 on an --auth-token that cannot be a header value, without printing it', async () => {
    const run = await runCli(['scan', '--url', open.url, '--auth-token', 'tok\r\nX-Injected: secret-42']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'trusttrace: --auth-token must be printable ASCII without line breaks, control characters or surrounding spaces\n',
    );
    expect(run.stdout).toBe('');
  });

  it('prints a target URL only with its credentials redacted', async () => {
    const gone = await startFixtureServer({});
    await gone.close();
    const run = await runCli(['scan', '--url', `${gone.url}?api_key=sk-live-0123456789&v=2`]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^trusttrace: cannot scan http:\/\/127\.0\.0\.1:\d+\/mcp\?api_key=\[redacted\]&v=2: connection refused/,
    );
    expect(run.stderr).not.toContain('sk-live-0123456789');
  });

  it('exits 2 on a wrong token, naming the HTTP status', async () => {
    const run = await runCli(['scan', '--url', protectedServer.url, '--auth-token', 'not-the-token']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/the server refused the auth token \(HTTP 401\)/);
    expect(run.stderr).not.toContain('not-the-token');
  });
});
