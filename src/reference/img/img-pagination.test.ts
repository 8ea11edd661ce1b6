import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReferenceServer } from '../types.ts';
import { imageIdFor } from './fixtures.ts';
import { ImgSchemas, send, startImg, walkPages, type PageBody } from './img-test-support.ts';

const schemas = new ImgSchemas();
const OWNER_LIVE_FIXTURES = 5;

/** The owner's live ids newest first, for `extra` seeded images on top of the fixtures. */
function expectedOwnerIds(extra: number): string[] {
  return Array.from({ length: OWNER_LIVE_FIXTURES + extra }, (_, index) => imageIdFor(`owner:live:${index}`)).reverse();
}

describe('IMG list pagination', () => {
  it('should list every image exactly once, newest first, in pages of at most take, for any seed size and take', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 25 }), fc.integer({ min: 1, max: 12 }), async (extra, take) => {
        // Arrange: a 1 ms quota window keeps the per-key quota out of the walk's way.
        const server = await startImg({ seedData: extra, rateWindowMs: 1 });
        try {
          const expected = expectedOwnerIds(extra);
          // Act
          const walk = await walkPages(server, take, expected.length + 2);
          // Assert
          expect(walk.finished).toBe(true);
          expect(walk.ids).toEqual(expected);
          expect(walk.pages).toHaveLength(Math.ceil(expected.length / take));
          for (const [index, page] of walk.pages.entries()) {
            expect(schemas.errors('PaginatedImageResponse', page)).toEqual([]);
            expect(page.data.length).toBe(index < walk.pages.length - 1 ? take : expected.length - take * index);
            expect(page.links.previous === null).toBe(index === 0);
          }
          const createdAt = walk.pages.flatMap((page) => page.data.map((image) => Date.parse(image.created_at)));
          expect(createdAt).toEqual([...createdAt].sort((a, b) => b - a));
        } finally {
          await server.close();
        }
      }),
      { seed: 20240807, numRuns: 25 },
    );
  });

  describe('parameters', () => {
    let server: ReferenceServer;

    beforeEach(async () => {
      server = await startImg({ seedData: 12 });
    });

    afterEach(async () => {
      await server.close();
    });

    it('should default take to 10 and link the next page absolutely', async () => {
      // Act
      const page = (await send(server, 'GET', '/v1/images')).json as PageBody;
      // Assert
      const expected = expectedOwnerIds(12);
      expect(page.data.map((image) => image.id)).toEqual(expected.slice(0, 10));
      expect(page.links).toEqual({ previous: null, next: `${server.url}/v1/images?take=10&from=${expected[10]}` });
    });

    it('should link back to the previous page from a later one', async () => {
      // Arrange
      const expected = expectedOwnerIds(12);
      // Act
      const page = (await send(server, 'GET', `/v1/images?take=4&from=${expected[4]}`)).json as PageBody;
      const back = (await send(server, 'GET', page.links.previous ?? '')).json as PageBody;
      // Assert
      expect(page.links.previous).toBe(`${server.url}/v1/images?take=4&from=${expected[0]}`);
      expect(back.data.map((image) => image.id)).toEqual(expected.slice(0, 4));
    });

    it.each(['1', '100', '77'])('should accept take=%s', async (take) => {
      // Act
      const reply = await send(server, 'GET', `/v1/images?take=${take}`);
      // Assert
      expect(reply.status).toBe(200);
      expect((reply.json as PageBody).data.length).toBe(Math.min(Number(take), 17));
    });

    it.each(['0', '101', '-1', 'ten', '1.5', ''])('should reject take=%s with 400', async (take) => {
      // Act
      const reply = await send(server, 'GET', `/v1/images?take=${take}`);
      // Assert
      expect(reply.status).toBe(400);
      expect(schemas.errors('ImgError', reply.json)).toEqual([]);
    });

    it.each([
      ['a malformed cursor', 'nope'],
      ['an unknown image id', 'image_0000'],
      ["another account's image id", imageIdFor('other:live:0')],
    ])('should reject from= %s with 400', async (_label, from) => {
      // Act
      const reply = await send(server, 'GET', `/v1/images?from=${from}`);
      // Assert
      expect(reply.status).toBe(400);
    });

    it('should list a new upload first', async () => {
      // Arrange
      const form = new FormData();
      form.set('name', 'fresh');
      form.set('image', new Blob([Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010800000000', 'hex')]), 'a.png');
      const created = (await send(server, 'POST', '/v1/images/upload', { body: form })).json as { id: string };
      // Act
      const page = (await send(server, 'GET', '/v1/images?take=2')).json as PageBody;
      // Assert
      expect(page.data[0]?.id).toBe(created.id);
    });
  });
});
