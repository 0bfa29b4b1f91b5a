// POST /v1/scan/upload: accepted types, refused types by name and by content, size bounds, names.
import { readdir } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { nodeBinaryHead, peImage } from '../fixtures/executables.js';
import { bearer, multipart, startTestService, type TestService, type UploadPart } from './helpers.js';

const MB = 1024 * 1024;
let service: TestService;
let key: string;

beforeAll(async () => {
  service = await startTestService();
  key = await service.account('enterprise');
});
afterAll(() => service.close());

function upload(parts: UploadPart[], headers: Record<string, string> = bearer(key)) {
  const body = multipart(parts);
  return service.app.inject({
    method: 'POST',
    url: '/v1/scan/upload',
    headers: { ...headers, ...body.headers },
    payload: body.payload,
  });
}

async function scansUsed(): Promise<number> {
  const account = await service.app.inject({ url: '/v1/account', headers: bearer(key) });
  return account.json<{ scans_used: number }>().scans_used;
}

describe('accepted files', () => {
  const accepted: UploadPart[] = [
    { name: 'tool_schema.json', content: '{"tools": []}' },
    { name: 'config.yaml', content: 'servers: {}\n' },
    { name: 'config.yml', content: 'a: 1\n' },
    { name: 'notes.txt', content: 'hello\n' },
    { name: 'agent.py', content: 'print("hi")\n' },
    { name: 'server.js', content: 'console.log(1)\n' },
    { name: 'server.ts', content: 'export const x = 1;\n' },
    { name: 'pyproject.toml', content: '[project]\nname = "x"\n' },
    { name: 'package-lock.json', content: '{"lockfileVersion": 3}' },
    { name: 'yarn.lock', content: '# yarn lockfile v1\n' },
    { name: 'pnpm-lock.yaml', content: "lockfileVersion: '9.0'\n" },
    { name: 'poetry.lock', content: '[[package]]\nname = "x"\n' },
    { name: 'Pipfile.lock', content: '{}' },
    { name: 'uv.lock', content: 'version = 1\n' },
    { name: 'Pipfile', content: '[packages]\n' },
    { name: 'requirements-dev.txt', content: 'requests==2.0.0\n' },
    // Text that merely starts with "MZ" is no PE image: its e_lfanew points nowhere.
    { name: 'mz-notes.txt', content: `MZ: rollout notes\n${'Maputo and Beira.\n'.repeat(20)}` },
  ];

  test.each(accepted.map((part) => [part.name, part]))('%s is accepted', async (name, part) => {
    const response = await upload([part]);
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({
      scan_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      status: 'queued',
      files_accepted: [name],
      estimated_seconds: expect.any(Number),
    });
  });

  test('several files answer files_accepted in upload order, like the reference', async () => {
    const response = await upload([
      { name: 'tool_schema.json', content: '{}' },
      { name: 'requirements.txt', content: 'flask==3.0.0\n' },
      { name: 'agent.py', content: 'x = 1\n' },
    ]);
    expect(response.statusCode).toBe(202);
    expect(response.json<{ files_accepted: string[] }>().files_accepted).toEqual([
      'tool_schema.json',
      'requirements.txt',
      'agent.py',
    ]);
  });

  test('many small files in one upload', async () => {
    const parts = Array.from({ length: 300 }, (_, i) => ({ name: `tool-${i}.json`, content: `{"n": ${i}}` }));
    const response = await upload(parts);
    expect(response.statusCode).toBe(202);
    const names = response.json<{ files_accepted: string[] }>().files_accepted;
    expect(names).toHaveLength(300);
    expect(names[299]).toBe('tool-299.json');
  });

  test('a path in the file name is reduced to a safe base name; nothing is written to disk', async () => {
    const before = await readdir(service.dataDir, { recursive: true });
    const response = await upload([
      { name: '../../etc/passwd.json', content: '{}' },
      { name: '..\\..\\windows\\win.ini.txt', content: 'x' },
      { name: 'passwd.json', content: '{}' },
    ]);
    expect(response.statusCode).toBe(202);
    expect(response.json<{ files_accepted: string[] }>().files_accepted).toEqual([
      'passwd.json',
      'win.ini.txt',
      'passwd.json (2)',
    ]);
    const after = await readdir(service.dataDir, { recursive: true });
    // Only the database's own files: uploads live in the store, never under a client-chosen name.
    expect(after.filter((name) => !before.includes(name)).filter((n) => !/trusttrace\.db/.test(n))).toEqual(
      [],
    );
  });

  test('`../../etc/passwd` itself has no accepted type → 400 UNSUPPORTED_FILE_TYPE', async () => {
    const response = await upload([{ name: '../../etc/passwd', content: 'root:x:0:0::/root:/bin/sh\n' }]);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'UNSUPPORTED_FILE_TYPE' });
    expect(response.json<{ error: string }>().error).not.toContain('../');
  });

  test('exactly 10 MB in all is accepted', async () => {
    const response = await upload([
      { name: 'a.txt', content: Buffer.alloc(5 * MB, 'a') },
      { name: 'b.txt', content: Buffer.alloc(5 * MB, 'b') },
    ]);
    expect(response.statusCode).toBe(202);
  });
});

describe('refused files', () => {
  const elf = Buffer.concat([
    Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]),
    Buffer.alloc(64),
  ]);

  test.each([
    ['setup.exe', 'EXECUTABLE_FILE', 'MZ...'],
    ['install.sh', 'EXECUTABLE_FILE', '#!/bin/sh\necho hi\n'],
    ['run.bat', 'EXECUTABLE_FILE', '@echo off\n'],
    ['an ELF binary named notes.txt', 'EXECUTABLE_FILE', elf, 'notes.txt'],
    ['a PE image named config.json', 'EXECUTABLE_FILE', peImage(), 'config.json'],
    ['the Node.js binary named tools.yaml', 'EXECUTABLE_FILE', nodeBinaryHead(), 'tools.yaml'],
    ['image.png', 'UNSUPPORTED_FILE_TYPE', '\x89PNG\r\n'],
    ['archive.zip', 'UNSUPPORTED_FILE_TYPE', 'PK\x03\x04'],
    ['README', 'UNSUPPORTED_FILE_TYPE', 'hello'],
  ] as const)('%s → 400 %s', async (label, code, content, fileName?: string) => {
    const name = fileName ?? label;
    const used = await scansUsed();
    const response = await upload([
      { name, content: Buffer.isBuffer(content) ? content : Buffer.from(content, 'latin1') },
    ]);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code });
    expect(await scansUsed()).toBe(used);
  });

  test('one bad file among good ones refuses the whole upload', async () => {
    const used = await scansUsed();
    const response = await upload([
      { name: 'ok.json', content: '{}' },
      { name: 'tool.exe', content: 'MZ' },
    ]);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'EXECUTABLE_FILE' });
    expect(await scansUsed()).toBe(used);
  });

  test('10 MB + 1 byte in all → 413 PAYLOAD_TOO_LARGE, nothing kept, nothing counted', async () => {
    const used = await scansUsed();
    const rows = await service.store.db.selectFrom('scan_files').select('scan_id').execute();
    const response = await upload([
      { name: 'a.txt', content: Buffer.alloc(5 * MB, 'a') },
      { name: 'b.txt', content: Buffer.alloc(5 * MB + 1, 'b') },
    ]);
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(await scansUsed()).toBe(used);
    expect(await service.store.db.selectFrom('scan_files').select('scan_id').execute()).toHaveLength(
      rows.length,
    );
  });

  test('one file over 10 MB → 413', async () => {
    const response = await upload([{ name: 'big.json', content: Buffer.alloc(10 * MB + 1, ' ') }]);
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  test('no files, a text field, or files under another field name → 400 BAD_REQUEST', async () => {
    const empty = await service.app.inject({
      method: 'POST',
      url: '/v1/scan/upload',
      headers: { ...bearer(key), ...multipart([]).headers },
      payload: multipart([]).payload,
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ code: 'BAD_REQUEST' });
    const wrongField = await upload([{ name: 'a.json', content: '{}', field: 'file' }]);
    expect(wrongField.statusCode).toBe(400);
    expect(wrongField.json()).toMatchObject({ code: 'BAD_REQUEST' });
    const json = await service.app.inject({
      method: 'POST',
      url: '/v1/scan/upload',
      headers: bearer(key),
      payload: { files: ['a'] },
    });
    expect(json.statusCode).toBe(400);
    expect(json.json()).toMatchObject({ code: 'BAD_REQUEST' });
  });

  test('over a real socket, an oversized upload is answered 413 while the client is still sending', async () => {
    const address = await service.app.listen({ host: '127.0.0.1', port: 0 });
    const url = new URL('/v1/scan/upload', address);
    const boundary = 'trusttrace-socket-test';
    const outcome = await new Promise<{ status: number; body: string; sentWhenAnswered: number }>(
      (resolve, reject) => {
        let sent = 0;
        let answered = false;
        const req = httpRequest(url, {
          method: 'POST',
          headers: { ...bearer(key), 'content-type': `multipart/form-data; boundary=${boundary}` },
        });
        req.on('response', (res) => {
          answered = true;
          const sentWhenAnswered = sent;
          let body = '';
          res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, body, sentWhenAnswered });
            req.destroy();
          });
        });
        req.on('error', (error) => {
          if (
            (error as NodeJS.ErrnoException).code !== 'ECONNRESET' &&
            (error as NodeJS.ErrnoException).code !== 'EPIPE'
          )
            reject(error);
        });
        req.write(
          `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="huge.txt"\r\n\r\n`,
        );
        // Up to 100 MB, in 64 KB chunks, stopping as soon as the server answers.
        const chunk = Buffer.alloc(64 * 1024, 'x');
        const pump = () => {
          while (sent < 100 * MB && !answered && !req.destroyed) {
            sent += chunk.length;
            if (!req.write(chunk)) return void req.once('drain', pump);
          }
        };
        pump();
      },
    );
    expect(outcome.status).toBe(413);
    expect(JSON.parse(outcome.body)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    // 10 MB plus what socket buffers hold: the server did not wait for the rest of the 100 MB.
    expect(outcome.sentWhenAnswered).toBeLessThan(32 * MB);
  });
});
