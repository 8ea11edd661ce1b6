import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReferenceServer } from '../types.ts';
import { primeApi } from './api.ts';
import { primeDefaultPrincipals, primeUsers } from './principals.ts';
import { PrimeSchemas, patchVisibility, send, startPrime } from './prime-test-support.ts';
import type { Reply } from './prime-test-support.ts';

const schemas = new PrimeSchemas();

interface Row {
  readonly id: string;
  readonly imageName: string;
  readonly imageTag: string;
  readonly visibility: string;
  readonly ownerType: string;
  readonly teamId: string | null;
  readonly displayRef: string;
  readonly artifactType: string;
}

/** Asserts a 200 whose body matches the named schema, and returns the body. */
function ok<T>(reply: Reply, schemaName: string): T {
  expect(reply.status, reply.text).toBe(200);
  expect(reply.headers.get('content-type')).toBe('application/json');
  expect(schemas.errors(schemaName, reply.json)).toEqual([]);
  return reply.json as T;
}

/** Asserts an ErrorResponse with the given status naming `param`. */
function refused(reply: Reply, status: number, param: string): void {
  expect(reply.status, reply.text).toBe(status);
  expect(schemas.errors('ErrorResponse', reply.json)).toEqual([]);
  expect((reply.json as { errors: { param: string }[] }).errors.map((error) => error.param)).toContain(param);
}

function refs(rows: readonly Row[]): string[] {
  return [...new Set(rows.map((row) => row.displayRef))];
}

describe('the Prime reference server', () => {
  let server: ReferenceServer;

  beforeEach(async () => {
    server = await startPrime();
  });

  afterEach(async () => {
    await server.close();
  });

  describe('principals and authentication', () => {
    it('should accept every default principal and list their own context', async () => {
      // Arrange
      const names = ['owner', 'teammate', 'other'] as const;

      // Act
      const lists = await Promise.all(names.map((as) => send(server, 'GET', '/api/v1/images', { as })));

      // Assert
      lists.forEach((reply, index) => {
        const user = primeUsers[names[index] ?? 'owner'];
        const rows = ok<{ data: Row[] }>(reply, 'ImageListResponse').data;
        expect(rows.length).toBeGreaterThan(0);
        for (const row of rows) expect(row.displayRef.startsWith(`${user.id}/`)).toBe(true);
      });
      expect(primeDefaultPrincipals.owner.headers).toEqual({ Authorization: 'Bearer prime-owner-token' });
    });

    it('should answer 401 with a Bearer challenge on every operation without a valid token', async () => {
      // Arrange
      const requests: [string, string][] = [
        ['GET', '/api/v1/images'],
        ['GET', '/api/v1/images/python-base/3.11'],
        ['PATCH', '/api/v1/images/python-base/3.11/visibility'],
      ];
      const credentials: Record<string, string>[] = [{}, { authorization: 'Bearer not-a-token' }, { authorization: 'Basic b3duZXI6eA==' }];

      // Act
      const replies = await Promise.all(
        requests.flatMap(([method, path]) =>
          credentials.map((headers) => send(server, method, path, { as: 'anonymous', headers, body: method === 'PATCH' ? { visibility: 'PUBLIC' } : undefined })),
        ),
      );

      // Assert
      for (const reply of replies) {
        expect(reply.status).toBe(401);
        expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer /);
      }
      const stillPrivate = ok<{ images: Row[] }>(await send(server, 'GET', '/api/v1/images/python-base/3.11'), 'ImageArtifactsResponse');
      expect(stillPrivate.images.map((row) => row.visibility)).toEqual(['PRIVATE', 'PRIVATE']);
    });

    it('should accept the bearer scheme in any case', async () => {
      // Arrange
      const headers = { authorization: 'bearer prime-owner-token' };

      // Act
      const reply = await send(server, 'GET', '/api/v1/images', { as: 'anonymous', headers });

      // Assert
      ok(reply, 'ImageListResponse');
    });
  });

  describe('routing', () => {
    it('should answer 405 with Allow for an undocumented method on each path', async () => {
      // Arrange
      const cases: [string, string, string][] = [
        ['DELETE', '/api/v1/images', 'GET'],
        ['POST', '/api/v1/images/python-base/3.11', 'GET'],
        ['PUT', '/api/v1/images/python-base/3.11/visibility', 'PATCH'],
        ['GET', '/api/v1/images/python-base/3.11/visibility', 'PATCH'],
      ];

      // Act
      const replies = await Promise.all(cases.map(([method, path]) => send(server, method, path)));

      // Assert
      replies.forEach((reply, index) => {
        expect(reply.status).toBe(405);
        expect(reply.headers.get('allow')).toBe(cases[index]?.[2]);
      });
    });

    it('should answer 404 for a path outside the spec', async () => {
      // Arrange
      const paths = ['/', '/api/v1/image', '/api/v1/images/a/b/c/d', '//api/v1/images'];

      // Act
      const replies = await Promise.all(paths.map((path) => send(server, 'GET', path)));

      // Assert
      for (const reply of replies) refused(reply, 404, 'path');
    });

    it('should answer 404, not 500, for a malformed percent-escape in a path parameter', async () => {
      // Arrange
      const path = '/api/v1/images/%E0%A4%A/3.11';

      // Act
      const [get, patch] = await Promise.all([
        send(server, 'GET', path),
        send(server, 'PATCH', `${path}/visibility`, { body: { visibility: 'PUBLIC' } }),
      ]);

      // Assert
      refused(get, 404, 'image_name');
      refused(patch, 404, 'image_name');
    });
  });

  describe('seeded fixtures', () => {
    it('should seed the same ids and timestamps on every start', async () => {
      // Arrange
      const second = await startPrime();

      // Act
      const [first, again] = await Promise.all([server, second].map((target) => send(target, 'GET', '/api/v1/images?include=public')));
      await second.close();

      // Assert
      expect(ok(first as Reply, 'ImageListResponse')).toEqual(ok(again as Reply, 'ImageListResponse'));
    });

    it('should give name:tag several artifact rows and names several tags', async () => {
      // Arrange
      const path = '/api/v1/images';

      // Act
      const rows = ok<{ data: Row[] }>(await send(server, 'GET', path), 'ImageListResponse').data;

      // Assert
      const twoRows = rows.filter((row) => row.imageName === 'python-base' && row.imageTag === '3.11');
      expect(twoRows.map((row) => row.artifactType).sort()).toEqual(['CONTAINER_IMAGE', 'VM_SANDBOX']);
      expect(new Set(rows.filter((row) => row.imageName === 'trainer').map((row) => row.imageTag))).toEqual(new Set(['v1', 'v2', 'v3']));
    });

    it('should add seedData images per context, deterministically', async () => {
      // Arrange
      const seeded = await startPrime({ seedData: 3 });
      const seededAgain = await startPrime({ seedData: 3 });

      // Act
      const base = ok<{ data: Row[] }>(await send(server, 'GET', '/api/v1/images?teamId=team-1'), 'ImageListResponse').data;
      const more = ok<{ data: Row[] }>(await send(seeded, 'GET', '/api/v1/images?teamId=team-1'), 'ImageListResponse').data;
      const same = ok<{ data: Row[] }>(await send(seededAgain, 'GET', '/api/v1/images?teamId=team-1'), 'ImageListResponse').data;
      const other = ok<{ data: Row[] }>(await send(seeded, 'GET', '/api/v1/images', { as: 'other' }), 'ImageListResponse').data;
      await Promise.all([seeded.close(), seededAgain.close()]);

      // Assert
      expect(more.length - base.length).toBe(3);
      expect(same).toEqual(more);
      expect(other.filter((row) => row.imageName.startsWith('seeded-'))).toHaveLength(3);
    });
  });

  describe('GET /api/v1/images (reference-only)', () => {
    it('should list a team context for members and answer 404 to non-members and unknown teams', async () => {
      // Arrange
      const path = '/api/v1/images?teamId=team-1';

      // Act
      const [owner, teammate, other, unknown] = await Promise.all([
        send(server, 'GET', path),
        send(server, 'GET', path, { as: 'teammate' }),
        send(server, 'GET', path, { as: 'other' }),
        send(server, 'GET', '/api/v1/images?teamId=team-404'),
      ]);

      // Assert
      const rows = ok<{ data: Row[] }>(owner as Reply, 'ImageListResponse').data;
      expect(ok(teammate as Reply, 'ImageListResponse')).toEqual(owner?.json);
      for (const row of rows) expect([row.ownerType, row.teamId]).toEqual(['team', 'team-1']);
      expect(rows.some((row) => row.visibility === 'PRIVATE')).toBe(true);
      refused(other as Reply, 404, 'teamId');
      refused(unknown as Reply, 404, 'teamId');
    });

    it("should append other contexts' PUBLIC rows on include=public and never their PRIVATE ones", async () => {
      // Arrange
      const path = '/api/v1/images?include=public';

      // Act
      const rows = ok<{ data: Row[]; totalCount: number }>(await send(server, 'GET', path, { as: 'other' }), 'ImageListResponse');

      // Assert
      const foreign = rows.data.filter((row) => !row.displayRef.startsWith(`${primeUsers.other.id}/`));
      expect(refs(foreign).sort()).toEqual(['team-team-1/team-runtime:2024.2', 'user-owner/python-base:3.12']);
      expect(foreign.every((row) => row.visibility === 'PUBLIC')).toBe(true);
      expect(rows.totalCount).toBe(rows.data.length);
    });

    it('should filter by visibility and refuse unknown filter values with 422', async () => {
      // Arrange
      const base = '/api/v1/images';

      // Act
      const [publicRows, badVisibility, badInclude] = await Promise.all([
        send(server, 'GET', `${base}?visibility=PUBLIC`),
        send(server, 'GET', `${base}?visibility=public`),
        send(server, 'GET', `${base}?include=everything`),
      ]);

      // Assert
      expect(refs(ok<{ data: Row[] }>(publicRows as Reply, 'ImageListResponse').data)).toEqual(['user-owner/python-base:3.12']);
      refused(badVisibility as Reply, 422, 'visibility');
      refused(badInclude as Reply, 422, 'include');
    });
  });

  describe('GET /api/v1/images/{image_name}/{image_tag} (reference-only)', () => {
    it("should hide another user's PRIVATE image as 404 and show their PUBLIC one", async () => {
      // Arrange
      const owner = primeUsers.owner.id;

      // Act
      const [privateImage, publicImage, own] = await Promise.all([
        send(server, 'GET', `/api/v1/images/python-base/3.11?ownerId=${owner}`, { as: 'other' }),
        send(server, 'GET', `/api/v1/images/python-base/3.12?ownerId=${owner}`, { as: 'other' }),
        send(server, 'GET', '/api/v1/images/python-base/3.11', { as: 'other' }),
      ]);

      // Assert
      refused(privateImage as Reply, 404, 'image_name');
      expect(refs(ok<{ images: Row[] }>(publicImage as Reply, 'ImageArtifactsResponse').images)).toEqual(['user-owner/python-base:3.12']);
      expect(refs(ok<{ images: Row[] }>(own as Reply, 'ImageArtifactsResponse').images)).toEqual(['user-other/python-base:3.11']);
    });

    it('should show a team PRIVATE image to members only', async () => {
      // Arrange
      const path = '/api/v1/images/team-runtime/2024.1?teamId=team-1';

      // Act
      const [teammate, other, otherPublic] = await Promise.all([
        send(server, 'GET', path, { as: 'teammate' }),
        send(server, 'GET', path, { as: 'other' }),
        send(server, 'GET', '/api/v1/images/team-runtime/2024.2?teamId=team-1', { as: 'other' }),
      ]);

      // Assert
      expect(ok<{ images: Row[] }>(teammate as Reply, 'ImageArtifactsResponse').images).toHaveLength(2);
      refused(other as Reply, 404, 'image_name');
      ok(otherPublic as Reply, 'ImageArtifactsResponse');
    });

    it('should answer 404 for unknown images, users and teams, and 422 for teamId with ownerId', async () => {
      // Arrange
      const base = '/api/v1/images';

      // Act
      const [image, user, team, both] = await Promise.all([
        send(server, 'GET', `${base}/python-base/9.9`),
        send(server, 'GET', `${base}/python-base/3.12?ownerId=user-nobody`),
        send(server, 'GET', `${base}/python-base/3.12?teamId=team-404`),
        send(server, 'GET', `${base}/python-base/3.12?teamId=team-1&ownerId=user-owner`),
      ]);

      // Assert
      refused(image as Reply, 404, 'image_name');
      refused(user as Reply, 404, 'ownerId');
      refused(team as Reply, 404, 'teamId');
      refused(both as Reply, 422, 'ownerId');
    });
  });

  describe('PATCH /api/v1/images/{image_name}/{image_tag}/visibility', () => {
    it('should set every artifact row of a personal image and read back the change', async () => {
      // Arrange
      const body = { visibility: 'PUBLIC' };

      // Act
      const patched = ok<{ success: boolean; visibility: string; images: Row[] }>(
        await patchVisibility(server, 'python-base:3.11', body),
        'UpdateImageVisibilityResponse',
      );
      const [mine, seenByOther, othersOwn] = await Promise.all([
        send(server, 'GET', '/api/v1/images/python-base/3.11'),
        send(server, 'GET', '/api/v1/images/python-base/3.11?ownerId=user-owner', { as: 'other' }),
        send(server, 'GET', '/api/v1/images/python-base/3.11', { as: 'other' }),
      ]);

      // Assert
      expect(patched.success).toBe(true);
      expect(patched.visibility).toBe('PUBLIC');
      expect(patched.images.map((row) => [row.artifactType, row.visibility])).toEqual([
        ['CONTAINER_IMAGE', 'PUBLIC'],
        ['VM_SANDBOX', 'PUBLIC'],
      ]);
      expect(ok<{ images: Row[] }>(mine as Reply, 'ImageArtifactsResponse').images).toEqual(patched.images);
      expect(ok<{ images: Row[] }>(seenByOther as Reply, 'ImageArtifactsResponse').images).toEqual(patched.images);
      expect(ok<{ images: Row[] }>(othersOwn as Reply, 'ImageArtifactsResponse').images.map((row) => row.visibility)).toEqual(['PRIVATE']);
    });

    it('should make a PUBLIC image PRIVATE again', async () => {
      // Arrange
      await patchVisibility(server, 'python-base:3.12', { visibility: 'PUBLIC' });

      // Act
      const patched = ok<{ visibility: string }>(await patchVisibility(server, 'python-base:3.12', { visibility: 'PRIVATE' }), 'UpdateImageVisibilityResponse');
      const seenByOther = await send(server, 'GET', '/api/v1/images/python-base/3.12?ownerId=user-owner', { as: 'other' });

      // Assert
      expect(patched.visibility).toBe('PRIVATE');
      refused(seenByOther, 404, 'image_name');
    });

    it('should let any team member change a team image and answer 404 to non-members', async () => {
      // Arrange
      const body = { visibility: 'PUBLIC', teamId: 'team-1' };

      // Act
      const outsider = await patchVisibility(server, 'team-runtime:2024.1', body, 'other');
      const member = await patchVisibility(server, 'team-runtime:2024.1', body, 'teammate');
      const readBack = await send(server, 'GET', '/api/v1/images/team-runtime/2024.1?teamId=team-1', { as: 'other' });

      // Assert
      refused(outsider, 404, 'teamId');
      const patched = ok<{ images: Row[] }>(member, 'UpdateImageVisibilityResponse');
      expect(patched.images.map((row) => [row.teamId, row.visibility])).toEqual([
        ['team-1', 'PUBLIC'],
        ['team-1', 'PUBLIC'],
      ]);
      expect(ok<{ images: Row[] }>(readBack, 'ImageArtifactsResponse').images).toEqual(patched.images);
    });

    it("should answer 404 to a PATCH of another user's image and leave it unchanged", async () => {
      // Arrange
      const body = { visibility: 'PUBLIC' };

      // Act
      const reply = await patchVisibility(server, 'trainer:v1', body, 'other');
      const readBack = await send(server, 'GET', '/api/v1/images/trainer/v1');

      // Assert
      refused(reply, 404, 'image_name');
      expect(ok<{ images: Row[] }>(readBack, 'ImageArtifactsResponse').images.map((row) => row.visibility)).toEqual(['PRIVATE']);
    });

    it('should answer 404 for an unknown image or team', async () => {
      // Arrange
      const body = { visibility: 'PUBLIC' };

      // Act
      const [image, team, emptyTeam] = await Promise.all([
        patchVisibility(server, 'nope:1', body),
        patchVisibility(server, 'python-base:3.11', { ...body, teamId: 'team-404' }),
        patchVisibility(server, 'python-base:3.11', { ...body, teamId: '' }),
      ]);

      // Assert
      refused(image, 404, 'image_name');
      refused(team, 404, 'teamId');
      refused(emptyTeam, 404, 'teamId');
    });

    it('should accept teamId null as the personal context', async () => {
      // Arrange
      const body = { visibility: 'PUBLIC', teamId: null };

      // Act
      const reply = await patchVisibility(server, 'trainer:v1', body);

      // Assert
      expect(ok<{ images: Row[] }>(reply, 'UpdateImageVisibilityResponse').images.map((row) => row.ownerType)).toEqual(['personal']);
    });

    it.each([
      ['missing visibility', { teamId: null }, 'visibility'],
      ['a visibility outside the enum', { visibility: 'public' }, 'visibility'],
      ['a non-string visibility', { visibility: 1 }, 'visibility'],
      ['a numeric teamId', { visibility: 'PUBLIC', teamId: 1 }, 'teamId'],
      ['an object teamId', { visibility: 'PUBLIC', teamId: {} }, 'teamId'],
      ['an array body', '[{"visibility":"PUBLIC"}]', 'body'],
      ['a null body', 'null', 'body'],
      ['a string body', '"PUBLIC"', 'body'],
      ['malformed JSON', '{"visibility":', 'body'],
      ['an empty body', '', 'body'],
    ])('should answer 422 ErrorResponse for %s and change nothing', async (_label, body, param) => {
      // Arrange
      const before = await send(server, 'GET', '/api/v1/images/python-base/3.11');

      // Act
      const reply = await send(server, 'PATCH', '/api/v1/images/python-base/3.11/visibility', { body: body === '' ? undefined : body });
      const after = await send(server, 'GET', '/api/v1/images/python-base/3.11');

      // Assert
      refused(reply, 422, param);
      expect(after.json).toEqual(before.json);
    });

    it('should answer 422 for a body over 64 KiB', async () => {
      // Arrange
      const body = { visibility: 'PUBLIC', padding: 'x'.repeat(70_000) };

      // Act
      const reply = await patchVisibility(server, 'python-base:3.11', body);

      // Assert
      refused(reply, 422, 'body');
    });

    it('should answer 200 exactly for valid bodies and an ErrorResponse 404 or 422 otherwise (property, fixed seed)', async () => {
      // Arrange
      const body = fc.oneof(
        fc.record({ visibility: fc.constantFrom('PUBLIC', 'PRIVATE'), teamId: fc.constant(null) }, { requiredKeys: ['visibility'] }),
        fc.dictionary(fc.constantFrom('visibility', 'teamId', 'other'), fc.jsonValue(), { maxKeys: 3 }),
        fc.jsonValue(),
      );

      // Act / Assert
      await fc.assert(
        fc.asyncProperty(body, async (value) => {
          const reply = await patchVisibility(server, 'trainer:v2', value);
          const fields = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
          const valid =
            fields !== undefined &&
            (fields['visibility'] === 'PUBLIC' || fields['visibility'] === 'PRIVATE') &&
            (fields['teamId'] === undefined || fields['teamId'] === null);
          if (valid) {
            expect(ok<{ visibility: string }>(reply, 'UpdateImageVisibilityResponse').visibility).toBe(fields['visibility']);
          } else {
            expect([404, 422]).toContain(reply.status);
            expect(schemas.errors('ErrorResponse', reply.json)).toEqual([]);
          }
        }),
        { seed: 20240501, numRuns: 80 },
      );
    });
  });

  it('should export a fault catalogue of unique, well-formed ids', () => {
    // Arrange
    const ids = primeApi.faults.map((fault) => fault.id);

    // Act
    const unique = new Set(ids);

    // Assert
    expect(unique.size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(12);
    for (const fault of primeApi.faults) {
      expect(fault.api).toBe('prime');
      expect(fault.id).toMatch(/^[a-z_]+\/[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(fault.id.startsWith(`${fault.caughtBy}/`)).toBe(true);
      expect(fault.description.length).toBeGreaterThan(10);
    }
  });
});
