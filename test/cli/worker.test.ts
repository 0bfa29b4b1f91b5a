// `trusttrace worker` as an operator runs it for scale-out: a process without the API that works the
// queue of a store it shares. A scan submitted through the store API completes, its webhook is
// delivered, and SIGTERM ends the process with 0. With TRUSTTRACE_TEST_DATABASE_URL the store is
// PostgreSQL, the real scale-out set-up.
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from 'vitest';
import { runWorker } from '../../src/cli/commands/worker.js';
import { EmbeddedJobQueue } from '../../src/jobs/index.js';
import { createAccount, getScan, setWebhookUrl, submitScan } from '../../src/store/index.js';
import { databaseUrlFor, openTempStore, tempDataDir } from '../store/temp-store.js';
import { repoRoot } from './run-cli.js';

test(
  'works a shared queue: the scan completes, the webhook is sent, SIGTERM exits 0',
  { timeout: 120_000 },
  async () => {
    const received: { headers: IncomingMessage['headers']; body: Buffer }[] = [];
    const hook = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));

    const dataDir = await tempDataDir();
    const store = await openTempStore(dataDir);
    const { account, apiKey } = await createAccount(store, { email: 'ops@example.com', tier: 'team' });
    await setWebhookUrl(store, account.id, `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`);
    const accepted = await submitScan(store, new EmbeddedJobQueue(store), account.id, {
      kind: 'upload',
      files: [{ name: 'tools.json', content: Buffer.from('{"tools": []}') }],
    });
    if (!accepted.accepted) throw new Error('submission refused');
    const scanId = accepted.scan_id;

    const databaseUrl = databaseUrlFor(dataDir);
    const child = spawn(process.execPath, ['--import', 'tsx', `${repoRoot}src/cli/main.ts`, 'worker'], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH,
        TRUSTTRACE_DATA_DIR: dataDir,
        TRUSTTRACE_SCAN_CONCURRENCY: '1',
        TRUSTTRACE_OSV_URL: 'off',
        TRUSTTRACE_ALLOW_PRIVATE_TARGETS: '127.0.0.1',
        ...(databaseUrl ? { TRUSTTRACE_DATABASE_URL: databaseUrl } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    try {
      const deadline = Date.now() + 90_000;
      let status: string | undefined;
      while (received.length === 0 || status !== 'complete') {
        if (child.exitCode !== null || Date.now() > deadline)
          throw new Error(`scan ${String(status)}, ${received.length} deliveries:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
        status = (await getScan(store, account.id, scanId))?.status;
      }
      expect(output).toContain('TrustTrace worker started: 1 scan slots');
      const scan = (await getScan(store, account.id, scanId))!;
      expect(scan.result?.files_scanned).toEqual(['tools.json']);
      expect(JSON.parse(received[0]!.body.toString('utf8'))).toMatchObject({
        scan_id: scanId,
        status: 'complete',
      });
      expect(received[0]!.headers['x-trusttrace-signature']).toBe(
        createHmac('sha256', apiKey).update(received[0]!.body).digest('hex'),
      );
    } finally {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(timer);
      hook.closeAllConnections();
      await new Promise<void>((resolve) => hook.close(() => resolve()));
      expect(code, output).toBe(0);
    }
  },
);

test('names a bad setting and exits 2 without starting', async () => {
  const errors: string[] = [];
  const code = await runWorker(
    {
      env: { TRUSTTRACE_DATA_DIR: await tempDataDir(), TRUSTTRACE_SCAN_CONCURRENCY: 'many' },
      cwd: repoRoot,
      stdout: () => undefined,
      stderr: (text) => errors.push(text),
    },
    { stopSignal: new Promise(() => undefined) },
  );
  expect(code).toBe(2);
  expect(errors.join('')).toContain('TRUSTTRACE_SCAN_CONCURRENCY must be a whole number ≥ 1, got "many"');
});
