// `npm start` as a user runs it: the built bin, `serve`, on a free port with a fresh data dir. The first
// start prints a key once; SIGTERM ends the process cleanly; a restart keeps the account.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
let dataDir: string;

beforeAll(() => {
  // What `npm ci` does through `prepare`: compile src/ to dist/, which bin/trusttrace.js loads.
  const build = spawnSync(
    process.execPath,
    [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: repoRoot,
      encoding: 'utf8',
    },
  );
  if (build.error) throw build.error;
}, 240_000);

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'trusttrace-serve-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

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

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

async function startServe(port: number): Promise<Running> {
  const child = spawn(process.execPath, [join(repoRoot, 'bin/trusttrace.js'), 'serve'], {
    cwd: dataDir,
    env: {
      PATH: process.env.PATH,
      TRUSTTRACE_DATA_DIR: dataDir,
      TRUSTTRACE_HOST: '127.0.0.1',
      TRUSTTRACE_PORT: String(port),
      TRUSTTRACE_SCAN_CONCURRENCY: '1',
      TRUSTTRACE_OSV_URL: 'off',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  while (!output.includes('listening on')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`serve did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, output: () => output, exited };
}

async function stopServe(running: Running): Promise<number | null> {
  running.child.kill('SIGTERM');
  const timer = setTimeout(() => running.child.kill('SIGKILL'), 30_000);
  const code = await running.exited;
  clearTimeout(timer);
  return code;
}

test('npm start: serves /healthz, prints the first key once, exits 0 on SIGTERM, keeps data on restart', async () => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const first = await startServe(port);
  let key: string;
  try {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    const printed = first.output().match(/sk_scan_[A-Za-z0-9_-]{32,}/g) ?? [];
    expect(printed).toHaveLength(1);
    key = printed[0]!;
    const account = await fetch(`${base}/v1/account`, { headers: { authorization: `Bearer ${key}` } });
    expect(account.status).toBe(200);
    expect(await account.json()).toMatchObject({ tier: 'enterprise', scans_limit: 500 });

    // A scan runs to the end on the in-process worker.
    const form = new FormData();
    form.append('files', new Blob(['{"tools": []}']), 'tools.json');
    const submitted = await fetch(`${base}/v1/scan/upload`, {
      method: 'POST',
      headers: { 'x-api-key': key },
      body: form,
    });
    expect(submitted.status).toBe(202);
    const { scan_id } = (await submitted.json()) as { scan_id: string };
    let status = '';
    for (let i = 0; i < 400 && status !== 'complete' && status !== 'failed'; i++) {
      const scan = await fetch(`${base}/v1/scan/${scan_id}`, { headers: { 'x-api-key': key } });
      status = ((await scan.json()) as { status: string }).status;
      if (status !== 'complete') await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(status).toBe('complete');
    // Request logs never carry the key.
    expect(first.output().split(key).length - 1).toBe(1);
  } finally {
    expect(await stopServe(first)).toBe(0);
  }

  const second = await startServe(port);
  try {
    expect(second.output()).not.toMatch(/sk_scan_/);
    const account = await fetch(`${base}/v1/account`, { headers: { 'x-api-key': key } });
    expect(account.status).toBe(200);
    expect(await account.json()).toMatchObject({ scans_used: 1 });
  } finally {
    expect(await stopServe(second)).toBe(0);
  }
}, 180_000);
