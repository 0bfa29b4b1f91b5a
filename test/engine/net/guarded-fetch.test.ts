import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAddressPolicy, DENY_PRIVATE } from '../../../src/engine/net/address-policy.js';
import {
  assertResolvesAllowed,
  createGuardedFetch,
  guardedFetchText,
  NetworkError,
  type Resolver,
} from '../../../src/engine/net/guarded-fetch.js';

const LOCAL = createAddressPolicy({ allow: ['127.0.0.0/8'] });

let server: Server;
let port: number;
const seen: { url: string; authorization?: string }[] = [];

const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
  '/ok': (_req, res) => res.end('hello'),
  '/to-metadata': (_req, res) => {
    res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
  },
  '/to-decimal-loopback': (_req, res) => {
    res.writeHead(307, { location: `http://2130706433:${port}/ok` }).end();
  },
  '/to-name': (_req, res) => res.writeHead(302, { location: `http://internal.test:${port}/ok` }).end(),
  '/to-other-origin': (_req, res) => res.writeHead(302, { location: `http://localhost:${port}/ok` }).end(),
  '/loop': (_req, res) => res.writeHead(302, { location: '/loop' }).end(),
  '/big': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    for (let i = 0; i < 40; i++) res.write(chunk);
    res.end();
  },
  '/bomb': (_req, res) => {
    res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'text/plain' });
    res.end(gzipSync(Buffer.alloc(50 * 1024 * 1024, 0)));
  },
  '/never': () => undefined,
};

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
    (routes[req.url ?? ''] ?? ((_q, s) => s.writeHead(404).end()))(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function failureOf(promise: Promise<unknown>): Promise<NetworkError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(NetworkError);
    return error as NetworkError;
  }
  throw new Error('expected the request to fail');
}

describe('guarded fetch', () => {
  it('reaches an allowed address and reads the body', async () => {
    const { status, text } = await guardedFetchText(`http://127.0.0.1:${port}/ok`, {}, { policy: LOCAL });
    expect(status).toBe(200);
    expect(text).toBe('hello');
  });

  it('refuses loopback in every literal spelling before connecting', async () => {
    const before = seen.length;
    for (const host of ['127.0.0.1', '2130706433', '0x7f.1', '0177.0.0.1', '127.1', '[::ffff:7f00:1]']) {
      const error = await failureOf(
        guardedFetchText(`http://${host}:${port}/ok`, {}, { policy: DENY_PRIVATE }),
      );
      expect(error.kind).toBe('blocked');
    }
    expect(seen.length).toBe(before);
  });

  it('refuses a name when one of its DNS answers is private among public ones', async () => {
    const resolve: Resolver = async () => [
      { address: '93.184.215.14', family: 4 },
      { address: '127.0.0.1', family: 4 },
      { address: '2606:4700::1', family: 6 },
    ];
    const error = await failureOf(guardedFetchText(`http://mixed.test:${port}/ok`, {}, { resolve }));
    expect(error.kind).toBe('blocked');
    expect(error.message).toContain('127.0.0.1');
    await expect(assertResolvesAllowed('mixed.test', DENY_PRIVATE, resolve)).rejects.toThrow(/loopback/);
  });

  it('connects to the address the injected resolver returns when the policy allows it', async () => {
    const resolve: Resolver = async () => [{ address: '127.0.0.1', family: 4 }];
    const { text } = await guardedFetchText(`http://service.test:${port}/ok`, {}, { policy: LOCAL, resolve });
    expect(text).toBe('hello');
  });

  it('refuses a redirect to the cloud metadata address', async () => {
    const error = await failureOf(
      guardedFetchText(`http://127.0.0.1:${port}/to-metadata`, {}, { policy: LOCAL }),
    );
    expect(error.kind).toBe('blocked');
    expect(error.message).toContain('169.254.169.254');
  });

  it('re-checks every hop: a redirect to a decimal loopback literal or to a private name', async () => {
    const onlyRedirector = createAddressPolicy({ allow: ['127.0.0.1/32'] });
    const resolve: Resolver = async () => [{ address: '10.0.0.7', family: 4 }];
    const viaName = await failureOf(
      guardedFetchText(`http://127.0.0.1:${port}/to-name`, {}, { policy: onlyRedirector, resolve }),
    );
    expect(viaName.message).toContain('10.0.0.7');
    // Allowed by the policy, so the decimal spelling is followed to the same server.
    const { text } = await guardedFetchText(
      `http://127.0.0.1:${port}/to-decimal-loopback`,
      {},
      { policy: LOCAL },
    );
    expect(text).toBe('hello');
  });

  it('stops after five redirects', async () => {
    const error = await failureOf(guardedFetchText(`http://127.0.0.1:${port}/loop`, {}, { policy: LOCAL }));
    expect(error.kind).toBe('redirect');
    expect(error.message).toMatch(/more than 5 redirects/);
  });

  it('drops the Authorization header when a redirect leaves the origin', async () => {
    const resolve: Resolver = async () => [{ address: '127.0.0.1', family: 4 }];
    await guardedFetchText(
      `http://127.0.0.1:${port}/to-other-origin`,
      { headers: { authorization: 'Bearer secret-token' } },
      { policy: LOCAL, resolve },
    );
    const last = seen.slice(-2);
    expect(last[0]).toMatchObject({ url: '/to-other-origin', authorization: 'Bearer secret-token' });
    expect(last[1]).toMatchObject({ url: '/ok', authorization: undefined });
  });

  it('cuts a response body at 1 MB as it flows', async () => {
    const error = await failureOf(guardedFetchText(`http://127.0.0.1:${port}/big`, {}, { policy: LOCAL }));
    expect(error.kind).toBe('too-large');
    expect(error.message).toMatch(/exceeded 1 MB/);
  });

  it('counts decompressed bytes, so a gzip bomb is cut at the cap too', async () => {
    const error = await failureOf(guardedFetchText(`http://127.0.0.1:${port}/bomb`, {}, { policy: LOCAL }));
    expect(error.kind).toBe('too-large');
  });

  it('ends a request to a server that never answers when the deadline passes', async () => {
    const client = createGuardedFetch({ policy: LOCAL, signal: AbortSignal.timeout(300) });
    try {
      const error = await failureOf(client.fetch(`http://127.0.0.1:${port}/never`));
      expect(error.kind).toBe('aborted');
    } finally {
      await client.close();
    }
  });

  it('reports a refused connection precisely', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const freePort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failureOf(guardedFetchText(`http://127.0.0.1:${freePort}/`, {}, { policy: LOCAL }));
    expect(error.kind).toBe('refused');
    expect(error.message).toMatch(/connection refused/);
  });
});
