import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReferenceServer } from '../types.ts';
import { PRIME_FAULT } from './faults.ts';
import type { PrimeFaultId } from './faults.ts';
import { PrimeSchemas, send, startPrime } from './prime-test-support.ts';
import type { Reply, SendOptions } from './prime-test-support.ts';

const schemas = new PrimeSchemas();
const LIST = '/api/v1/images';
/** Short enough to wait out, long enough that a concurrent burst usually lands in one window. */
const SHORT_WINDOW_MS = 300;

/** Sends `count` requests, `concurrency` at a time, and returns the replies in sending order. */
async function burst(server: ReferenceServer, count: number, options: SendOptions = {}, path = LIST, concurrency = 25): Promise<Reply[]> {
  const replies: Reply[] = [];
  for (let sent = 0; sent < count; sent += concurrency) {
    const batch = Array.from({ length: Math.min(concurrency, count - sent) }, () => send(server, 'GET', path, options));
    replies.push(...(await Promise.all(batch)));
  }
  return replies;
}

/** With a short window: fires concurrent bursts until one is refused (bounded), and returns the 429. */
async function exhaust(server: ReferenceServer, options: SendOptions = {}): Promise<Reply> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const refusal = (await burst(server, 110, options, LIST, 110)).find((reply) => reply.status === 429);
    if (refusal) return refusal;
  }
  throw new Error('no 429 after 20 bursts of 110 requests');
}

function statuses(replies: readonly Reply[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const reply of replies) counts[reply.status] = (counts[reply.status] ?? 0) + 1;
  return counts;
}

describe('the Prime quota: 100 requests per window per client IP and token', () => {
  const servers: ReferenceServer[] = [];
  async function start(faults: readonly PrimeFaultId[] = [], rateWindowMs?: number): Promise<ReferenceServer> {
    const server = await startPrime({ faults, ...(rateWindowMs === undefined ? {} : { rateWindowMs }) });
    servers.push(server);
    return server;
  }

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it('should allow 100 requests, counting down RateLimit-Remaining, then answer 429 with Retry-After', async () => {
    // Arrange
    const server = await start();

    // Act
    const allowed = await burst(server, 100);
    const refusal = await send(server, 'GET', LIST);

    // Assert
    expect(statuses(allowed)).toEqual({ 200: 100 });
    const remaining = allowed.map((reply) => Number(reply.headers.get('ratelimit-remaining'))).sort((a, b) => a - b);
    expect(remaining).toEqual(Array.from({ length: 100 }, (_, index) => index));
    for (const reply of allowed) {
      expect(reply.headers.get('ratelimit-limit')).toBe('100');
      expect(Number(reply.headers.get('ratelimit-reset'))).toBeGreaterThanOrEqual(1);
      expect(reply.headers.get('retry-after')).toBeNull();
    }
    expect(refusal.status).toBe(429);
    expect(Number(refusal.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refusal.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(refusal.headers.get('ratelimit-limit')).toBe('100');
    expect(refusal.headers.get('ratelimit-remaining')).toBe('0');
    expect(refusal.headers.get('ratelimit-reset')).toBe(refusal.headers.get('retry-after'));
    expect(schemas.errors('ErrorResponse', refusal.json)).toEqual([]);
  });

  it("should not count one token's requests against another token or the anonymous bucket", async () => {
    // Arrange
    const server = await start();
    await burst(server, 100);

    // Act
    const [owner, teammate, anonymous] = await Promise.all([
      send(server, 'GET', LIST),
      send(server, 'GET', LIST, { as: 'teammate' }),
      send(server, 'GET', LIST, { as: 'anonymous' }),
    ]);

    // Assert
    expect(owner?.status).toBe(429);
    expect(teammate?.status).toBe(200);
    expect(teammate?.headers.get('ratelimit-remaining')).toBe('99');
    expect(anonymous?.status).toBe(401);
  });

  it('should count requests without a valid token in one anonymous bucket per client IP', async () => {
    // Arrange
    const server = await start();
    const anonymous = await burst(server, 50, { as: 'anonymous' });
    const invalid = await burst(server, 50, { as: 'anonymous', headers: { authorization: 'Bearer invented' } });

    // Act
    const refusal = await send(server, 'GET', LIST, { as: 'anonymous', headers: { authorization: 'Bearer invented-too' } });
    const owner = await send(server, 'GET', LIST);

    // Assert
    expect(statuses([...anonymous, ...invalid])).toEqual({ 401: 100 });
    expect(refusal.status).toBe(429);
    expect(owner.status).toBe(200);
  });

  it('should count every operation against the same quota', async () => {
    // Arrange
    const server = await start();
    await burst(server, 40);
    await burst(server, 30, {}, '/api/v1/images/python-base/3.11');
    const patches = await Promise.all(
      Array.from({ length: 30 }, () => send(server, 'PATCH', '/api/v1/images/trainer/v2/visibility', { body: { visibility: 'PUBLIC' } })),
    );

    // Act
    const [list, get, patch] = await Promise.all([
      send(server, 'GET', LIST),
      send(server, 'GET', '/api/v1/images/python-base/3.11'),
      send(server, 'PATCH', '/api/v1/images/trainer/v2/visibility', { body: { visibility: 'PRIVATE' } }),
    ]);

    // Assert
    expect(statuses(patches)).toEqual({ 200: 30 });
    expect([list?.status, get?.status, patch?.status]).toEqual([429, 429, 429]);
  });

  it('should allow requests again once the window has passed', async () => {
    // Arrange
    const server = await start([], SHORT_WINDOW_MS);
    await exhaust(server);

    // Act
    let recovered: Reply | undefined;
    for (let attempt = 0; attempt < 200 && !recovered; attempt += 1) {
      await sleep(50);
      const reply = await send(server, 'GET', LIST);
      if (reply.status === 200) recovered = reply;
    }

    // Assert
    expect(recovered?.status).toBe(200);
  });

  describe('rate_limit_enforced faults', () => {
    it('never-429: should let every request through', async () => {
      // Arrange
      const server = await start([PRIME_FAULT.never429]);

      // Act
      const replies = await burst(server, 150);

      // Assert
      expect(statuses(replies)).toEqual({ 200: 150 });
    });

    it('per-ip-only: should refuse another token once one token used the quota', async () => {
      // Arrange
      const server = await start([PRIME_FAULT.perIpOnly]);
      await burst(server, 100);

      // Act
      const teammate = await send(server, 'GET', LIST, { as: 'teammate' });

      // Assert
      expect(teammate.status).toBe(429);
    });

    it('no-retry-after: should answer 429 without Retry-After but with the RateLimit headers', async () => {
      // Arrange
      const server = await start([PRIME_FAULT.noRetryAfter]);
      const allowed = await burst(server, 100);

      // Act
      const refusal = await send(server, 'GET', LIST);

      // Assert
      expect(statuses(allowed)).toEqual({ 200: 100 });
      expect(refusal.status).toBe(429);
      expect(refusal.headers.get('retry-after')).toBeNull();
      expect(refusal.headers.get('ratelimit-remaining')).toBe('0');
    });

    it('never-recovers: should still refuse after several windows have passed', async () => {
      // Arrange
      const server = await start([PRIME_FAULT.neverRecovers], SHORT_WINDOW_MS);
      await exhaust(server);
      await sleep(SHORT_WINDOW_MS * 3);

      // Act
      const later: Reply[] = [];
      for (let attempt = 0; attempt < 3; attempt += 1) {
        later.push(await send(server, 'GET', LIST));
        await sleep(SHORT_WINDOW_MS);
      }
      const teammate = await send(server, 'GET', LIST, { as: 'teammate' });

      // Assert
      expect(statuses(later)).toEqual({ 429: 3 });
      expect(teammate.status).toBe(200);
    });
  });
});
