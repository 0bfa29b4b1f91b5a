import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  apiKeyLookupHash,
  constantTimeEqual,
  decryptBytes,
  decryptSecret,
  encryptBytes,
  encryptSecret,
  generateApiKey,
  loadServerSecret,
  maskApiKey,
  SECRET_FILE_NAME,
} from '../../src/security/keys.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('API keys', () => {
  it('are sk_scan_ and 43 random base64url characters, different every time', () => {
    const keys = new Set(Array.from({ length: 50 }, generateApiKey));
    expect(keys.size).toBe(50);
    for (const key of keys) expect(key).toMatch(/^sk_scan_[A-Za-z0-9_-]{43}$/);
  });

  it('mask to the prefix and six characters', () => {
    expect(maskApiKey('sk_scan_abc123DEF456ghi789jkl012mno345pqr')).toBe('sk_scan_abc123...');
  });

  it('hash to a stable hex lookup value, compared without regard to position of a difference', () => {
    const key = generateApiKey();
    expect(apiKeyLookupHash(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(apiKeyLookupHash(key)).toBe(apiKeyLookupHash(key));
    expect(constantTimeEqual(key, key)).toBe(true);
    expect(constantTimeEqual(key, key.slice(0, -1))).toBe(false);
    expect(constantTimeEqual(key, 'x' + key.slice(1))).toBe(false);
  });
});

describe('server secret', () => {
  it('is created on first use as a 0600 file and read back unchanged', async () => {
    dir = await mkdtemp(join(tmpdir(), 'trusttrace-secret-'));
    const first = await loadServerSecret(dir);
    const file = join(dir, SECRET_FILE_NAME);

    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(first).toHaveLength(32);
    expect((await loadServerSecret(dir)).equals(first)).toBe(true);
    expect((await readFile(file, 'utf8')).trim()).toBe(first.toString('hex'));
  });

  it('tightens a secret file restored with loose permissions', async () => {
    dir = await mkdtemp(join(tmpdir(), 'trusttrace-secret-'));
    const first = await loadServerSecret(dir);
    await chmod(join(dir, SECRET_FILE_NAME), 0o644);

    expect((await loadServerSecret(dir)).equals(first)).toBe(true);
    expect((await stat(join(dir, SECRET_FILE_NAME))).mode & 0o777).toBe(0o600);
  });

  it('agrees when two starts race to create it', async () => {
    dir = await mkdtemp(join(tmpdir(), 'trusttrace-secret-'));
    const [a, b, c] = await Promise.all([
      loadServerSecret(dir),
      loadServerSecret(dir),
      loadServerSecret(dir),
    ]);
    expect(a.equals(b) && b.equals(c)).toBe(true);
  });

  it('comes from TRUSTTRACE_SECRET without touching the data directory', async () => {
    dir = await mkdtemp(join(tmpdir(), 'trusttrace-secret-'));
    const configured = 'a server secret of at least thirty-two characters';
    const secret = await loadServerSecret(dir, configured);
    expect((await loadServerSecret(dir, configured)).equals(secret)).toBe(true);
    await expect(stat(join(dir, SECRET_FILE_NAME))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(loadServerSecret(dir, 'too short')).rejects.toThrow(/32 characters/);
  });

  it('refuses a damaged secret file instead of silently making a new one', async () => {
    dir = await mkdtemp(join(tmpdir(), 'trusttrace-secret-'));
    await loadServerSecret(dir);
    await writeFile(join(dir, SECRET_FILE_NAME), 'garbage\n');
    await expect(loadServerSecret(dir)).rejects.toThrow(/not a server secret/);
  });
});

describe('AES-256-GCM ciphertext', () => {
  it('decrypts under the same secret and purpose only, and detects tampering', async () => {
    dir = await mkdtemp(join(tmpdir(), 'trusttrace-secret-'));
    const secret = await loadServerSecret(dir);
    const other = await loadServerSecret(dir, 'another server secret, thirty-two chars or more');
    const key = generateApiKey();

    const ciphertext = encryptSecret(key, secret, 'api-key');
    expect(ciphertext).not.toContain(key.slice(8));
    expect(encryptSecret(key, secret, 'api-key')).not.toBe(ciphertext);
    expect(decryptSecret(ciphertext, secret, 'api-key')).toBe(key);

    expect(() => decryptSecret(ciphertext, other, 'api-key')).toThrow();
    expect(() => decryptSecret(ciphertext, secret, 'scan-auth-token')).toThrow();
    const parts = ciphertext.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    parts[3] = body.toString('base64url');
    expect(() => decryptSecret(parts.join('.'), secret, 'api-key')).toThrow();
  });

  it('round-trips arbitrary bytes (uploaded files), bound to their purpose', async () => {
    dir = await mkdtemp(join(tmpdir(), 'trusttrace-secret-'));
    const secret = await loadServerSecret(dir);
    const file = Buffer.concat([Buffer.from([0, 0xff, 0xfe, 0x80]), Buffer.from('AKIA-not-utf8 \u202e')]);

    const ciphertext = encryptBytes(file, secret, 'scan-file:a:0');
    expect(Buffer.from(ciphertext).includes(file)).toBe(false);
    expect(ciphertext).not.toContain(file.toString('base64'));
    expect(decryptBytes(ciphertext, secret, 'scan-file:a:0').equals(file)).toBe(true);
    expect(() => decryptBytes(ciphertext, secret, 'scan-file:a:1')).toThrow();
    expect(decryptBytes(encryptBytes(Buffer.alloc(0), secret, 'p'), secret, 'p')).toHaveLength(0);
  });
});
