// Uploaded bytes never rest on disk in the clear. A real upload scan through the service, with a
// planted secret; once the scan has ended, no file of the data directory (database, WAL, shared memory,
// server secret) holds it, raw or in base64 — while the service still runs, and after it stops.
import { randomBytes } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { bearer, multipart, startTestService, waitForScan } from './helpers.js';

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
