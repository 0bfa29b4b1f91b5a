// Uploaded bytes never rest on disk in the clear. A real upload scan through the service, with a
// planted secret; once the scan has ended, no file of the data directory (database, WAL, shared memory,
// server secret) holds it, raw or in base64 — while the service still runs, and after it stops. The
// database files are private to the service's user whatever the umask or the modes found on disk.
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openStore, SQLITE_FILE_NAME } from '../../src/store/index.js';
import { bearer, multipart, startTestService, waitForScan } from './helpers.js';

const DATABASE_FILES = [SQLITE_FILE_NAME, `${SQLITE_FILE_NAME}-wal`, `${SQLITE_FILE_NAME}-shm`];

/** What a leak of `secret` would look like: its bytes, and its base64 at each of the three alignments. */
function leakForms(secret: string): Buffer[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms = [bytes];
  for (let shift = 0; shift < 3; shift++) {
    const aligned = bytes.subarray(shift, shift + Math.floor((bytes.length - shift) / 3) * 3);
    forms.push(Buffer.from(aligned.toString('base64')), Buffer.from(aligned.toString('base64url')));
  }
  return forms;
}

/** Every file under `dir` that contains one of `secrets` in one of its leak forms. */
async function filesHolding(dir: string, secrets: string[]): Promise<string[]> {
  const needles = secrets.flatMap(leakForms);
  const holding: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const bytes = await readFile(path);
    if (needles.some((needle) => bytes.includes(needle))) holding.push(path);
  }
  return holding;
}

async function modeOf(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

let savedUmask: number;
beforeEach(() => {
  // The usual umask: files SQLite creates on its own would be readable by everyone (0644).
  savedUmask = process.umask(0o022);
});
afterEach(() => {
  process.umask(savedUmask);
});

describe('uploaded bytes at rest', () => {
  test('an upload waits encrypted, and once its scan has ended no file holds it in any form', async () => {
    const marker = `tt-marker-${randomBytes(16).toString('hex')}`;
    const anthropicKey = `sk-ant-api03-${randomBytes(70).toString('base64url').slice(0, 93)}AA`;
    const config = JSON.stringify(
      {
        mcpServers: {
          assistant: {
            command: 'npx',
            args: ['-y', '@example/assistant-mcp'],
            env: { ANTHROPIC_API_KEY: anthropicKey },
          },
        },
        notes: marker,
      },
      null,
      2,
    );
    // First a service without workers, so that the scan waits in the queue.
    const submitter = await startTestService();
    const { dataDir } = submitter;
    try {
      const key = await submitter.account('pro');
      const upload = multipart([{ name: 'claude_desktop_config.json', content: config }]);
      const submitted = await submitter.app.inject({
        method: 'POST',
        url: '/v1/scan/upload',
        headers: { ...bearer(key), ...upload.headers },
        payload: upload.payload,
      });
      expect(submitted.statusCode).toBe(202);
      const scanId = submitted.json<{ scan_id: string }>().scan_id;
      const stored = await submitter.store.db
        .selectFrom('scan_files')
        .select('content_ciphertext')
        .where('scan_id', '=', scanId)
        .execute();
      expect(stored).toHaveLength(1);
      // The part of `v1.<nonce>.<tag>.<ciphertext>` that carries the file.
      const ciphertext = stored[0]!.content_ciphertext.split('.')[3]!;
      expect(await filesHolding(dataDir, [marker, anthropicKey])).toEqual([]);
      await submitter.stop();

      // Another process with workers runs it.
      const runner = await startTestService({ dataDir, worker: {} });
      try {
        const scan = await waitForScan(runner.app, key, scanId);
        expect(scan.status).toBe('complete');
        // The scan read the bytes: the key was found (and is shown masked).
        const findings = (scan as { findings: { evidence: string }[] }).findings;
        expect(findings.some((finding) => finding.evidence.includes('sk-ant-'))).toBe(true);
        // Everything the worker does for the scan, cleanup included, is over once its loop has stopped.
        await runner.workers!.scans.stop({ graceMs: 10_000 });

        const secrets = [marker, anthropicKey, ciphertext];
        expect(await filesHolding(dataDir, secrets)).toEqual([]);
        await runner.stop();
        expect(await filesHolding(dataDir, secrets)).toEqual([]);
      } finally {
        await runner.stop();
      }
    } finally {
      await submitter.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('modes of the database files', () => {
  test('the data dir is 0700 and the database, WAL and shared-memory files 0600', async () => {
    const service = await startTestService();
    try {
      // A write, so that the WAL and shared-memory files exist.
      await service.account('free');
      expect(await modeOf(service.dataDir)).toBe(0o700);
      for (const name of DATABASE_FILES) expect(await modeOf(join(service.dataDir, name))).toBe(0o600);
    } finally {
      await service.close();
    }
  });

  test('files found with wider modes (a restored copy) are tightened when the store opens', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'trusttrace-modes-'));
    // Another connection keeps the WAL and shared-memory files in place while their modes are widened.
    const other = new SqliteDatabase(join(dataDir, SQLITE_FILE_NAME));
    try {
      other.pragma('journal_mode = WAL');
      other.exec('create table scratch (id integer)');
      await writeFile(join(dataDir, 'unrelated.txt'), 'left alone');
      await chmod(dataDir, 0o755);
      for (const name of DATABASE_FILES) await chmod(join(dataDir, name), 0o644);

      const store = await openStore({ dataDir });
      await store.close();
      expect(await modeOf(dataDir)).toBe(0o700);
      for (const name of DATABASE_FILES) expect(await modeOf(join(dataDir, name))).toBe(0o600);
      expect(await modeOf(join(dataDir, 'unrelated.txt'))).toBe(0o644);
    } finally {
      other.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
