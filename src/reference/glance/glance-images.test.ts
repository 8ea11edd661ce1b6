import { get as httpGet } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReferenceServer } from '../types.ts';
import type { GlanceClient } from './glance-test-support.ts';
import { AS, startGlance, tenantHeaders } from './glance-test-support.ts';
import { FIXTURE_IMAGE_ID } from './seed.ts';

const VENDOR_DOC = resolve(process.cwd(), '../shared/seeds/openstack-glance-v2-images.md');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** OpenAPI 3.0: `nullable: true` admits null even where an `enum` omits it; Ajv needs null in the enum. */
function nullableEnums<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(nullableEnums) as T;
  if (typeof schema !== 'object' || schema === null) return schema;
  const copy = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, nullableEnums(value)])) as Record<string, unknown>;
  if (copy.nullable === true && Array.isArray(copy.enum) && !copy.enum.includes(null)) copy.enum = [...copy.enum, null];
  return copy as T;
}

/** The vendor document's Image / ImageList / Error schemas, compiled with Ajv. */
function vendorValidators(): { image: ValidateFunction; list: ValidateFunction; error: ValidateFunction } {
  const blocks = [...readFileSync(VENDOR_DOC, 'utf8').matchAll(/```json\n([\s\S]*?)\n```/g)].map(
    (match) => JSON.parse(match[1] ?? '{}') as { components: { schemas: Record<string, object> } },
  );
  const schemas: Record<string, object> = {};
  for (const block of blocks) Object.assign(schemas, block.components.schemas);
  const ajv = new Ajv({ strict: false });
  (addFormatsModule as unknown as { default: (ajv: Ajv) => void }).default(ajv);
  // The vendor says format uri, upstream (and the issue) wants relative links: a URI reference.
  ajv.addFormat('uri', (value: string) => {
    try {
      new URL(value, 'http://base.invalid');
      return true;
    } catch {
      return false;
    }
  });
  ajv.addSchema({ components: { schemas: nullableEnums(schemas) } }, 'vendor');
  return {
    image: ajv.compile({ $ref: 'vendor#/components/schemas/Image' }),
    list: ajv.compile({ $ref: 'vendor#/components/schemas/ImageList' }),
    error: ajv.compile({ $ref: 'vendor#/components/schemas/Error' }),
  };
}

describe('Glance reference: images', () => {
  let server: ReferenceServer;
  let client: GlanceClient;

  beforeAll(async () => {
    ({ server, client } = await startGlance({ seedData: 6 }));
  });
  afterAll(async () => {
    await server.close();
  });

  describe('identity', () => {
    it('should answer 401 with the vendor error body without X-Identity-Status: Confirmed', async () => {
      for (const headers of [AS.none, { ...AS.owner, 'X-Identity-Status': 'Invalid' }]) {
        const reply = await client.get(headers, '/v2/images');
        expect(reply.status).toBe(401);
        expect(reply.body.error).toEqual({ code: 401, message: expect.any(String), details: '401 Unauthorized' });
        expect(reply.headers.get('content-type')).toBe('application/json');
      }
      expect((await client.get(AS.none, '/v2/schemas/image')).status).toBe(401);
    });

    it('should negotiate error bodies as upstream webob does: JSON when asked, HTML for */* or text/html, text/plain for no Accept or anything else', async () => {
      const cases: readonly [string | undefined, string][] = [
        [undefined, 'text/plain; charset=UTF-8'],
        ['', 'text/plain; charset=UTF-8'],
        ['application/json', 'application/json'],
        ['application/json, text/plain', 'application/json'],
        ['text/html;q=0.5, application/json', 'application/json'],
        ['*/*', 'text/html; charset=UTF-8'],
        ['text/html', 'text/html; charset=UTF-8'],
        ['application/xml', 'text/plain; charset=UTF-8'],
      ];
      for (const [accept, expected] of cases) {
        const answer = await rawGet(`${client.url}/v2/images?sort=`, { ...AS.owner, ...(accept === undefined ? {} : { accept }) });
        expect([accept, answer.status, answer.contentType]).toEqual([accept, 400, expected]);
        if (expected.startsWith('text/plain')) expect(answer.body).toMatch(/^400 Bad Request\n\n/);
        if (expected.startsWith('text/html')) expect(answer.body).toContain('<h1>400 Bad Request</h1>');
      }
    });

    it('should take the tenant from X-Tenant-Id too and lowercase roles', async () => {
      const id = await client.create({ 'X-Identity-Status': 'Confirmed', 'X-Tenant-Id': 'tenant-t', 'X-Roles': 'Reader, MEMBER' }, { name: 'via-tenant-id' });
      expect((await client.get(tenantHeaders('tenant-t'), `/v2/images/${id}`)).body.owner).toBe('tenant-t');
    });

    it('should need reader to list (403) and show (404), and member to write (403)', async () => {
      const id = await client.create(AS.owner, { name: 'roles' });
      const readerOnly = { ...AS.owner, 'X-Roles': 'reader' };
      const memberOnly = { ...AS.owner, 'X-Roles': 'member' };
      expect((await client.get(memberOnly, '/v2/images')).status).toBe(403);
      expect((await client.get(memberOnly, `/v2/images/${id}`)).status).toBe(404);
      expect((await client.get(readerOnly, `/v2/images/${id}`)).status).toBe(200);
      expect((await client.call(readerOnly, 'POST', '/v2/images', { name: 'r' })).status).toBe(403);
      expect((await client.patch(readerOnly, id, [{ op: 'replace', path: '/name', value: 'r' }])).status).toBe(403);
      expect((await client.call(memberOnly, 'POST', '/v2/images', { name: 'm' })).status).toBe(201);
    });
  });

  describe('create and show', () => {
    it('should create 201 with an absolute Location, status queued, size null and visibility shared', async () => {
      const reply = await client.call(AS.owner, 'POST', '/v2/images', { name: 'created', os_distro: 'ubuntu' });
      expect(reply.status).toBe(201);
      const id = reply.body.id ?? '';
      expect(id).toMatch(UUID);
      expect(reply.headers.get('location')).toBe(`${server.url}/v2/images/${id}`);
      expect(reply.body).toMatchObject({
        name: 'created', status: 'queued', visibility: 'shared', protected: false, os_hidden: false, owner: 'tenant-a', size: null,
        tags: [], self: `/v2/images/${id}`, file: `/v2/images/${id}/file`, schema: '/v2/schemas/image', os_distro: 'ubuntu',
      });
      expect(reply.body.created_at).toMatch(STAMP);
      const shown = await client.get(AS.owner, `/v2/images/${id}`);
      expect(shown.status).toBe(200);
      expect(shown.body).toEqual(reply.body);
    });

    it('should accept a client id once (409 after, also once deleted) and refuse a non-uuid id', async () => {
      const id = '11111111-2222-4333-8444-555555555555';
      expect((await client.call(AS.owner, 'POST', '/v2/images', { id })).status).toBe(201);
      expect((await client.call(AS.owner, 'POST', '/v2/images', { id })).status).toBe(409);
      expect((await client.call(AS.owner, 'DELETE', `/v2/images/${id}`)).status).toBe(204);
      expect((await client.call(AS.owner, 'POST', '/v2/images', { id })).status).toBe(409);
      expect((await client.call(AS.owner, 'POST', '/v2/images', { id: 'abc' })).status).toBe(400);
    });

    it.each([
      [{ visibility: 'public' }, 403],
      [{ status: 'active' }, 403],
      [{ self: '/x' }, 403],
      [{ size: 5 }, 403],
      [{ created_at: '2024-01-01T00:00:00Z' }, 403],
      [{ os_glance_import: 'x' }, 403],
      [{ deleted: 'x' }, 403],
      [{ owner: 'tenant-b' }, 403],
      [{ custom: 1 }, 400],
      [{ custom: null }, 400],
      [{ ['k'.repeat(256)]: 'v' }, 400],
      [{ name: 'n'.repeat(256) }, 400],
      [{ visibility: 'secret' }, 400],
      [{ protected: 'yes' }, 400],
      [{ min_ram: -1 }, 400],
      [{ min_disk: 1.5 }, 400],
      [{ disk_format: 'exe' }, 400],
      [{ tags: 'x' }, 400],
      [{ tags: ['t'.repeat(256)] }, 400],
    ])('should refuse %j with %i', async (body, status) => {
      const reply = await client.call(AS.owner, 'POST', '/v2/images', body);
      expect(reply.status).toBe(status);
      expect(reply.body.error?.code).toBe(status);
    });

    it.each(['[]', '{', '"x"', ''])('should answer 400 to the body %j', async (body) => {
      expect((await client.call(AS.owner, 'POST', '/v2/images', body)).status).toBe(400);
    });

    it('should let the owner communitize and make private, let only the admin publicize or set an owner', async () => {
      expect((await client.call(AS.owner, 'POST', '/v2/images', { visibility: 'community' })).status).toBe(201);
      expect((await client.call(AS.owner, 'POST', '/v2/images', { visibility: 'private' })).status).toBe(201);
      expect((await client.call(AS.admin, 'POST', '/v2/images', { visibility: 'public', owner: 'tenant-b' })).body).toMatchObject({ visibility: 'public', owner: 'tenant-b' });
    });

    it('should dedupe tags and leave an omitted name null', async () => {
      const reply = await client.call(AS.owner, 'POST', '/v2/images', { tags: ['a', 'b', 'a'] });
      expect(reply.body).toMatchObject({ name: null, tags: ['a', 'b'] });
    });

    it('should refuse null for the string attributes of the vendor ImageCreate, unlike upstream', async () => {
      for (const name of ['name', 'container_format', 'disk_format']) {
        expect((await client.call(AS.owner, 'POST', '/v2/images', { [name]: null })).status).toBe(400);
      }
    });

    it('should answer 404 to an unknown, malformed or trailing-slash image path', async () => {
      expect((await client.get(AS.owner, '/v2/images/00000000-0000-0000-0000-000000000000')).status).toBe(404);
      expect((await client.get(AS.owner, '/v2/images/not-a-uuid')).status).toBe(404);
      expect((await client.get(AS.owner, `/v2/images/${FIXTURE_IMAGE_ID}/`)).status).toBe(404);
      expect((await client.get(AS.owner, '/v2/nothing')).status).toBe(404);
    });

    it('should answer 405 with Allow to an unsupported method', async () => {
      const reply = await client.call(AS.owner, 'PUT', `/v2/images/${FIXTURE_IMAGE_ID}`);
      expect(reply.status).toBe(405);
      expect(reply.headers.get('allow')).toBe('GET, PATCH, DELETE');
      expect((await client.call(AS.owner, 'DELETE', '/v2/images')).headers.get('allow')).toBe('GET, POST');
    });

    it('should serve the image schema and the version document', async () => {
      const schema = await client.get(AS.owner, '/v2/schemas/image');
      expect(schema.status).toBe(200);
      expect(schema.body.name).toBe('image');
      expect((await client.get(AS.owner, '/v2/schemas/images')).body.name).toBe('images');
      expect((await client.get(AS.owner, '/v2/schemas/nothing')).status).toBe(404);
      expect((await client.get(AS.none, '/')).status).toBe(300);
    });
  });

  describe('vendor schema', () => {
    it.skipIf(!existsSync(VENDOR_DOC))('should validate images, lists and errors against the vendor document', async () => {
      const validate = vendorValidators();
      const id = await client.create(AS.owner, { name: 'schema', tags: ['x'], custom: 'v', disk_format: 'raw', container_format: 'bare' });
      const queued = (await client.get(AS.owner, `/v2/images/${id}`)).body;
      expect(validate.image(queued), JSON.stringify(validate.image.errors)).toBe(true);
      expect((await client.call(AS.owner, 'PUT', `/v2/images/${id}/file`, 'bytes', 'application/octet-stream')).status).toBe(204);
      const active = (await client.get(AS.owner, `/v2/images/${id}`)).body;
      expect(active).toMatchObject({ status: 'active', size: 5, checksum: expect.any(String), os_hash_algo: 'sha512' });
      expect(validate.image(active), JSON.stringify(validate.image.errors)).toBe(true);
      const list = (await client.get(AS.admin, '/v2/images?visibility=all&limit=5')).body;
      expect(validate.list(list), JSON.stringify(validate.list.errors)).toBe(true);
      const error = (await client.get(AS.owner, '/v2/images?limit=x')).body;
      expect(validate.error(error)).toBe(true);
    });
  });

  describe('JSON-Patch update', () => {
    it('should apply replace, add (replacing an existing value) and remove with the v2.1 media type', async () => {
      const id = await client.create(AS.owner, { name: 'before', extra: 'one' });
      const reply = await client.patch(AS.owner, id, [
        { op: 'replace', path: '/name', value: 'after' },
        { op: 'add', path: '/extra', value: 'two' },
        { op: 'add', path: '/min_ram', value: 512 },
        { op: 'add', path: '/tags', value: ['t1', 't1', 't2'] },
        { op: 'add', path: '/new', value: 'fresh' },
        { op: 'remove', path: '/new' },
      ]);
      expect(reply.status).toBe(200);
      expect(reply.headers.get('content-type')).toBe('application/json');
      expect(reply.body).toMatchObject({ name: 'after', extra: 'two', min_ram: 512, tags: ['t1', 't2'] });
      expect(reply.body.new).toBeUndefined();
      expect((await client.get(AS.owner, `/v2/images/${id}`)).body).toEqual(reply.body);
    });

    it('should take the v2.0 media type, where add on an existing attribute is 409', async () => {
      const id = await client.create(AS.owner, { extra: 'one' });
      const v20 = 'application/openstack-images-v2.0-json-patch';
      expect((await client.patch(AS.owner, id, [{ add: '/other', value: 'x' }], v20)).status).toBe(200);
      expect((await client.patch(AS.owner, id, [{ add: '/extra', value: 'x' }], v20)).status).toBe(409);
      expect((await client.patch(AS.owner, id, [{ replace: '/extra', value: 'y' }], v20)).body.extra).toBe('y');
    });

    it.each(['application/json', 'application/json-patch+json', 'text/plain'])('should answer 415 with Accept-Patch to %s', async (type) => {
      const id = await client.create(AS.owner);
      const reply = await client.patch(AS.owner, id, [{ op: 'replace', path: '/name', value: 'x' }], type);
      expect(reply.status).toBe(415);
      expect(reply.headers.get('accept-patch')).toBe('application/openstack-images-v2.0-json-patch, application/openstack-images-v2.1-json-patch');
    });

    it.each([
      [[{ op: 'replace', path: '/missing', value: 'x' }], 409],
      [[{ op: 'remove', path: '/missing' }], 409],
      [[{ op: 'remove', path: '/name' }], 403],
      [[{ op: 'replace', path: '/status', value: 'active' }], 403],
      [[{ op: 'replace', path: '/id', value: 'x' }], 403],
      [[{ op: 'replace', path: '/size', value: 1 }], 403],
      [[{ op: 'replace', path: '/created_at', value: 'x' }], 403],
      [[{ op: 'replace', path: '/self', value: 'x' }], 403],
      [[{ op: 'replace', path: '/locations', value: [] }], 403],
      [[{ op: 'replace', path: '/visibility', value: 'public' }], 403],
      [[{ op: 'replace', path: '/owner', value: 'tenant-b' }], 403],
      [[{ op: 'replace', path: '/visibility', value: 'bogus' }], 400],
      [[{ op: 'add', path: '/custom', value: 1 }], 400],
      [[{ op: 'move', path: '/name', from: '/x' }], 400],
      [[{ op: 'replace', path: 'name', value: 'x' }], 400],
      [[{ op: 'add', path: '/tags/-', value: 'x' }], 400],
      [[{ op: 'replace', path: '/name' }], 400],
      [{ op: 'replace', path: '/name', value: 'x' }, 400],
    ])('should refuse %j with %i and change nothing', async (ops, status) => {
      const id = await client.create(AS.owner, { name: 'keep' });
      const before = (await client.get(AS.owner, `/v2/images/${id}`)).body;
      expect((await client.patch(AS.owner, id, ops)).status).toBe(status);
      expect((await client.get(AS.owner, `/v2/images/${id}`)).body).toEqual(before);
    });

    it('should let the admin publicize and change the owner', async () => {
      const id = await client.create(AS.owner);
      const reply = await client.patch(AS.admin, id, [{ op: 'replace', path: '/visibility', value: 'public' }, { op: 'replace', path: '/owner', value: 'tenant-b' }]);
      expect(reply.body).toMatchObject({ visibility: 'public', owner: 'tenant-b' });
    });
  });

  describe('delete, protection and deactivation', () => {
    it('should delete 204 then 404 on show, patch and delete', async () => {
      const id = await client.create(AS.owner);
      expect((await client.call(AS.owner, 'DELETE', `/v2/images/${id}`)).status).toBe(204);
      expect((await client.get(AS.owner, `/v2/images/${id}`)).status).toBe(404);
      expect((await client.patch(AS.owner, id, [{ op: 'replace', path: '/name', value: 'x' }])).status).toBe(404);
      expect((await client.call(AS.owner, 'DELETE', `/v2/images/${id}`)).status).toBe(404);
      expect(await client.listIds(AS.owner, '?limit=1000')).not.toContain(id);
    });

    it('should refuse to delete a protected image (403) until unprotected', async () => {
      const id = await client.create(AS.owner, { protected: true });
      expect((await client.call(AS.owner, 'DELETE', `/v2/images/${id}`)).status).toBe(403);
      expect((await client.call(AS.admin, 'DELETE', `/v2/images/${id}`)).status).toBe(403);
      expect((await client.get(AS.owner, `/v2/images/${id}`)).status).toBe(200);
      expect((await client.patch(AS.owner, id, [{ op: 'replace', path: '/protected', value: false }])).status).toBe(200);
      expect((await client.call(AS.owner, 'DELETE', `/v2/images/${id}`)).status).toBe(204);
    });

    it('should let the owner and the admin deactivate and reactivate an active image, not another tenant', async () => {
      const id = await client.create(AS.owner, { visibility: 'community', disk_format: 'raw', container_format: 'bare' });
      expect((await client.call(AS.owner, 'POST', `/v2/images/${id}/actions/deactivate`)).status).toBe(403); // queued
      expect((await client.call(AS.owner, 'PUT', `/v2/images/${id}/file`, 'data', 'application/octet-stream')).status).toBe(204);
      expect((await client.call(AS.other, 'POST', `/v2/images/${id}/actions/deactivate`)).status).toBe(403);
      expect((await client.call(AS.owner, 'POST', `/v2/images/${id}/actions/deactivate`)).status).toBe(204);
      expect((await client.get(AS.owner, `/v2/images/${id}`)).body.status).toBe('deactivated');
      expect((await client.get(AS.other, `/v2/images/${id}/file`)).status).toBe(403);
      expect((await client.get(AS.admin, `/v2/images/${id}/file`)).status).toBe(200);
      expect((await client.call(AS.owner, 'POST', `/v2/images/${id}/actions/deactivate`)).status).toBe(204);
      expect((await client.call(AS.admin, 'POST', `/v2/images/${id}/actions/reactivate`)).status).toBe(204);
      expect((await client.get(AS.owner, `/v2/images/${id}`)).body.status).toBe('active');
      const download = await client.get(AS.other, `/v2/images/${id}/file`);
      expect(download.status).toBe(200);
      expect(download.text).toBe('data');
      expect((await client.call(AS.owner, 'POST', '/v2/images/00000000-0000-0000-0000-000000000000/actions/reactivate')).status).toBe(404);
    });

    it('should refuse an upload without formats (400), of the wrong type (415) or twice (409)', async () => {
      const bare = await client.create(AS.owner);
      expect((await client.call(AS.owner, 'PUT', `/v2/images/${bare}/file`, 'x', 'application/octet-stream')).status).toBe(400);
      const id = await client.create(AS.owner, { disk_format: 'raw', container_format: 'bare' });
      expect((await client.call(AS.owner, 'PUT', `/v2/images/${id}/file`, 'x', 'text/plain')).status).toBe(415);
      expect((await client.get(AS.owner, `/v2/images/${id}/file`)).status).toBe(204);
      expect((await client.call(AS.owner, 'PUT', `/v2/images/${id}/file`, 'x', 'application/octet-stream')).status).toBe(204);
      expect((await client.call(AS.owner, 'PUT', `/v2/images/${id}/file`, 'x', 'application/octet-stream')).status).toBe(409);
    });

    it('should add and remove tags (204), 404 for a missing tag, 403 for another tenant', async () => {
      const id = await client.create(AS.owner, { visibility: 'community' });
      expect((await client.call(AS.owner, 'PUT', `/v2/images/${id}/tags/blue`)).status).toBe(204);
      expect((await client.call(AS.owner, 'PUT', `/v2/images/${id}/tags/blue`)).status).toBe(204);
      expect((await client.get(AS.owner, `/v2/images/${id}`)).body.tags).toEqual(['blue']);
      expect((await client.call(AS.other, 'PUT', `/v2/images/${id}/tags/red`)).status).toBe(403);
      expect((await client.call(AS.owner, 'DELETE', `/v2/images/${id}/tags/red`)).status).toBe(404);
      expect((await client.call(AS.owner, 'DELETE', `/v2/images/${id}/tags/blue`)).status).toBe(204);
      expect((await client.get(AS.owner, `/v2/images/${id}`)).body.tags).toEqual([]);
    });
  });

  describe('members', () => {
    it('should add a pending member (200), 409 a duplicate, 403 on a non-shared image or for a non-owner', async () => {
      const id = await client.create(AS.owner, { visibility: 'shared' });
      const added = await client.call(AS.owner, 'POST', `/v2/images/${id}/members`, { member: 'tenant-b' });
      expect(added.status).toBe(200);
      expect(added.body).toMatchObject({ member_id: 'tenant-b', image_id: id, status: 'pending', schema: '/v2/schemas/member' });
      expect((await client.call(AS.owner, 'POST', `/v2/images/${id}/members`, { member: 'tenant-b' })).status).toBe(409);
      expect((await client.call(AS.owner, 'POST', `/v2/images/${id}/members`, {})).status).toBe(400);
      expect((await client.call(AS.other, 'POST', `/v2/images/${id}/members`, { member: 'tenant-c' })).status).toBe(403);
      const priv = await client.create(AS.owner, { visibility: 'private' });
      expect((await client.call(AS.owner, 'POST', `/v2/images/${priv}/members`, { member: 'tenant-b' })).status).toBe(403);
      const community = await client.create(AS.owner, { visibility: 'community' });
      expect((await client.get(AS.owner, `/v2/images/${community}/members`)).status).toBe(403);
    });

    it('should let only the member accept or reject, and show members by role', async () => {
      const id = await client.create(AS.owner);
      await client.call(AS.owner, 'POST', `/v2/images/${id}/members`, { member: 'tenant-b' });
      await client.call(AS.owner, 'POST', `/v2/images/${id}/members`, { member: 'tenant-c' });
      const member = `/v2/images/${id}/members/tenant-b`;
      expect((await client.call(AS.owner, 'PUT', member, { status: 'accepted' })).status).toBe(403);
      expect((await client.call(AS.other, 'PUT', member, { status: 'maybe' })).status).toBe(400);
      expect((await client.call(AS.other, 'PUT', `/v2/images/${id}/members/tenant-c`, { status: 'accepted' })).status).toBe(404);
      expect((await client.call(tenantHeaders('tenant-d'), 'PUT', member, { status: 'accepted' })).status).toBe(404);
      expect(await client.listIds(AS.other, '?limit=1000')).not.toContain(id);
      const accepted = await client.call(AS.other, 'PUT', member, { status: 'accepted' });
      expect(accepted.body.status).toBe('accepted');
      expect(await client.listIds(AS.other, '?limit=1000')).toContain(id);
      expect((await client.call(AS.other, 'PUT', member, { status: 'rejected' })).body.status).toBe('rejected');
      expect(await client.listIds(AS.other, '?limit=1000')).not.toContain(id);
      expect((await client.get(AS.other, `/v2/images/${id}`)).status).toBe(200);
      expect((await client.get(AS.owner, `/v2/images/${id}/members`)).body.members?.map((m) => m.member_id)).toEqual(['tenant-b', 'tenant-c']);
      expect((await client.get(AS.other, `/v2/images/${id}/members`)).body.members?.map((m) => m.member_id)).toEqual(['tenant-b']);
      expect((await client.get(AS.other, `/v2/images/${id}/members/tenant-c`)).status).toBe(404);
      expect((await client.get(AS.other, member)).body.status).toBe('rejected');
    });

    it('should let the owner remove a member (204), not the member (403), 404 for a stranger', async () => {
      const id = await client.create(AS.owner);
      await client.call(AS.owner, 'POST', `/v2/images/${id}/members`, { member: 'tenant-b' });
      expect((await client.call(AS.other, 'DELETE', `/v2/images/${id}/members/tenant-b`)).status).toBe(403);
      expect((await client.call(AS.owner, 'DELETE', `/v2/images/${id}/members/tenant-x`)).status).toBe(404);
      expect((await client.call(AS.owner, 'DELETE', `/v2/images/${id}/members/tenant-b`)).status).toBe(204);
      expect((await client.get(AS.other, `/v2/images/${id}`)).status).toBe(404);
    });
  });
});

/** A GET through node:http, which adds no Accept of its own (fetch would send `*\/*`). */
function rawGet(url: string, headers: Readonly<Record<string, string>>): Promise<{ status: number; contentType: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpGet(url, { headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, contentType: response.headers['content-type'], body }));
    });
    request.on('error', reject);
  });
}
