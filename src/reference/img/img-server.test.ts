import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReferenceServer } from '../types.ts';
import { imageIdFor } from './fixtures.ts';
import { makeImage, makeJpeg, makePng, makeWebp, sniffImage } from './image-bytes.ts';
import { ImgSchemas, send, startImg, upload, type ImageBody, type PageBody } from './img-test-support.ts';

const OWNER_PRIVATE = imageIdFor('owner:live:0');
const OWNER_PUBLISHED = imageIdFor('owner:live:1');
const OWNER_TEST = imageIdFor('owner:test:0');
const OTHER_PRIVATE = imageIdFor('other:live:1');
const schemas = new ImgSchemas();

describe('IMG reference server', () => {
  let server: ReferenceServer;

  beforeEach(async () => {
    server = await startImg();
  });

  afterEach(async () => {
    await server.close();
  });

  describe('authentication', () => {
    it.each([
      ['no key', { as: 'anonymous' as const }],
      ['an unknown key', { as: 'anonymous' as const, headers: { 'x-api-key': 'img_live_nobody' } }],
    ])('should answer 401 with an Error body for %s', async (_label, options) => {
      // Act
      const reply = await send(server, 'GET', '/v1/images', options);
      // Assert
      expect(reply.status).toBe(401);
      expect(schemas.errors('ImgError', reply.json)).toEqual([]);
      expect(reply.json).toMatchObject({ error: 'unauthorized' });
    });

    it('should answer 401 on every documented operation without a key', async () => {
      // Arrange
      const requests: [string, string][] = [
        ['GET', `/v1/images/${OWNER_PRIVATE}`],
        ['GET', `/v1/images/${OWNER_PRIVATE}/download`],
        ['POST', `/v1/images/${OWNER_PRIVATE}/publish`],
        ['POST', `/v1/images/${OWNER_PRIVATE}/unpublish`],
        ['DELETE', `/v1/images/${OWNER_PRIVATE}`],
        ['POST', '/v1/images/upload'],
      ];
      // Act
      const statuses = await Promise.all(requests.map(([method, path]) => send(server, method, path, { as: 'anonymous' })));
      // Assert
      expect(statuses.map((reply) => reply.status)).toEqual(requests.map(() => 401));
    });
  });

  describe('private by default', () => {
    it('should seed images private except the published fixture', async () => {
      // Act
      const privateImage = await send(server, 'GET', `/v1/images/${OWNER_PRIVATE}`);
      const publishedImage = await send(server, 'GET', `/v1/images/${OWNER_PUBLISHED}`);
      // Assert
      expect(schemas.errors('ImgImage', privateImage.json)).toEqual([]);
      expect((privateImage.json as ImageBody).url).toBeNull();
      expect((publishedImage.json as ImageBody).url).toBe(`${server.url}/cdn/owner/${OWNER_PUBLISHED}.png`);
    });

    it.each([
      ['png', makePng(31, 17)],
      ['jpeg', makeJpeg(640, 480)],
      ['webp', makeWebp(3, 1000)],
    ])('should create a private %s image from a multipart upload', async (format, file) => {
      // Act
      const created = await upload(server, file, 'holiday');
      const read = await send(server, 'GET', `/v1/images/${(created.json as ImageBody).id}`);
      // Assert
      expect(created.status).toBe(201);
      expect(schemas.errors('ImgImage', created.json)).toEqual([]);
      const info = sniffImage(file);
      expect(created.json).toMatchObject({ name: 'holiday', url: null, format, width: info?.width, height: info?.height, size: file.length });
      expect(read.json).toEqual(created.json);
      expect(created.headers.get('x-image-processing-usage')).toBe('1');
    });

    it('should not send the usage header to a test key', async () => {
      // Act
      const created = await upload(server, makePng(2, 2), 'test', 'ownerTest');
      // Assert
      expect(created.status).toBe(201);
      expect(created.headers.get('x-image-processing-usage')).toBeNull();
    });
  });

  describe('publish and unpublish', () => {
    it('should publish with 201 and a CDN URL that serves the bytes without a key, then unpublish to null and 404', async () => {
      // Arrange
      const cdnUrl = `${server.url}/cdn/owner/${OWNER_PRIVATE}.jpeg`;
      const before = await send(server, 'GET', cdnUrl, { as: 'anonymous' });
      // Act
      const published = await send(server, 'POST', `/v1/images/${OWNER_PRIVATE}/publish`);
      const served = await send(server, 'GET', (published.json as ImageBody).url ?? '', { as: 'anonymous' });
      const unpublished = await send(server, 'POST', `/v1/images/${OWNER_PRIVATE}/unpublish`);
      const after = await send(server, 'GET', cdnUrl, { as: 'anonymous' });
      const download = await send(server, 'GET', `/v1/images/${OWNER_PRIVATE}/download`);
      // Assert
      expect(before.status).toBe(404);
      expect(published.status).toBe(201);
      expect(schemas.errors('ImgImage', published.json)).toEqual([]);
      expect((published.json as ImageBody).url).toBe(cdnUrl);
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe('image/jpeg');
      expect(sniffImage(served.bytes)).toMatchObject({ format: 'jpeg' });
      expect(unpublished.status).toBe(201);
      expect(schemas.errors('ImgImage', unpublished.json)).toEqual([]);
      expect((unpublished.json as ImageBody).url).toBeNull();
      expect(after.status).toBe(404);
      expect(download.status).toBe(200);
      expect(download.bytes.equals(served.bytes)).toBe(true);
    });

    it('should answer 201 with the same URL when publishing twice and url null when unpublishing a private image', async () => {
      // Act
      const first = await send(server, 'POST', `/v1/images/${OWNER_PUBLISHED}/publish`);
      const second = await send(server, 'POST', `/v1/images/${OWNER_PUBLISHED}/publish`);
      const privateOne = await send(server, 'POST', `/v1/images/${OWNER_PRIVATE}/unpublish`);
      // Assert
      expect([first.status, second.status, privateOne.status]).toEqual([201, 201, 201]);
      expect((second.json as ImageBody).url).toBe((first.json as ImageBody).url);
      expect((privateOne.json as ImageBody).url).toBeNull();
    });

    it('should publish an uploaded image and serve exactly the uploaded bytes', async () => {
      // Arrange
      const file = makeWebp(12, 34);
      const created = (await upload(server, file)).json as ImageBody;
      // Act
      const published = (await send(server, 'POST', `/v1/images/${created.id}/publish`)).json as ImageBody;
      const served = await send(server, 'GET', published.url ?? '', { as: 'anonymous' });
      // Assert
      expect(served.headers.get('content-type')).toBe('image/webp');
      expect(served.bytes.equals(file)).toBe(true);
    });
  });

  describe('isolation', () => {
    it.each([
      ['GET', ''],
      ['GET', '/download'],
      ['POST', '/publish'],
      ['POST', '/unpublish'],
      ['DELETE', ''],
    ])("should answer 404 to %s %s on another account's image", async (method, suffix) => {
      // Act
      const reply = await send(server, method, `/v1/images/${OWNER_PRIVATE}${suffix}`, { as: 'other' });
      const stillThere = await send(server, 'GET', `/v1/images/${OWNER_PRIVATE}`);
      // Assert
      expect(reply.status).toBe(404);
      expect(schemas.errors('ImgError', reply.json)).toEqual([]);
      expect(stillThere.json).toMatchObject({ id: OWNER_PRIVATE, url: null });
    });

    it("should answer 404 for an image of the same account's other stage, and list only the key's stage", async () => {
      // Act
      const liveFromTest = await send(server, 'GET', `/v1/images/${OWNER_PRIVATE}`, { as: 'ownerTest' });
      const testFromLive = await send(server, 'GET', `/v1/images/${OWNER_TEST}`);
      const testList = (await send(server, 'GET', '/v1/images', { as: 'ownerTest' })).json as PageBody;
      const otherList = (await send(server, 'GET', '/v1/images', { as: 'other' })).json as PageBody;
      // Assert
      expect([liveFromTest.status, testFromLive.status]).toEqual([404, 404]);
      expect(testList.data.map((image) => image.id)).toEqual([imageIdFor('owner:test:1'), OWNER_TEST]);
      expect(otherList.data.map((image) => image.id)).toContain(OTHER_PRIVATE);
      expect(otherList.data.map((image) => image.id)).not.toContain(OWNER_PRIVATE);
    });
  });

  describe('delete (conform extension)', () => {
    it('should answer 204 and then 404 everywhere, the CDN URL included', async () => {
      // Arrange
      const url = ((await send(server, 'GET', `/v1/images/${OWNER_PUBLISHED}`)).json as ImageBody).url ?? '';
      // Act
      const deleted = await send(server, 'DELETE', `/v1/images/${OWNER_PUBLISHED}`);
      const replies = await Promise.all([
        send(server, 'GET', `/v1/images/${OWNER_PUBLISHED}`),
        send(server, 'GET', `/v1/images/${OWNER_PUBLISHED}/download`),
        send(server, 'POST', `/v1/images/${OWNER_PUBLISHED}/publish`),
        send(server, 'DELETE', `/v1/images/${OWNER_PUBLISHED}`),
        send(server, 'GET', url, { as: 'anonymous' }),
      ]);
      const list = (await send(server, 'GET', '/v1/images')).json as PageBody;
      // Assert
      expect(deleted.status).toBe(204);
      expect(deleted.bytes.length).toBe(0);
      expect(replies.map((reply) => reply.status)).toEqual([404, 404, 404, 404, 404]);
      expect(list.data.map((image) => image.id)).not.toContain(OWNER_PUBLISHED);
    });
  });

  describe('bad input', () => {
    it.each([
      ['a JSON body', { 'content-type': 'application/json' }, '{"name":"x"}', 400],
      ['a broken multipart body', { 'content-type': 'multipart/form-data; boundary=zz' }, 'not multipart at all', 400],
    ])('should answer %s to upload with 400', async (_label, headers, body, status) => {
      // Act
      const reply = await send(server, 'POST', '/v1/images/upload', { headers, body });
      // Assert
      expect(reply.status).toBe(status);
      expect(schemas.errors('ImgError', reply.json)).toEqual([]);
    });

    it.each([
      ['no name part', (form: FormData) => form.set('image', new Blob([makePng(1, 1)]), 'a.png'), 400],
      ['no image part', (form: FormData) => form.set('name', 'x'), 400],
      ['an image part without a filename', (form: FormData) => { form.set('name', 'x'); form.set('image', 'abc'); }, 400],
      ['an empty name', (form: FormData) => { form.set('name', ''); form.set('image', new Blob([makePng(1, 1)]), 'a.png'); }, 422],
      ['a 31-character name', (form: FormData) => { form.set('name', 'n'.repeat(31)); form.set('image', new Blob([makePng(1, 1)]), 'a.png'); }, 422],
      ['a file that is no image', (form: FormData) => { form.set('name', 'x'); form.set('image', new Blob(['GIF89a...']), 'a.gif'); }, 422],
    ])('should reject an upload with %s', async (_label, fill, status) => {
      // Arrange
      const form = new FormData();
      fill(form);
      // Act
      const reply = await send(server, 'POST', '/v1/images/upload', { body: form });
      // Assert
      expect(reply.status).toBe(status);
      expect(schemas.errors('ImgError', reply.json)).toEqual([]);
    });

    it.each([
      ['a file over 20 MiB with 422', 20 * 1024 * 1024 + 1, 422],
      ['a body over the cap with 413', 21 * 1024 * 1024, 413],
    ])('should refuse %s', async (_label, size, status) => {
      // Arrange
      const form = new FormData();
      form.set('name', 'big');
      form.set('image', new Blob([Buffer.alloc(size)]), 'big.png');
      // Act
      const reply = await send(server, 'POST', '/v1/images/upload', { body: form });
      // Assert
      expect(reply.status).toBe(status);
      expect(schemas.errors('ImgError', reply.json)).toEqual([]);
    });

    it('should accept a 30-character name made of astral characters', async () => {
      // Arrange
      const form = new FormData();
      form.set('name', '😀'.repeat(30));
      form.set('image', new Blob([makeImage('png', 4, 4)]), 'a.png');
      // Act
      const reply = await send(server, 'POST', '/v1/images/upload', { body: form });
      // Assert
      expect(reply.status).toBe(201);
    });

    it.each([
      ['/v1/images/image_doesnotexist', 404],
      ['/v1/images/not-an-id', 404],
      ['/v1/images/%E0%A4%A', 404],
      ['/v1/nothing', 404],
      ['/cdn/owner/nothing.png', 404],
    ])('should answer GET %s with %i', async (path, status) => {
      // Act
      const reply = await send(server, 'GET', path);
      // Assert
      expect(reply.status).toBe(status);
      expect(schemas.errors('ImgError', reply.json)).toEqual([]);
    });

    it.each([
      ['PUT', `/v1/images/${OWNER_PRIVATE}`, 'GET, DELETE'],
      ['PATCH', '/v1/images', 'GET'],
      ['GET', '/v1/images/upload', 'POST'],
      ['GET', `/v1/images/${OWNER_PRIVATE}/publish`, 'POST'],
      ['DELETE', `/v1/images/${OWNER_PRIVATE}/download`, 'GET'],
    ])('should answer %s %s with 405 and Allow: %s', async (method, path, allow) => {
      // Act
      const reply = await send(server, method, path);
      // Assert
      expect(reply.status).toBe(405);
      expect(reply.headers.get('allow')).toBe(allow);
    });
  });

  describe('download', () => {
    it.each([
      [imageIdFor('owner:live:0'), 'image/jpeg'],
      [imageIdFor('owner:live:1'), 'image/png'],
      [imageIdFor('owner:live:2'), 'image/webp'],
    ])('should serve %s as %s whose size matches the Image object', async (id, mediaType) => {
      // Act
      const image = (await send(server, 'GET', `/v1/images/${id}`)).json as ImageBody;
      const download = await send(server, 'GET', `/v1/images/${id}/download`);
      // Assert
      expect(download.headers.get('content-type')).toBe(mediaType);
      expect(download.bytes.length).toBe(image.size);
      expect(sniffImage(download.bytes)).toEqual({ format: image.format, width: image.width, height: image.height });
    });
  });
});
