// API keys and the server secret. A key is `sk_scan_` + 43 base64url characters (32 bytes from the
// crypto RNG). The store keeps a SHA-256 lookup hash (to find the account) and an AES-256-GCM ciphertext
// under the server secret (webhook signatures need the key itself); never the key in plain text. The
// same encryption keeps a target's token and an upload's files while their scan waits for a worker.
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  randomBytes,
  scrypt,
  timingSafeEqual,
  type ScryptOptions,
} from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const API_KEY_PREFIX = 'sk_scan_';
/** How much of a key `maskApiKey` shows: the prefix and six random characters. */
const VISIBLE_KEY_LENGTH = API_KEY_PREFIX.length + 6;
const API_KEY_SHAPE = /^sk_scan_[A-Za-z0-9_-]{32,128}$/;
export const SECRET_FILE_NAME = 'server-secret';

export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

/** Whether a string has the shape of one of our keys (says nothing about whether it exists). */
export function isWellFormedApiKey(key: string): boolean {
  return API_KEY_SHAPE.test(key);
}

/** Hex SHA-256 of the key: the indexed column a presented key is looked up by. */
export function apiKeyLookupHash(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Constant-time equality of two strings: both are hashed first so that lengths leak nothing either. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a, 'utf8').digest();
  const right = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(left, right);
}

/** The visible part kept beside the ciphertext, e.g. `sk_scan_abc123`. */
export function apiKeyDisplayPrefix(key: string): string {
  return key.slice(0, VISIBLE_KEY_LENGTH);
}

/** `sk_scan_abc123...`, from a key or from its display prefix. */
export function maskApiKey(keyOrPrefix: string): string {
  return `${apiKeyDisplayPrefix(keyOrPrefix)}...`;
}

// ---------------------------------------------------------------------------------------------------
// The server secret: 32 bytes, from TRUSTTRACE_SECRET or a 0600 file in the data directory.

export type ServerSecret = Buffer & { readonly __serverSecret: true };

/**
 * The AES key for stored secrets. With `configured` (TRUSTTRACE_SECRET, ≥ 32 characters) the key is its
 * SHA-256; otherwise `dataDir/server-secret` is read, or created with mode 0600 on first use. Two
 * processes starting at once agree: creation is exclusive and the loser reads the winner's file.
 */
export async function loadServerSecret(dataDir: string, configured?: string): Promise<ServerSecret> {
  if (configured !== undefined) {
    if (configured.length < 32) throw new Error('TRUSTTRACE_SECRET must be at least 32 characters long');
    return createHash('sha256').update(configured, 'utf8').digest() as ServerSecret;
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, SECRET_FILE_NAME);
  try {
    await writeFile(path, randomBytes(32).toString('hex') + '\n', { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  // A copy restored with loose permissions is tightened rather than left readable by others.
  if (((await stat(path)).mode & 0o077) !== 0) await chmod(path, 0o600);
  const text = (await readFile(path, 'utf8')).trim();
  if (!/^[0-9a-f]{64}$/.test(text)) {
    throw new Error(`${path} is not a server secret (64 hex characters); restore it or remove it`);
  }
  return Buffer.from(text, 'hex') as ServerSecret;
}

const CIPHERTEXT_VERSION = 'v1';

/**
 * AES-256-GCM with a random 96-bit nonce: `v1.<nonce>.<tag>.<ciphertext>`, base64url parts. `purpose`
 * is authenticated with it, so a ciphertext only decrypts for what it was made for.
 */
export function encryptBytes(plaintext: Uint8Array, secret: ServerSecret, purpose: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', secret, nonce);
  cipher.setAAD(Buffer.from(purpose, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return [CIPHERTEXT_VERSION, nonce, cipher.getAuthTag(), body]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

/** Throws when the ciphertext was not made under this secret for this purpose, or was altered. */
export function decryptBytes(ciphertext: string, secret: ServerSecret, purpose: string): Buffer {
  const [version, nonce, tag, body] = ciphertext.split('.');
  if (version !== CIPHERTEXT_VERSION || !nonce || !tag || body === undefined) {
    throw new Error('not a TrustTrace ciphertext');
  }
  const decipher = createDecipheriv('aes-256-gcm', secret, Buffer.from(nonce, 'base64url'));
  decipher.setAAD(Buffer.from(purpose, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
}

/** `encryptBytes` of a string's UTF-8 (API keys, target tokens). */
export function encryptSecret(plaintext: string, secret: ServerSecret, purpose: string): string {
  return encryptBytes(Buffer.from(plaintext, 'utf8'), secret, purpose);
}

/** `decryptBytes`, as the string that was encrypted. */
export function decryptSecret(ciphertext: string, secret: ServerSecret, purpose: string): string {
  return decryptBytes(ciphertext, secret, purpose).toString('utf8');
}

// ---------------------------------------------------------------------------------------------------
// Passwords (dashboard sign-in): scrypt with a random salt, parameters stored with the hash.

const SCRYPT = { N: 16384, r: 8, p: 1, keyLength: 64 };

function scryptAsync(password: string, salt: Buffer, keyLength: number, options: ScryptOptions) {
  return new Promise<Buffer>((resolve, reject) =>
    scrypt(password, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** `scrypt$N$r$p$salt$hash` with base64url salt and hash. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p, keyLength } = SCRYPT;
  const hash = await scryptAsync(password, salt, keyLength, { N, r, p });
  return ['scrypt', N, r, p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !N || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(N),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(actual, expected);
}
