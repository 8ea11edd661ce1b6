import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReferenceServer } from '../types.ts';
import type { GlanceClient, ImageJson } from './glance-test-support.ts';
import { AS, startGlance, tenantHeaders } from './glance-test-support.ts';

const SEED_PER_PROJECT = 40;

/** Follows `next` links from `path` until none, at most `maxPages` requests. */
async function walk(client: GlanceClient, headers: Record<string, string>, path: string, maxPages = 200): Promise<{ pages: ImageJson[][]; links: string[] }> {
  const pages: ImageJson[][] = [];
  const links: string[] = [path];
  let next: string | undefined = path;
  while (next !== undefined && pages.length < maxPages) {
    const reply = await client.get(headers, next);
    expect(reply.status).toBe(200);
    pages.push(reply.body.images ?? []);
    next = reply.body.next;
    if (next !== undefined) links.push(next);
  }
  return { pages, links };
}

const byCreatedDescThenIdDesc = (left: ImageJson, right: ImageJson): number =>
  left.created_at === right.created_at ? (left.id < right.id ? 1 : -1) : left.created_at < right.created_at ? 1 : -1;

describe('Glance reference: GET /v2/images', () => {
  let server: ReferenceServer;
  let client: GlanceClient;
  let everything: ImageJson[];

  beforeAll(async () => {
    ({ server, client } = await startGlance({ seedData: SEED_PER_PROJECT }));
    everything = (await client.get(AS.admin, '/v2/images?visibility=all&os_hidden=false&limit=1000')).body.images ?? [];
    everything.push(...((await client.get(AS.admin, '/v2/images?visibility=all&os_hidden=true&limit=1000')).body.images ?? []));
  });

  afterAll(async () => {
    await server.close();
  });

  describe('defaults and links', () => {
    it('should sort by created_at desc with an id tie-break and page 25 by default', async () => {
      const reply = await client.get(AS.admin, '/v2/images?visibility=all');
      const page = reply.body.images ?? [];
      expect(page).toHaveLength(25);
      expect(page).toEqual([...page].sort(byCreatedDescThenIdDesc));
      // Seeds share created_at seconds in pairs, so the tie-break is exercised.
      expect(page.some((image, index) => index > 0 && page[index - 1]?.created_at === image.created_at)).toBe(true);
    });

    it('should give relative links: first without the marker, next with the whole query and the last id', async () => {
      const first = await client.get(AS.owner, '/v2/images?limit=3&tag=seed&tag=even&sort_key=name&sort_dir=asc');
      expect(first.body.first).toBe('/v2/images?limit=3&tag=seed&tag=even&sort_key=name&sort_dir=asc');
      const last = first.body.images?.at(-1)?.id ?? '';
      expect(first.body.next).toBe(`/v2/images?limit=3&tag=seed&tag=even&sort_key=name&sort_dir=asc&marker=${last}`);
      expect(first.body.schema).toBe('/v2/schemas/images');
      const second = await client.get(AS.owner, first.body.next ?? '');
      expect(second.body.first).toBe(first.body.first);
      expect(second.body.next?.endsWith(`marker=${second.body.images?.at(-1)?.id ?? ''}`)).toBe(true);
    });

    it('should put next on a full last page and none on a short or empty one', async () => {
      const total = (await client.listIds(AS.other, '?limit=1000')).length;
      const exact = await client.get(AS.other, `/v2/images?limit=${total}`);
      expect(exact.body.next).toBeDefined();
      const after = await client.get(AS.other, exact.body.next ?? '');
      expect(after.body.images).toEqual([]);
      expect(after.body.next).toBeUndefined();
      expect((await client.get(AS.other, `/v2/images?limit=${total + 1}`)).body.next).toBeUndefined();
      const zero = await client.get(AS.other, '/v2/images?limit=0');
      expect(zero.body.images).toEqual([]);
      expect(zero.body.next).toBeUndefined();
    });

    it.each(['abc', '-1', '2.0', '', '1e3'])('should answer 400 to limit=%s', async (limit) => {
      const reply = await client.get(AS.owner, `/v2/images?limit=${limit}`);
      expect(reply.status).toBe(400);
      expect(reply.body.error?.code).toBe(400);
    });

    it.each(['00000000-0000-0000-0000-000000000000', 'not-an-id'])('should answer 400 to the unknown marker %s', async (marker) => {
      expect((await client.get(AS.owner, `/v2/images?marker=${marker}`)).status).toBe(400);
    });

    it('should answer 400 to a marker the caller cannot see', async () => {
      const privateOfB = everything.find((image) => image.owner === 'tenant-b' && image.visibility === 'private');
      expect((await client.get(AS.owner, `/v2/images?marker=${privateOfB?.id ?? ''}`)).status).toBe(400);
      expect((await client.get(AS.other, `/v2/images?marker=${privateOfB?.id ?? ''}`)).status).toBe(200);
    });
  });

  describe('limit cap', () => {
    let big: ReferenceServer;
    let bigClient: GlanceClient;
    beforeAll(async () => {
      ({ server: big, client: bigClient } = await startGlance({ seedData: 420 }));
    });
    afterAll(async () => {
      await big.close();
    });

    it('should cap a limit above 1000 at 1000 and still link to the rest', async () => {
      const reply = await bigClient.get(AS.admin, '/v2/images?visibility=all&limit=5000');
      expect(reply.body.images).toHaveLength(1000);
      expect(reply.body.next).toContain('limit=5000');
      const rest = await bigClient.get(AS.admin, reply.body.next ?? '');
      expect((rest.body.images ?? []).length).toBeGreaterThan(0);
    });
  });

  describe('filters', () => {
    const visibleToAdmin = (predicate: (image: ImageJson) => boolean, includeHidden = false): string[] =>
      everything
        .filter((image) => (image.visibility !== 'community' || image.owner === 'admin-project') && (includeHidden || !image.os_hidden) && predicate(image))
        .map((image) => image.id)
        .sort();
    const adminIds = async (query: string): Promise<string[]> => (await client.listIds(AS.admin, `?limit=1000&${query}`)).sort();

    it.each([
      ['name=tenant-a-image-003', (image: ImageJson) => image.name === 'tenant-a-image-003'],
      ['name=in:tenant-a-image-003,tenant-b-image-004', (image: ImageJson) => ['tenant-a-image-003', 'tenant-b-image-004'].includes(image.name ?? '')],
      ['status=queued', (image: ImageJson) => image.status === 'queued'],
      ['status=deactivated', (image: ImageJson) => image.status === 'deactivated'],
      ['owner=tenant-b', (image: ImageJson) => image.owner === 'tenant-b'],
      ['protected=true', (image: ImageJson) => image.protected],
      ['protected=false', (image: ImageJson) => !image.protected],
      ['tag=triple', (image: ImageJson) => image.tags.includes('triple')],
      ['tag=triple&tag=odd', (image: ImageJson) => image.tags.includes('triple') && image.tags.includes('odd')],
      ['size_min=1000', (image: ImageJson) => image.size !== null && image.size >= 1000],
      ['size_max=500', (image: ImageJson) => image.size !== null && image.size <= 500],
      ['size_min=300&size_max=900', (image: ImageJson) => image.size !== null && image.size >= 300 && image.size <= 900],
      ['os_distro=debian', (image: ImageJson) => image.os_distro === 'debian'],
      ['disk_format=raw', (image: ImageJson) => image.disk_format === 'raw'],
      ['created_at=gt:2024-01-01T00:05:00Z', (image: ImageJson) => image.created_at > '2024-01-01T00:05:00Z'],
      ['created_at=lte:2024-01-01T00:05:00Z', (image: ImageJson) => image.created_at <= '2024-01-01T00:05:00Z'],
      ['created_at=2024-01-01T00:05:00Z', (image: ImageJson) => image.created_at === '2024-01-01T00:05:00Z'],
      ['created_at=neq:2024-01-01T00:05:00Z', (image: ImageJson) => image.created_at !== '2024-01-01T00:05:00Z'],
      ['updated_at=gte:2024-01-01T02:00:00Z', (image: ImageJson) => (image.updated_at ?? '') >= '2024-01-01T02:00:00Z'],
      ['updated_at=lt:2024-01-01T01:00:00Z', (image: ImageJson) => (image.updated_at ?? '') < '2024-01-01T01:00:00Z'],
    ])('should filter %s', async (query, predicate) => {
      const expected = visibleToAdmin(predicate);
      expect(expected.length).toBeGreaterThan(0);
      expect(await adminIds(query)).toEqual(expected);
    });

    it('should hide os_hidden images by default and show only them with os_hidden=true', async () => {
      const hidden = visibleToAdmin((image) => image.os_hidden, true);
      expect(hidden.length).toBeGreaterThan(0);
      expect(await adminIds('os_hidden=true')).toEqual(hidden);
      const shown = await adminIds('');
      for (const id of hidden) expect(shown).not.toContain(id);
      expect(await adminIds('os_hidden=false')).toEqual(shown);
    });

    it.each(['protected=yes', 'protected=1', 'os_hidden=yes', 'member_status=maybe', 'visibility=secret', 'size_min=abc', 'size_max=1.5',
      'created_at=gt:yesterday', 'created_at=after:2024-01-01T00:00:00Z', 'changes-since=2024-01-01T00:00:00Z'])(
      'should answer 400 to %s',
      async (query) => {
        expect((await client.get(AS.owner, `/v2/images?${query}`)).status).toBe(400);
      },
    );
  });

  describe('sorting', () => {
    const names = (images: ImageJson[] | undefined): (string | null)[] => (images ?? []).map((image) => image.name);

    it('should sort by sort_key/sort_dir and by sort=k:dir,...', async () => {
      const classic = await client.get(AS.owner, '/v2/images?limit=1000&sort_key=name&sort_dir=asc');
      const modern = await client.get(AS.owner, '/v2/images?limit=1000&sort=name:asc');
      const expected = [...names(classic.body.images)].sort((a, b) => ((a ?? '') < (b ?? '') ? -1 : 1));
      expect(names(classic.body.images)).toEqual(expected);
      expect(names(modern.body.images)).toEqual(expected);
      const desc = await client.get(AS.owner, '/v2/images?limit=1000&sort=name:desc');
      expect(names(desc.body.images)).toEqual([...expected].reverse());
    });

    it('should sort by several keys, each with its direction', async () => {
      const reply = await client.get(AS.owner, '/v2/images?limit=1000&sort=status:asc,size:desc');
      const images = reply.body.images ?? [];
      for (let index = 1; index < images.length; index += 1) {
        const [a, b] = [images[index - 1] as ImageJson, images[index] as ImageJson];
        expect(a.status <= b.status).toBe(true);
        if (a.status === b.status && a.size !== null && b.size !== null) expect(a.size >= b.size).toBe(true);
      }
      const classic = await client.get(AS.owner, '/v2/images?limit=1000&sort_key=status&sort_key=size&sort_dir=asc&sort_dir=desc');
      expect(classic.body.images?.map((image) => image.id)).toEqual(images.map((image) => image.id));
    });

    it.each(['sort=name:asc&sort_key=name', 'sort=name&sort_dir=asc', 'sort_key=min_ram', 'sort=bogus:asc', 'sort_dir=up', 'sort=name:sideways',
      'sort_key=name&sort_key=size&sort_dir=asc&sort_dir=desc&sort_dir=asc'])('should answer 400 to %s', async (query) => {
      expect((await client.get(AS.owner, `/v2/images?${query}`)).status).toBe(400);
    });
  });

  describe('pagination walks', () => {
    const sortSpecs = ['', 'sort_key=name&sort_dir=asc', 'sort=size:desc', 'sort=status:asc,name:desc', 'sort_key=updated_at', 'sort=disk_format:asc,created_at:asc'];
    const filters = ['', 'visibility=all', 'tag=even', 'visibility=shared&member_status=all', 'status=active', 'os_hidden=true'];
    const viewers = [AS.owner, AS.other, AS.admin, tenantHeaders('tenant-z')];

    it('should return every image exactly once, in the one-page order, for any limit, sort and filter', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 30 }),
          fc.constantFrom(...sortSpecs),
          fc.constantFrom(...filters),
          fc.constantFrom(...viewers),
          async (limit, sort, filter, viewer) => {
            const query = [sort, filter].filter(Boolean).join('&');
            const whole = await client.get(viewer, `/v2/images?limit=1000${query ? `&${query}` : ''}`);
            const expected = (whole.body.images ?? []).map((image) => image.id);
            const { pages } = await walk(client, viewer, `/v2/images?limit=${limit}${query ? `&${query}` : ''}`);
            const walked = pages.flat().map((image) => image.id);
            expect(walked).toEqual(expected);
            expect(new Set(walked).size).toBe(walked.length);
            for (const page of pages.slice(0, -1)) expect(page).toHaveLength(limit);
          },
        ),
        { seed: 4242, numRuns: 40 },
      );
    });

    it('should keep walking correctly when an image is created mid-walk (keyset, not offset)', async () => {
      const { pages: [firstPage = []] } = await walk(client, AS.owner, '/v2/images?limit=5&sort_key=name&sort_dir=asc', 1);
      const next = (await client.get(AS.owner, '/v2/images?limit=5&sort_key=name&sort_dir=asc')).body.next ?? '';
      await client.create(AS.owner, { name: '0000-sorts-first' });
      const { pages } = await walk(client, AS.owner, next);
      const rest = pages.flat().map((image) => image.id);
      for (const image of firstPage) expect(rest).not.toContain(image.id);
    });
  });
});
