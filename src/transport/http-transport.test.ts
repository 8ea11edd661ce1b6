import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpTransport } from './http-transport.ts';

const timers = new Set<NodeJS.Timeout>();
const garbageSockets = new Set<Socket>();

function hostileServer(): Server {
  return createServer((request, response) => {
    switch (request.url) {
      case '/ok':
        response.writeHead(200, { 'content-type': 'application/json', 'x-many': ['a', 'b'] });
        response.end('{"ok":true}');
        return;
      case '/echo': {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          response.writeHead(201, { 'content-type': request.headers['content-type'] ?? 'text/plain' });
          response.end(Buffer.concat(chunks));
        });
        return;
      }
      case '/huge': {
        response.writeHead(200, { 'content-type': 'application/octet-stream' });
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        let sent = 0;
        // bounded: 64 MiB at most, far past the cap under test
        const pump = (): void => {
          while (sent < 1024 && response.write(chunk)) sent += 1;
          if (sent < 1024) response.once('drain', pump);
          else response.end();
        };
        response.on('close', () => { sent = 1024; });
        pump();
        return;
      }
      case '/early-hints':
        response.writeEarlyHints({ link: '</style.css>; rel=preload' }, () => {
          response.writeHead(200, { 'content-type': 'text/plain', 'x-final': 'yes' });
          response.end('final');
        });
        return;
      case '/no-headers':
        // never answers; the client's timeout must end it
        return;
      case '/trickle': {
        response.writeHead(200, { 'content-type': 'text/plain' });
        let count = 0;
        const timer = setInterval(() => {
          count += 1;
          if (count > 200 || response.destroyed) {
            clearInterval(timer);
            response.end();
            return;
          }
          response.write('x');
        }, 20);
        timers.add(timer);
        return;
      }
      case '/reset':
        response.writeHead(200, { 'content-type': 'text/plain', 'content-length': '100' });
        response.write('partial');
        response.socket?.destroy();
        return;
      default:
        response.writeHead(404);
        response.end();
    }
  });
}

describe('HttpTransport', () => {
  let server: Server;
  let garbage: TcpServer;
  let base = '';
  let garbageUrl = '';
  let transport: HttpTransport;

  beforeAll(async () => {
    server = hostileServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    garbage = createTcpServer((socket) => {
      garbageSockets.add(socket);
      socket.end('this is not http\r\n\r\n');
    });
    await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', resolve));
    garbageUrl = `http://127.0.0.1:${(garbage.address() as AddressInfo).port}/`;
    transport = new HttpTransport({ requestTimeoutMs: 500, maxBodyBytes: 1024 * 1024 });
  });

  afterAll(async () => {
    for (const timer of timers) clearInterval(timer);
    await transport.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of garbageSockets) socket.destroy();
    await new Promise<void>((resolve) => garbage.close(() => resolve()));
  });

  it('should record status, lower-cased headers with repeats, and the body', async () => {
    const exchange = await transport.send({ method: 'GET', url: `${base}/ok`, headers: {} });
    expect(exchange.failure).toBeUndefined();
    expect(exchange.response?.status).toBe(200);
    expect(exchange.response?.headers['content-type']).toBe('application/json');
    expect(exchange.response?.headers['x-many']).toEqual(['a', 'b']);
    expect(JSON.parse(exchange.response?.body.toString() ?? '')).toEqual({ ok: true });
    expect(exchange.response?.truncated).toBe(false);
  });

  it('should send the body and headers it is given', async () => {
    const exchange = await transport.send({
      method: 'POST',
      url: `${base}/echo`,
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    expect(exchange.response?.status).toBe(201);
    expect(exchange.response?.body.toString()).toBe('{"a":1}');
  });

  it('should cap a huge body and mark it truncated instead of holding it all, and go on sending', async () => {
    const exchange = await transport.send({ method: 'GET', url: `${base}/huge`, headers: {} });
    expect(exchange.response?.truncated).toBe(true);
    expect(exchange.response?.body.length).toBe(1024 * 1024);
    // The cut connection is gone, not handed to the next request half-read.
    const next = await transport.send({ method: 'GET', url: `${base}/ok`, headers: {} });
    expect(next.response?.status).toBe(200);
  });

  it('should record the final response, not a 1xx interim one before it', async () => {
    const exchange = await transport.send({ method: 'GET', url: `${base}/early-hints`, headers: {} });
    expect(exchange.response?.status).toBe(200);
    expect(exchange.response?.headers['x-final']).toBe('yes');
    expect(exchange.response?.headers.link).toBeUndefined();
    expect(exchange.response?.body.toString()).toBe('final');
  });

  it('should report refused connections as unreachable', async () => {
    const closed = createTcpServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const exchange = await transport.send({ method: 'GET', url: `http://127.0.0.1:${port}/`, headers: {} });
    expect(exchange.failure?.code).toBe('CONFORM_TARGET_UNREACHABLE');
    expect(exchange.failure?.message).toMatch(/connection refused/);
  });

  it('should time out when headers never come', async () => {
    const exchange = await transport.send({ method: 'GET', url: `${base}/no-headers`, headers: {} });
    expect(exchange.failure?.code).toBe('CONFORM_REQUEST_TIMEOUT');
    expect(exchange.failure?.beforeResponse).toBe(true);
  });

  it('should time out a body that trickles past the request budget', async () => {
    const exchange = await transport.send({ method: 'GET', url: `${base}/trickle`, headers: {} });
    expect(exchange.failure?.code).toBe('CONFORM_REQUEST_TIMEOUT');
    // The headers had come: the target did answer, so the failure is not "before response".
    expect(exchange.failure?.beforeResponse).toBe(false);
  });

  it('should report a connection reset mid-body as a failure, not a response', async () => {
    const exchange = await transport.send({ method: 'GET', url: `${base}/reset`, headers: {} });
    expect(exchange.response).toBeUndefined();
    expect(exchange.failure?.code).toBe('CONFORM_TARGET_UNREACHABLE');
  });

  it('should start paced requests no faster than the cap', async () => {
    // Arrange: 20 requests/s means starts at least 50 ms apart, whatever else the machine does.
    const paced = new HttpTransport({ maxRequestsPerSecond: 20 });
    try {
      // Act
      const exchanges = await Promise.all([1, 2, 3, 4].map(() => paced.send({ method: 'GET', url: `${base}/ok`, headers: {} })));
      // Assert: a lower bound only, so a slow machine cannot make it fail.
      const starts = exchanges.map((exchange) => Date.parse(exchange.startedAt)).sort((a, b) => a - b);
      expect((starts.at(-1) ?? 0) - (starts[0] ?? 0)).toBeGreaterThanOrEqual(140);
    } finally {
      await paced.close();
    }
  });

  it('should report a peer that does not speak HTTP in one line', async () => {
    const exchange = await transport.send({ method: 'GET', url: garbageUrl, headers: {} });
    expect(exchange.failure?.code).toBe('CONFORM_TARGET_UNREACHABLE');
    expect(exchange.failure?.message).not.toContain('\n');
  });
});
