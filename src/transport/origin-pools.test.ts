import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpTransport } from './http-transport.ts';
import { OriginPools } from './origin-pools.ts';

describe('connections of one origin', () => {
  let server: Server;
  let origin: string;
  let connections = 0;

  beforeAll(async () => {
    server = createServer((request, response) => {
      request.resume();
      request.on('end', () => response.end('ok'));
    });
    server.on('connection', () => {
      connections += 1;
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  // undici's Agent replaced the client after a reset connection, then every client after it: one connection per request.
  it.each([1, 10])('stay one keep-alive connection after a reset one (a HEAD, a GET with a body), %i allowed', async (allowed) => {
    const transport = new HttpTransport({ connections: allowed });
    try {
      await transport.send({ method: 'GET', url: `${origin}/a`, headers: {} });
      await transport.send({ method: 'HEAD', url: `${origin}/a`, headers: {} });
      await transport.send({ method: 'GET', url: `${origin}/a`, headers: {}, body: 'x' });
      const before = connections;
      for (let index = 0; index < 30; index += 1) {
        const exchange = await transport.send({ method: 'GET', url: `${origin}/b`, headers: {} });
        expect(exchange.response?.status).toBe(200);
      }
      // Sent one at a time: a pool that may open more still needs no more than a fresh one and the one it had.
      expect(connections - before).toBeLessThanOrEqual(allowed === 1 ? 1 : 2);
    } finally {
      await transport.close();
    }
  });
});

describe('OriginPools', () => {
  it('keeps one pool per origin, and closes the oldest beyond 32 origins', async () => {
    const pools = new OriginPools({ connections: 1 });
    const first = pools.for('http://127.0.0.1:1');
    expect(pools.for('http://127.0.0.1:1')).toBe(first);
    for (let port = 2; port <= 33; port += 1) pools.for(`http://127.0.0.1:${port}`);
    expect(first.closed).toBe(true);
    expect(pools.for('http://127.0.0.1:1')).not.toBe(first);
    await pools.close();
  });
});

describe('the pool class', () => {
  it("is undici's own Pool, loaded without undici's index", async () => {
    const pools = new OriginPools({ connections: 1 });
    try {
      const { Pool } = await import('undici');
      expect(pools.for('http://127.0.0.1:9')).toBeInstanceOf(Pool);
    } finally {
      await pools.close();
    }
  });
});
