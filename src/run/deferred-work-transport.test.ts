import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpTransport } from '../transport/http-transport.ts';
import { onRequestWritten } from '../transport/request-written.ts';
import { DeferredWork } from './deferred-work.ts';

describe('DeferredWork with the real transport', () => {
  const order: string[] = [];
  let server: Server;
  let base = '';
  // undici reports the moment a request's headers are written to the socket.
  const headersSent = (message: unknown): void => {
    const path = (message as { request?: { path?: unknown } }).request?.path;
    order.push(`written ${typeof path === 'string' ? path : '?'}`);
  };

  beforeAll(async () => {
    server = createServer((request, response) => {
      order.push(`server got ${request.url ?? '?'}`);
      response.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
    subscribe('undici:client:sendHeaders', headersSent);
  });

  afterAll(async () => {
    unsubscribe('undici:client:sendHeaders', headersSent);
    await new Promise((resolve) => server.close(resolve));
  });

  it('should let a request sent after the work was deferred leave before the work runs', async () => {
    // Arrange: a first request leaves a keep-alive socket that undici reuses (and writes on from an immediate).
    const transport = new HttpTransport({ requestTimeoutMs: 5_000 });
    try {
      await transport.send({ method: 'GET', url: `${base}/first`, headers: {} });
      // Act: as the contract run does on a response: defer recording it, then send the next request.
      for (const next of ['/second', '/third', '/fourth']) {
        const work = new DeferredWork();
        work.defer(() => order.push('deferred work'));
        const exchange = await transport.send({ method: 'GET', url: `${base}${next}`, headers: {} });
        work.settle();
        expect(exchange.response?.status).toBe(200);
      }
      // Assert: each request was on the wire before the work deferred ahead of it ran.
      const written = order.filter((entry) => entry.startsWith('written ') || entry === 'deferred work');
      expect(written).toEqual(['written /first', 'written /second', 'deferred work', 'written /third', 'deferred work', 'written /fourth', 'deferred work']);
    } finally {
      await transport.close();
    }
  });

  it('should run the work right after the next request is written, before its response, when woken by the transport', async () => {
    // Arrange
    const transport = new HttpTransport({ requestTimeoutMs: 5_000 });
    const work = new DeferredWork(onRequestWritten);
    try {
      await transport.send({ method: 'GET', url: `${base}/warm`, headers: {} });
      for (const next of ['/a', '/b', '/c']) {
        order.length = 0;
        let ran = false;
        // Act
        work.defer(() => {
          ran = true;
          order.push('deferred work');
        });
        const exchange = await transport.send({ method: 'GET', url: `${base}${next}`, headers: {} });
        // Assert: no settle needed; the work ran once the request was on the wire.
        expect(exchange.response?.status).toBe(200);
        expect(ran).toBe(true);
        expect(order.filter((entry) => entry.startsWith('written ') || entry === 'deferred work')).toEqual([`written ${next}`, 'deferred work']);
      }
    } finally {
      work.close();
      await transport.close();
    }
  });
});
