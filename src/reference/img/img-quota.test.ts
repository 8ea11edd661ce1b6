import { describe, expect, it } from 'vitest';
import type { ReferenceServer } from '../types.ts';
import { ImgSchemas, send, startImg, type ImgAs, type Reply } from './img-test-support.ts';

const schemas = new ImgSchemas();

async function burst(server: ReferenceServer, as: ImgAs, count: number): Promise<Reply[]> {
  const replies: Reply[] = [];
  for (let index = 0; index < count; index += 1) replies.push(await send(server, 'GET', '/v1/images?take=1', { as }));
  return replies;
}

/** Sends until the first 429 (at most `bound` requests); the index of that request, or -1. */
async function firstRefusal(server: ReferenceServer, as: ImgAs, bound: number): Promise<number> {
  for (let index = 0; index < bound; index += 1) {
    if ((await send(server, 'GET', '/v1/images?take=1', { as })).status === 429) return index;
  }
  return -1;
}

/** Polls until a request is not refused (at most `bound` polls, `pauseMs` apart); true when it recovered. */
async function recovers(server: ReferenceServer, as: ImgAs, bound: number, pauseMs: number): Promise<boolean> {
  for (let index = 0; index < bound; index += 1) {
    if ((await send(server, 'GET', '/v1/images?take=1', { as })).status === 200) return true;
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  return false;
}

describe('IMG quotas', () => {
  it('should allow 100 requests a window to a live key and refuse the 101st with 429 and Retry-After', async () => {
    // Arrange
    const server = await startImg();
    try {
      // Act
      const replies = await burst(server, 'owner', 101);
      // Assert
      expect(replies.slice(0, 100).every((reply) => reply.status === 200)).toBe(true);
      expect(replies[0]?.headers.get('ratelimit-limit')).toBe('100');
      expect(replies[99]?.headers.get('ratelimit-remaining')).toBe('0');
      const refused = replies[100];
      expect(refused?.status).toBe(429);
      expect(refused?.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
      expect(Number(refused?.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(schemas.errors('ImgError', refused?.json)).toEqual([]);
      expect(refused?.json).toMatchObject({ error: 'rate_limited' });
    } finally {
      await server.close();
    }
  });

  it('should allow 10 requests a window to a test key', async () => {
    // Arrange
    const server = await startImg();
    try {
      // Act
      const replies = await burst(server, 'ownerTest', 11);
      // Assert
      expect(replies.map((reply) => reply.status)).toEqual([...new Array<number>(10).fill(200), 429]);
      expect(replies[0]?.headers.get('ratelimit-limit')).toBe('10');
    } finally {
      await server.close();
    }
  });

  it('should count per key: an exhausted key leaves the same account live key and other accounts alone', async () => {
    // Arrange
    const server = await startImg();
    try {
      await burst(server, 'ownerTest', 11);
      // Act
      const live = await send(server, 'GET', '/v1/images', { as: 'owner' });
      const other = await send(server, 'GET', '/v1/images', { as: 'other' });
      const test = await send(server, 'GET', '/v1/images', { as: 'ownerTest' });
      // Assert
      expect([live.status, other.status, test.status]).toEqual([200, 200, 429]);
    } finally {
      await server.close();
    }
  });

  it('should neither count nor limit requests without a valid key, nor the CDN', async () => {
    // Arrange
    const server = await startImg();
    try {
      // Act
      const anonymous = await burst(server, 'anonymous', 12);
      const published = (await send(server, 'GET', '/v1/images?take=5', { as: 'other' })).json as { data: { url: string | null }[] };
      const cdnUrl = published.data.find((image) => image.url !== null)?.url ?? '';
      const cdn = [];
      for (let index = 0; index < 12; index += 1) cdn.push((await send(server, 'GET', cdnUrl, { as: 'ownerTest' })).status);
      const test = await burst(server, 'ownerTest', 10);
      // Assert
      expect(anonymous.every((reply) => reply.status === 401)).toBe(true);
      expect(cdn.every((status) => status === 200)).toBe(true);
      expect(test.every((reply) => reply.status === 200)).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('should recover once the window has passed', async () => {
    // Arrange
    const server = await startImg({ rateWindowMs: 200 });
    try {
      // Act
      const refusedAt = await firstRefusal(server, 'ownerTest', 40);
      const recovered = await recovers(server, 'ownerTest', 100, 25);
      // Assert
      expect(refusedAt).toBeGreaterThanOrEqual(10);
      expect(recovered).toBe(true);
    } finally {
      await server.close();
    }
  });
});
