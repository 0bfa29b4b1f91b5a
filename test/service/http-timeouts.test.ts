// Slow or silent clients cannot hold the service's connections: headers, the whole request and idle
// keep-alive connections each have a time limit, after which the connection is closed.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startTestService, type TestService } from './helpers.js';

let service: TestService;
let port: number;
let key: string;

// Short limits keep the test quick; the bounds asserted are several times longer, so that a loaded
// machine cannot fail them, and still far below what a client could hold without limits.
const TIMEOUTS = { headersMs: 500, requestMs: 1_500, keepAliveMs: 500, idleMs: 5_000 };
const CLOSED_WITHIN_MS = 10_000;

beforeAll(async () => {
  service = await startTestService({ httpTimeouts: TIMEOUTS });
  key = await service.account('developer');
  const address = await service.app.listen({ host: '127.0.0.1', port: 0 });
  port = Number(new URL(address).port);
});
afterAll(() => service.close());

interface Connection {
  socket: Socket;
  /** Everything the server sent until it closed the connection, and when that was. */
  closed: Promise<{ received: string; afterMs: number }>;
}

function open(): Promise<Connection> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    const closed = new Promise<{ received: string; afterMs: number }>((done) =>
      socket.on('close', () => done({ received, afterMs: performance.now() - started })),
    );
    socket.once('connect', () => resolve({ socket, closed }));
    socket.once('error', reject);
  });
}

/** Writes `text` one character every `everyMs` until the connection closes. */
function drip(socket: Socket, text: string, everyMs: number): void {
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || i >= text.length) return clearInterval(timer);
    socket.write(text[i++]!);
  }, everyMs);
  socket.on('close', () => clearInterval(timer));
}

describe('HTTP time limits', () => {
  it('closes a connection whose headers trickle in', async () => {
    const { socket, closed } = await open();
    drip(socket, `GET /v1/account HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\n\r\n`, 200);
    const { received, afterMs } = await closed;
    expect(afterMs).toBeLessThan(CLOSED_WITHIN_MS);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes a connection that never sends a byte', async () => {
    const { closed } = await open();
    const { afterMs } = await closed;
    expect(afterMs).toBeLessThan(CLOSED_WITHIN_MS);
  });

  it('closes a connection whose body never ends, without accepting the request', async () => {
    const { socket, closed } = await open();
    const body = JSON.stringify({ url: 'https://example.com/mcp' });
    socket.write(
      `POST /v1/scan/mcp HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${body.length + 100}\r\n\r\n`,
    );
    drip(socket, body, 100);
    const { received, afterMs } = await closed;
    expect(afterMs).toBeLessThan(CLOSED_WITHIN_MS);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
    const history = await service.app.inject({ url: '/v1/scans', headers: bearer(key) });
    expect(history.json()).toMatchObject({ total: 0 });
  });

  it('closes a kept-alive connection left idle, after answering its request', async () => {
    const { socket, closed } = await open();
    socket.write(`GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n`);
    const { received, afterMs } = await closed;
    expect(received).toMatch(/^HTTP\/1\.1 200/);
    expect(afterMs).toBeLessThan(CLOSED_WITHIN_MS);
  });

  it('still serves a client that sends its request at a normal pace', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/v1/account`, { headers: bearer(key) });
    expect(response.status).toBe(200);
  });
});
