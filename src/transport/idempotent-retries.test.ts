import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HttpTransport } from './http-transport.ts';

/** Per path: how many requests arrived. The first one on every path is reset before any byte of a response. */
const arrivals = new Map<string, number>();

function flakyServer(): Server {
  return createServer((request, response) => {
    const path = request.url ?? '/';
    const count = (arrivals.get(path) ?? 0) + 1;
    arrivals.set(path, count);
    if (path.startsWith('/busy')) {
      // 503 with Retry-After on the first arrival, then an answer.
      if (count === 1) response.writeHead(503, { 'retry-after': '0', 'content-type': 'text/plain' }).end('busy');
      else response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      return;
    }
    if (path.startsWith('/down')) {
      request.socket.destroy();
      return;
    }
    if (count === 1) {
      request.socket.destroy();
      return;
    }
    request.resume();
    request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
  });
}

describe('withIdempotentRetries (through HttpTransport)', () => {
  let server: Server;
  let base = '';

  beforeAll(async () => {
    server = flakyServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => arrivals.clear());

  it('should retry a GET reset before any response byte and keep the reset attempt on the exchange', async () => {
    // Arrange
    const transport = new HttpTransport({ retries: 2, connections: 1 });

    // Act
    const exchange = await transport.send({ method: 'GET', url: `${base}/get`, headers: {} });
    await transport.close();

    // Assert
    expect(exchange.response?.status).toBe(200);
    expect(arrivals.get('/get')).toBe(2);
    expect(exchange.retried).toHaveLength(1);
    expect(exchange.retried?.[0]?.failure?.beforeResponse).toBe(true);
  });

  it('should never retry a POST, even after a reset', async () => {
    // Arrange
    const transport = new HttpTransport({ retries: 2, connections: 1 });

    // Act
    const exchange = await transport.send({ method: 'POST', url: `${base}/post`, headers: { 'content-type': 'application/json' }, body: '{}' });
    await transport.close();

    // Assert
    expect(exchange.response).toBeUndefined();
    expect(exchange.failure?.code).toBe('CONFORM_TARGET_UNREACHABLE');
    expect(arrivals.get('/post')).toBe(1);
    expect(exchange.retried).toBeUndefined();
  });

  it('should send a GET once when retries are disabled', async () => {
    // Arrange
    const transport = new HttpTransport({ retries: 0, connections: 1 });

    // Act
    const exchange = await transport.send({ method: 'GET', url: `${base}/no-retry`, headers: {} });
    await transport.close();

    // Assert
    expect(exchange.failure).toBeDefined();
    expect(arrivals.get('/no-retry')).toBe(1);
  });

  it('should stop after the bounded number of retries and report every attempt', async () => {
    // Arrange
    const transport = new HttpTransport({ retries: 2, connections: 1 });

    // Act
    const exchange = await transport.send({ method: 'DELETE', url: `${base}/down`, headers: {} });
    await transport.close();

    // Assert
    expect(exchange.failure).toBeDefined();
    expect(arrivals.get('/down')).toBe(3);
    expect(exchange.retried).toHaveLength(2);
  });

  it('should wait out a 503 with Retry-After for a GET', async () => {
    // Arrange
    const transport = new HttpTransport({ retries: 1, connections: 1 });

    // Act
    const exchange = await transport.send({ method: 'GET', url: `${base}/busy`, headers: {} });
    await transport.close();

    // Assert
    expect(exchange.response?.status).toBe(200);
    expect(exchange.retried?.[0]?.status).toBe(503);
  });
});
