import { describe, expect, it } from 'vitest';
import type { ReferenceServer } from '../types.ts';
import { PRIME_FAULT, primeFaults } from './faults.ts';
import type { PrimeFaultId } from './faults.ts';
import { PrimeSchemas, patchVisibility, send, startPrime } from './prime-test-support.ts';
import type { Reply, SendOptions } from './prime-test-support.ts';

const schemas = new PrimeSchemas();

interface Probe {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly options?: SendOptions;
}

const owner = '/api/v1/images/python-base/3.11';
// One fixed sequence of requests touching every rule; later probes see the state earlier ones left.
const PROBES: readonly Probe[] = [
  { name: 'list-owner', method: 'GET', path: '/api/v1/images' },
  { name: 'list-public-as-other', method: 'GET', path: '/api/v1/images?include=public', options: { as: 'other' } },
  { name: 'get-private-as-other', method: 'GET', path: `${owner}?ownerId=user-owner`, options: { as: 'other' } },
  { name: 'get-unknown-team', method: 'GET', path: '/api/v1/images/x/y?teamId=team-404' },
  { name: 'list-team-as-other', method: 'GET', path: '/api/v1/images?teamId=team-1', options: { as: 'other' } },
  { name: 'anonymous', method: 'GET', path: '/api/v1/images', options: { as: 'anonymous' } },
  { name: 'invalid-token', method: 'GET', path: '/api/v1/images', options: { as: 'anonymous', headers: { authorization: 'Bearer nope' } } },
  { name: 'delete-method', method: 'DELETE', path: `${owner}/visibility` },
  { name: 'patch-invalid-visibility', method: 'PATCH', path: `${owner}/visibility`, options: { body: { visibility: 'hidden' } } },
  { name: 'patch-null-team', method: 'PATCH', path: '/api/v1/images/trainer/v1/visibility', options: { body: { visibility: 'PUBLIC', teamId: null } } },
  { name: 'patch-as-non-owner', method: 'PATCH', path: '/api/v1/images/trainer/v2/visibility', options: { as: 'other', body: { visibility: 'PUBLIC' } } },
  {
    name: 'patch-team-as-other',
    method: 'PATCH',
    path: '/api/v1/images/team-runtime/2024.1/visibility',
    options: { as: 'other', body: { visibility: 'PUBLIC', teamId: 'team-1' } },
  },
  { name: 'patch-owner', method: 'PATCH', path: `${owner}/visibility`, options: { body: { visibility: 'PUBLIC' } } },
  { name: 'read-back-owner', method: 'GET', path: owner },
];

/** The probes whose 200 answers carry image rows. */
const WITH_IMAGES = ['list-owner', 'list-public-as-other', 'patch-null-team', 'patch-owner', 'read-back-owner'];
/** Every probe answered by a counted, non-429 response (all of them). */
const ALL = PROBES.map((probe) => probe.name);

/** The baseline probes each fault may change; every other probe must answer exactly as without faults. */
const CHANGES: Readonly<Record<PrimeFaultId, readonly string[]>> = {
  [PRIME_FAULT.unknownTeamCrash]: ['get-unknown-team'],
  [PRIME_FAULT.invalidBody400]: ['patch-invalid-visibility'],
  [PRIME_FAULT.update204]: ['patch-null-team', 'patch-owner'],
  [PRIME_FAULT.textPlain]: WITH_IMAGES,
  [PRIME_FAULT.noRateLimitHeaders]: ALL,
  [PRIME_FAULT.missingCreatedAt]: WITH_IMAGES,
  [PRIME_FAULT.sizeBytesString]: WITH_IMAGES,
  [PRIME_FAULT.lowercaseStatus]: WITH_IMAGES,
  [PRIME_FAULT.httpDateCreatedAt]: WITH_IMAGES,
  [PRIME_FAULT.acceptsUnknownVisibility]: ['patch-invalid-visibility'],
  [PRIME_FAULT.rejectsNullTeamId]: ['patch-null-team'],
  [PRIME_FAULT.noCredentialsAccepted]: ['anonymous'],
  [PRIME_FAULT.invalidTokenAccepted]: ['invalid-token'],
  [PRIME_FAULT.ignoresMethod]: ['delete-method'],
  [PRIME_FAULT.vanishesAfterUpdate]: ['read-back-owner'],
  [PRIME_FAULT.privateVisibleToOthers]: ['list-public-as-other', 'get-private-as-other'],
  [PRIME_FAULT.nonOwnerCanUpdate]: ['patch-as-non-owner'],
  [PRIME_FAULT.teamMembershipIgnored]: ['list-team-as-other', 'patch-team-as-other'],
  [PRIME_FAULT.notPersisted]: ['read-back-owner'],
  [PRIME_FAULT.partialRows]: ['patch-owner', 'read-back-owner'],
  [PRIME_FAULT.never429]: [],
  [PRIME_FAULT.perIpOnly]: [],
  [PRIME_FAULT.noRetryAfter]: [],
  [PRIME_FAULT.neverRecovers]: [],
};

/** What a probe observed, minus what varies run to run (RateLimit-Reset seconds, dates). */
function observe(reply: Reply): unknown {
  return {
    status: reply.status,
    contentType: reply.headers.get('content-type'),
    rateLimitHeaders: ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset'].map((name) => reply.headers.has(name)),
    retryAfter: reply.headers.has('retry-after'),
    allow: reply.headers.get('allow'),
    challenge: reply.headers.get('www-authenticate'),
    body: reply.json ?? reply.text,
  };
}

async function runBaseline(faults: readonly PrimeFaultId[]): Promise<Map<string, unknown>> {
  const server = await startPrime({ faults });
  try {
    const observed = new Map<string, unknown>();
    for (const probe of PROBES) observed.set(probe.name, observe(await send(server, probe.method, probe.path, probe.options)));
    return observed;
  } finally {
    await server.close();
  }
}

async function withServer<T>(faults: readonly PrimeFaultId[], act: (server: ReferenceServer) => Promise<T>): Promise<T> {
  const server = await startPrime({ faults });
  try {
    return await act(server);
  } finally {
    await server.close();
  }
}

function rows(reply: Reply): Record<string, unknown>[] {
  const body = reply.json as { data?: Record<string, unknown>[]; images?: Record<string, unknown>[] };
  return body.data ?? body.images ?? [];
}

describe('Prime fault switches', () => {
  it('should give every catalogued fault an expected effect in this file', () => {
    // Arrange
    const catalogued = primeFaults.map((fault) => fault.id).sort();

    // Act
    const covered = Object.keys(CHANGES).sort();

    // Assert
    expect(covered).toEqual(catalogued);
  });

  it.each(primeFaults.map((fault) => [fault.id]))('%s should change exactly its own probes of the baseline', async (id) => {
    // Arrange
    const clean = await runBaseline([]);
    const expected = new Set(CHANGES[id as PrimeFaultId]);

    // Act
    const faulted = await runBaseline([id as PrimeFaultId]);

    // Assert
    const changed = PROBES.map((probe) => probe.name).filter((name) => JSON.stringify(faulted.get(name)) !== JSON.stringify(clean.get(name)));
    expect(changed).toEqual(PROBES.map((probe) => probe.name).filter((name) => expected.has(name)));
  });

  describe('the named behaviour', () => {
    it('not_a_server_error/unknown-team-crash: should answer 500 for an unknown teamId on every operation', async () => {
      // Arrange
      const faults = [PRIME_FAULT.unknownTeamCrash];

      // Act
      const replies = await withServer(faults, (server) =>
        Promise.all([
          send(server, 'GET', '/api/v1/images?teamId=team-404'),
          send(server, 'GET', '/api/v1/images/python-base/3.11?teamId=team-404'),
          patchVisibility(server, 'python-base:3.11', { visibility: 'PUBLIC', teamId: 'team-404' }),
        ]),
      );

      // Assert
      expect(replies.map((reply) => reply.status)).toEqual([500, 500, 500]);
    });

    it('status_code_conformance/400-for-invalid-body: should answer 400 with the 422 body', async () => {
      // Arrange
      const body = { teamId: 7 };

      // Act
      const reply = await withServer([PRIME_FAULT.invalidBody400], (server) => patchVisibility(server, 'python-base:3.11', body));

      // Assert
      expect(reply.status).toBe(400);
      expect(schemas.errors('ErrorResponse', reply.json)).toEqual([]);
    });

    it('status_code_conformance/204-on-update: should answer 204 without a body yet apply the change', async () => {
      // Arrange
      const body = { visibility: 'PUBLIC' };

      // Act
      const [patch, readBack] = await withServer([PRIME_FAULT.update204], async (server) => [
        await patchVisibility(server, 'python-base:3.11', body),
        await send(server, 'GET', '/api/v1/images/python-base/3.11'),
      ]);

      // Assert
      expect([patch?.status, patch?.text]).toEqual([204, '']);
      expect(rows(readBack as Reply).map((row) => row['visibility'])).toEqual(['PUBLIC', 'PUBLIC']);
    });

    it('content_type_conformance/text-plain-json: should label 200 JSON as text/plain but not errors', async () => {
      // Arrange
      const faults = [PRIME_FAULT.textPlain];

      // Act
      const [list, missing] = await withServer(faults, (server) =>
        Promise.all([send(server, 'GET', '/api/v1/images'), send(server, 'GET', '/api/v1/images/nope/1')]),
      );

      // Assert
      expect(list?.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(schemas.errors('ImageListResponse', list?.json)).toEqual([]);
      expect(missing?.headers.get('content-type')).toBe('application/json');
    });

    it('response_headers_conformance/no-ratelimit-headers: should drop RateLimit-* from 200s only', async () => {
      // Arrange
      const faults = [PRIME_FAULT.noRateLimitHeaders];

      // Act
      const reply = await withServer(faults, (server) => send(server, 'GET', '/api/v1/images'));

      // Assert
      expect(reply.status).toBe(200);
      expect(['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset'].map((name) => reply.headers.has(name))).toEqual([false, false, false]);
    });

    it.each([
      [PRIME_FAULT.missingCreatedAt, [' required']],
      [PRIME_FAULT.sizeBytesString, ['/sizeBytes type', '/sizeBytes anyOf']],
      [PRIME_FAULT.lowercaseStatus, ['/status enum']],
      [PRIME_FAULT.httpDateCreatedAt, ['/createdAt format']],
    ])('%s: should break every image row in exactly that way', async (fault, expected) => {
      // Arrange
      const faults = [fault];

      // Act
      const reply = await withServer(faults, (server) => send(server, 'GET', '/api/v1/images'));

      // Assert
      const errors = rows(reply).map((row) => schemas.errors('ImageResponse', row));
      expect(errors.length).toBeGreaterThan(0);
      for (const rowErrors of errors) expect(new Set(rowErrors)).toEqual(new Set(expected));
    });

    it('negative_data_rejection/accepts-unknown-visibility: should answer 200 and store PRIVATE for an unknown value', async () => {
      // Arrange
      const body = { visibility: 'hidden' };

      // Act
      const reply = await withServer([PRIME_FAULT.acceptsUnknownVisibility], (server) => patchVisibility(server, 'python-base:3.12', body));

      // Assert
      expect(reply.status).toBe(200);
      expect((reply.json as { visibility: string }).visibility).toBe('PRIVATE');
    });

    it('positive_data_acceptance/rejects-null-team-id: should refuse teamId null with 422', async () => {
      // Arrange
      const body = { visibility: 'PUBLIC', teamId: null };

      // Act
      const [withNull, without] = await withServer([PRIME_FAULT.rejectsNullTeamId], (server) =>
        Promise.all([patchVisibility(server, 'trainer:v1', body), patchVisibility(server, 'trainer:v2', { visibility: 'PUBLIC' })]),
      );

      // Assert
      expect(withNull?.status).toBe(422);
      expect(without?.status).toBe(200);
    });

    it.each([
      [PRIME_FAULT.noCredentialsAccepted, {}],
      [PRIME_FAULT.invalidTokenAccepted, { authorization: 'Bearer forged' }],
    ])('%s: should run a PATCH as the owner', async (fault, headers) => {
      // Arrange
      const options: SendOptions = { as: 'anonymous', headers, body: { visibility: 'PUBLIC' } };

      // Act
      const reply = await withServer([fault], (server) => send(server, 'PATCH', '/api/v1/images/trainer/v1/visibility', options));

      // Assert
      expect(reply.status).toBe(200);
      expect(rows(reply).map((row) => row['displayRef'])).toEqual(['user-owner/trainer:v1']);
    });

    it('unsupported_method/ignores-method: should run the GET handler for a DELETE', async () => {
      // Arrange
      const faults = [PRIME_FAULT.ignoresMethod];

      // Act
      const reply = await withServer(faults, (server) => send(server, 'DELETE', '/api/v1/images/python-base/3.11'));

      // Assert
      expect(reply.status).toBe(200);
      expect(reply.headers.get('allow')).toBeNull();
    });

    it('visibility_applied/vanishes-after-update: should answer the PATCH, then 404 for the image', async () => {
      // Arrange
      const faults = [PRIME_FAULT.vanishesAfterUpdate];

      // Act
      const [patch, readBack] = await withServer(faults, async (server) => [
        await patchVisibility(server, 'trainer:v2', { visibility: 'PUBLIC' }),
        await send(server, 'GET', '/api/v1/images/trainer/v2'),
      ]);

      // Assert
      expect(patch?.status).toBe(200);
      expect(readBack?.status).toBe(404);
    });

    it("visibility_isolation/private-visible-to-others: should show another user's PRIVATE image", async () => {
      // Arrange
      const faults = [PRIME_FAULT.privateVisibleToOthers];

      // Act
      const reply = await withServer(faults, (server) => send(server, 'GET', '/api/v1/images/secret-model/latest?ownerId=user-other'));

      // Assert
      expect(reply.status).toBe(200);
      expect(rows(reply).map((row) => row['visibility'])).toEqual(['PRIVATE', 'PRIVATE']);
    });

    it("visibility_isolation/non-owner-can-update: should let other publish the owner's image", async () => {
      // Arrange
      const faults = [PRIME_FAULT.nonOwnerCanUpdate];

      // Act
      const [patch, readBack] = await withServer(faults, async (server) => [
        await patchVisibility(server, 'trainer:v1', { visibility: 'PUBLIC' }, 'other'),
        await send(server, 'GET', '/api/v1/images/trainer/v1'),
      ]);

      // Assert
      expect(patch?.status).toBe(200);
      expect(rows(readBack as Reply).map((row) => row['visibility'])).toEqual(['PUBLIC']);
    });

    it('visibility_isolation/team-membership-ignored: should let a non-member read a team PRIVATE image', async () => {
      // Arrange
      const faults = [PRIME_FAULT.teamMembershipIgnored];

      // Act
      const reply = await withServer(faults, (server) => send(server, 'GET', '/api/v1/images/eval-suite/0.3?teamId=team-1', { as: 'other' }));

      // Assert
      expect(reply.status).toBe(200);
      expect(rows(reply).map((row) => row['visibility'])).toEqual(['PRIVATE']);
    });

    it('visibility_applied/not-persisted: should answer PUBLIC while the stored rows stay PRIVATE', async () => {
      // Arrange
      const faults = [PRIME_FAULT.notPersisted];

      // Act
      const [patch, readBack] = await withServer(faults, async (server) => [
        await patchVisibility(server, 'python-base:3.11', { visibility: 'PUBLIC' }),
        await send(server, 'GET', '/api/v1/images/python-base/3.11'),
      ]);

      // Assert
      expect(rows(patch as Reply).map((row) => row['visibility'])).toEqual(['PUBLIC', 'PUBLIC']);
      expect(rows(readBack as Reply).map((row) => row['visibility'])).toEqual(['PRIVATE', 'PRIVATE']);
    });

    it('visibility_applied/partial-rows: should update only the first artifact row', async () => {
      // Arrange
      const faults = [PRIME_FAULT.partialRows];

      // Act
      const patch = await withServer(faults, (server) => patchVisibility(server, 'python-base:3.11', { visibility: 'PUBLIC' }));

      // Assert
      expect((patch.json as { visibility: string }).visibility).toBe('PUBLIC');
      expect(rows(patch).map((row) => row['visibility'])).toEqual(['PUBLIC', 'PRIVATE']);
    });
  });
});
