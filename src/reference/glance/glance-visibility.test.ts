import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReferenceServer } from '../types.ts';
import type { GlanceClient } from './glance-test-support.ts';
import { AS, startGlance, tenantHeaders } from './glance-test-support.ts';
import { FIXTURE_IMAGE_ID } from './seed.ts';

const TENANTS = ['tenant-a', 'tenant-b', 'tenant-c', 'tenant-d'] as const;
const VISIBILITIES = ['private', 'shared', 'community', 'public'] as const;
type Tenant = (typeof TENANTS)[number];
type Visibility = (typeof VISIBILITIES)[number];
type Viewer = Tenant | 'admin';

interface MatrixImage {
  readonly id: string;
  readonly owner: Tenant;
  readonly visibility: Visibility;
  /** For shared images: the next tenant accepted, the one after pending, the last one rejected. */
  readonly members: Readonly<Partial<Record<Tenant, 'accepted' | 'pending' | 'rejected'>>>;
}

const headersOf = (viewer: Viewer): Record<string, string> => (viewer === 'admin' ? AS.admin : tenantHeaders(viewer));

// The rules as upstream Glance (Zed) applies them, written as plain statements per viewer.
function inDefaultList(viewer: Viewer, image: MatrixImage): boolean {
  if (viewer === 'admin') return image.visibility !== 'community';
  if (image.owner === viewer) return true;
  if (image.visibility === 'public') return true;
  return image.visibility === 'shared' && image.members[viewer] === 'accepted';
}

function inFilteredList(viewer: Viewer, image: MatrixImage, filter: Visibility | 'all'): boolean {
  if (filter !== 'all' && image.visibility !== filter) return false;
  if (viewer === 'admin') return true;
  if (image.owner === viewer || image.visibility === 'public' || image.visibility === 'community') return true;
  return image.visibility === 'shared' && image.members[viewer] === 'accepted';
}

function visibleById(viewer: Viewer, image: MatrixImage): boolean {
  if (viewer === 'admin' || image.owner === viewer) return true;
  if (image.visibility === 'public' || image.visibility === 'community') return true;
  return image.visibility === 'shared' && image.members[viewer] !== undefined;
}

describe('Glance reference: the 4 owners x 4 visibilities matrix', () => {
  let server: ReferenceServer;
  let client: GlanceClient;
  const images: MatrixImage[] = [];

  beforeAll(async () => {
    ({ server, client } = await startGlance());
    for (const [ownerIndex, owner] of TENANTS.entries()) {
      for (const visibility of VISIBILITIES) {
        // Only the admin may publicize: the tenant creates shared, the admin flips it to public.
        const id = await client.create(tenantHeaders(owner), { name: `${owner}-${visibility}`, visibility: visibility === 'public' ? 'shared' : visibility });
        const members: Partial<Record<Tenant, 'accepted' | 'pending' | 'rejected'>> = {};
        if (visibility === 'public') {
          expect((await client.patch(AS.admin, id, [{ op: 'replace', path: '/visibility', value: 'public' }])).status).toBe(200);
        }
        if (visibility === 'shared') {
          const statuses = ['accepted', 'pending', 'rejected'] as const;
          for (const [offset, status] of statuses.entries()) {
            const member = TENANTS[(ownerIndex + offset + 1) % TENANTS.length] as Tenant;
            expect((await client.call(tenantHeaders(owner), 'POST', `/v2/images/${id}/members`, { member })).status).toBe(200);
            if (status !== 'pending') {
              const reply = await client.call(tenantHeaders(member), 'PUT', `/v2/images/${id}/members/${member}`, { status });
              expect(reply.status).toBe(200);
            }
            members[member] = status;
          }
        }
        images.push({ id, owner, visibility, members });
      }
    }
  });

  afterAll(async () => {
    await server.close();
  });

  const viewers: Viewer[] = [...TENANTS, 'admin'];
  const matrixIds = (ids: string[]): string[] => ids.filter((id) => images.some((image) => image.id === id)).sort();
  const expectedIds = (predicate: (image: MatrixImage) => boolean): string[] =>
    images.filter(predicate).map((image) => image.id).sort();

  it('should build 16 images, one per owner and visibility', () => {
    expect(images).toHaveLength(16);
    expect(new Set(images.map((image) => `${image.owner}/${image.visibility}`)).size).toBe(16);
  });

  it.each(viewers)('should give %s exactly the images of its default list', async (viewer) => {
    const ids = await client.listIds(headersOf(viewer), '?limit=1000');
    expect(matrixIds(ids)).toEqual(expectedIds((image) => inDefaultList(viewer, image)));
    // The public fixture is in everybody's default list.
    expect(ids).toContain(FIXTURE_IMAGE_ID);
  });

  it('should keep community and pending/rejected shared images out of a tenant default list', async () => {
    const ids = await client.listIds(tenantHeaders('tenant-b'), '?limit=1000');
    const absent = images.filter(
      (image) => image.owner !== 'tenant-b' && (image.visibility === 'community' || (image.visibility === 'shared' && image.members['tenant-b'] !== 'accepted')),
    );
    expect(absent.length).toBeGreaterThan(0);
    for (const image of absent) expect(ids).not.toContain(image.id);
  });

  it("should give the admin every tenant's private and shared images but no community one by default", async () => {
    const ids = await client.listIds(AS.admin, '?limit=1000');
    for (const image of images) expect(ids.includes(image.id)).toBe(image.visibility !== 'community');
  });

  for (const filter of [...VISIBILITIES, 'all'] as const) {
    it.each(viewers)(`should give %s the right images for visibility=${filter}`, async (viewer) => {
      const ids = await client.listIds(headersOf(viewer), `?limit=1000&visibility=${filter}`);
      expect(matrixIds(ids)).toEqual(expectedIds((image) => inFilteredList(viewer, image, filter)));
    });
  }

  it.each(viewers)('should show %s by id exactly the images it may see (404 for the rest)', async (viewer) => {
    for (const image of images) {
      const reply = await client.get(headersOf(viewer), `/v2/images/${image.id}`);
      expect({ image: `${image.owner}/${image.visibility}`, status: reply.status }).toEqual({
        image: `${image.owner}/${image.visibility}`,
        status: visibleById(viewer, image) ? 200 : 404,
      });
    }
  });

  it('should list shared images by member status for the member', async () => {
    const viewer: Tenant = 'tenant-c';
    for (const status of ['pending', 'accepted', 'rejected'] as const) {
      const ids = await client.listIds(tenantHeaders(viewer), `?limit=1000&visibility=shared&member_status=${status}`);
      const expected = images.filter((image) => image.visibility === 'shared' && (image.owner === viewer || image.members[viewer] === status));
      expect(matrixIds(ids)).toEqual(expected.map((image) => image.id).sort());
    }
    const all = await client.listIds(tenantHeaders(viewer), '?limit=1000&visibility=shared&member_status=all');
    expect(matrixIds(all)).toEqual(expectedIds((image) => image.visibility === 'shared' && (image.owner === viewer || image.members[viewer] !== undefined)));
  });

  it('should answer 404 to a forbidden write on an image the tenant cannot see and 403 on one it can see', async () => {
    const privateOfA = images.find((image) => image.owner === 'tenant-a' && image.visibility === 'private');
    const communityOfA = images.find((image) => image.owner === 'tenant-a' && image.visibility === 'community');
    const rename = [{ op: 'replace', path: '/name', value: 'stolen' }];
    expect((await client.patch(tenantHeaders('tenant-b'), privateOfA?.id ?? '', rename)).status).toBe(404);
    expect((await client.patch(tenantHeaders('tenant-b'), communityOfA?.id ?? '', rename)).status).toBe(403);
    expect((await client.call(tenantHeaders('tenant-b'), 'DELETE', `/v2/images/${privateOfA?.id ?? ''}`)).status).toBe(404);
    expect((await client.call(tenantHeaders('tenant-b'), 'DELETE', `/v2/images/${communityOfA?.id ?? ''}`)).status).toBe(403);
  });
});
