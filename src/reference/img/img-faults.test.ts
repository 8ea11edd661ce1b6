import { describe, expect, it } from 'vitest';
import type { ReferenceServer } from '../types.ts';
import { IMG_FAULT, imgFaults, type ImgFaultId } from './faults.ts';
import { imageIdFor } from './fixtures.ts';
import { makePng } from './image-bytes.ts';
import { ImgSchemas, send, startImg, upload, walkPages, type ImageBody, type ImgAs, type PageBody } from './img-test-support.ts';

const schemas = new ImgSchemas();
const OWNER_PRIVATE = imageIdFor('owner:live:0'); // a jpeg
const OWNER_PUBLISHED = imageIdFor('owner:live:1');
const OWNER_TEST = imageIdFor('owner:test:0');
const PAGINATION_EXTRA = 7;
const OWNER_NEWEST_FIRST = Array.from({ length: 5 + PAGINATION_EXTRA }, (_, index) => imageIdFor(`owner:live:${index}`)).reverse();

/** The check and suite ids conform ships; every fault must name one of them. */
const CATCHERS = new Set([
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_headers_conformance',
  'response_schema_conformance',
  'negative_data_rejection',
  'positive_data_acceptance',
  'ignored_auth',
  'missing_required_header',
  'unsupported_method',
  'use_after_free',
  'ensure_resource_availability',
  'visibility_isolation',
  'visibility_applied',
  'pagination_complete',
  'pagination_order',
  'rate_limit_enforced',
]);

async function statusesOf(server: ReferenceServer, as: ImgAs, count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let index = 0; index < count; index += 1) statuses.push((await send(server, 'GET', '/v1/images?take=1', { as })).status);
  return statuses;
}

/** One conforming behaviour, checked on a fresh server: true when the server conforms. */
interface Probe {
  readonly options?: { seedData?: number; rateWindowMs?: number };
  run(server: ReferenceServer): Promise<boolean>;
}

const PROBES = {
  'auth-missing-key': {
    run: async (server) => (await send(server, 'GET', '/v1/images', { as: 'anonymous' })).status === 401,
  },
  'auth-unknown-key': {
    run: async (server) =>
      (await send(server, 'GET', '/v1/images', { as: 'anonymous', headers: { 'x-api-key': 'img_live_nobody' } })).status === 401,
  },
  'private-by-default': {
    run: async (server) => {
      const created = await upload(server, makePng(5, 5));
      const fixture = await send(server, 'GET', `/v1/images/${OWNER_PRIVATE}`);
      return created.status === 201 && (created.json as ImageBody).url === null && (fixture.json as ImageBody).url === null;
    },
  },
  'publish-201': {
    run: async (server) => (await send(server, 'POST', `/v1/images/${OWNER_PRIVATE}/publish`)).status === 201,
  },
  'unpublish-201': {
    run: async (server) => (await send(server, 'POST', `/v1/images/${OWNER_PUBLISHED}/unpublish`)).status === 201,
  },
  'publish-applies': {
    run: async (server) => {
      const published = await send(server, 'POST', `/v1/images/${OWNER_PRIVATE}/publish`);
      const url = (published.json as ImageBody).url;
      if (url === null || !url.startsWith(`${server.url}/cdn/`)) return false;
      const served = await send(server, 'GET', url, { as: 'anonymous' });
      const read = (await send(server, 'GET', `/v1/images/${OWNER_PRIVATE}`)).json as ImageBody;
      return served.status === 200 && served.headers.get('content-type') === 'image/jpeg' && read.url === url;
    },
  },
  'unpublish-applies': {
    run: async (server) => {
      const url = ((await send(server, 'GET', `/v1/images/${OWNER_PUBLISHED}`)).json as ImageBody).url ?? '';
      const before = await send(server, 'GET', url, { as: 'anonymous' });
      const unpublished = await send(server, 'POST', `/v1/images/${OWNER_PUBLISHED}/unpublish`);
      const after = await send(server, 'GET', url, { as: 'anonymous' });
      return before.status === 200 && (unpublished.json as ImageBody).url === null && after.status === 404;
    },
  },
  'other-account-404': {
    run: async (server) => {
      const replies = await Promise.all(
        ['', '/download'].map((suffix) => send(server, 'GET', `/v1/images/${OWNER_PRIVATE}${suffix}`, { as: 'other' })),
      );
      const publish = await send(server, 'POST', `/v1/images/${OWNER_PRIVATE}/publish`, { as: 'other' });
      return [...replies, publish].every((reply) => reply.status === 404);
    },
  },
  'stage-isolation': {
    run: async (server) => {
      const liveFromTest = await send(server, 'GET', `/v1/images/${OWNER_PRIVATE}`, { as: 'ownerTest' });
      const testFromLive = await send(server, 'GET', `/v1/images/${OWNER_TEST}`);
      return liveFromTest.status === 404 && testFromLive.status === 404;
    },
  },
  'unknown-image-404': {
    run: async (server) => (await send(server, 'GET', '/v1/images/image_000000')).status === 404,
  },
  schemas: {
    run: async (server) => {
      const page = (await send(server, 'GET', '/v1/images?take=5')).json;
      const image = (await send(server, 'GET', `/v1/images/${OWNER_PRIVATE}`)).json;
      const published = (await send(server, 'POST', `/v1/images/${OWNER_PRIVATE}/publish`)).json;
      const created = (await upload(server, makePng(3, 3))).json;
      return [
        schemas.errors('PaginatedImageResponse', page),
        schemas.errors('ImgImage', image),
        schemas.errors('ImgImage', published),
        schemas.errors('ImgImage', created),
      ].every((errors) => errors.length === 0);
    },
  },
  'json-content-type': {
    run: async (server) => {
      const replies = await Promise.all([send(server, 'GET', '/v1/images'), send(server, 'GET', `/v1/images/${OWNER_PRIVATE}`)]);
      return replies.every((reply) => reply.headers.get('content-type') === 'application/json');
    },
  },
  'usage-header': {
    run: async (server) => {
      const live = await upload(server, makePng(2, 2));
      const test = await upload(server, makePng(2, 2), 'x', 'ownerTest');
      return live.headers.get('x-image-processing-usage') === '1' && test.headers.get('x-image-processing-usage') === null;
    },
  },
  'take-bounds': {
    run: async (server) => {
      const replies = await Promise.all(['0', '101', '-1', 'abc'].map((take) => send(server, 'GET', `/v1/images?take=${take}`)));
      return replies.every((reply) => reply.status === 400);
    },
  },
  'take-valid': {
    run: async (server) => {
      const replies = await Promise.all(['1', '10', '77', '100'].map((take) => send(server, 'GET', `/v1/images?take=${take}`)));
      return replies.every((reply) => reply.status === 200);
    },
  },
  'page-complete': {
    options: { seedData: PAGINATION_EXTRA },
    run: async (server) => {
      const walk = await walkPages(server, 3, 20);
      const seen = new Set(walk.ids);
      return (
        walk.finished &&
        walk.pages.every((page) => page.data.length <= 3) &&
        OWNER_NEWEST_FIRST.every((id) => seen.has(id)) &&
        seen.size === OWNER_NEWEST_FIRST.length
      );
    },
  },
  'page-order': {
    options: { seedData: PAGINATION_EXTRA },
    run: async (server) => {
      const walk = await walkPages(server, 3, 20);
      const positions = walk.ids.map((id) => OWNER_NEWEST_FIRST.indexOf(id));
      return positions.every((position, index) => index === 0 || position > (positions[index - 1] ?? -1));
    },
  },
  'method-405': {
    run: async (server) => {
      const put = await send(server, 'PUT', `/v1/images/${OWNER_PRIVATE}`);
      const patch = await send(server, 'PATCH', '/v1/images');
      return put.status === 405 && put.headers.get('allow') === 'GET, DELETE' && patch.status === 405;
    },
  },
  'delete-then-404': {
    run: async (server) => {
      const deleted = await send(server, 'DELETE', `/v1/images/${OWNER_PRIVATE}`);
      const read = await send(server, 'GET', `/v1/images/${OWNER_PRIVATE}`);
      const download = await send(server, 'GET', `/v1/images/${OWNER_PRIVATE}/download`);
      return deleted.status === 204 && read.status === 404 && download.status === 404;
    },
  },
  'upload-retrievable': {
    run: async (server) => {
      const created = (await upload(server, makePng(6, 6))).json as ImageBody;
      const read = await send(server, 'GET', `/v1/images/${created.id}`);
      const listed = ((await send(server, 'GET', '/v1/images?take=50')).json as PageBody).data.map((image) => image.id);
      return read.status === 200 && listed.includes(created.id);
    },
  },
  'live-limit': {
    run: async (server) => {
      const statuses = await statusesOf(server, 'owner', 101);
      return statuses.slice(0, 100).every((status) => status === 200) && statuses[100] === 429;
    },
  },
  'test-limit': {
    run: async (server) => {
      const statuses = await statusesOf(server, 'ownerTest', 11);
      return statuses.slice(0, 10).every((status) => status === 200) && statuses[10] === 429;
    },
  },
  'retry-after': {
    run: async (server) => {
      for (let index = 0; index < 120; index += 1) {
        const reply = await send(server, 'GET', '/v1/images?take=1', { as: 'ownerTest' });
        if (reply.status === 429) return /^\d+$/.test(reply.headers.get('retry-after') ?? '');
      }
      return false;
    },
  },
  recovers: {
    options: { rateWindowMs: 500 },
    run: async (server) => {
      const statuses = await statusesOf(server, 'ownerTest', 15);
      if (!statuses.includes(429)) return false;
      // 40 polls 50 ms apart span at least four 500 ms windows.
      for (let poll = 0; poll < 40; poll += 1) {
        if ((await send(server, 'GET', '/v1/images?take=1', { as: 'ownerTest' })).status === 200) return true;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return false;
    },
  },
} satisfies Record<string, Probe>;

type ProbeName = keyof typeof PROBES;

/** For each fault, exactly the probes it must break; every other probe must still pass. */
const BREAKS: Readonly<Record<ImgFaultId, readonly ProbeName[]>> = {
  [IMG_FAULT.serverErrorOnMaxTake]: ['take-valid'],
  [IMG_FAULT.publishReturns200]: ['publish-201', 'unpublish-201'],
  [IMG_FAULT.unknownImage403]: ['unknown-image-404'],
  [IMG_FAULT.listAsTextPlain]: ['json-content-type'],
  [IMG_FAULT.usageHeaderNotInteger]: ['usage-header'],
  [IMG_FAULT.missingCreatedAt]: ['schemas'],
  [IMG_FAULT.widthAsString]: ['schemas'],
  [IMG_FAULT.formatJpg]: ['schemas'],
  [IMG_FAULT.createdAtNotDateTime]: ['schemas'],
  [IMG_FAULT.takeOutOfRangeAccepted]: ['take-bounds'],
  [IMG_FAULT.rejectsTakeAbove50]: ['take-valid'],
  [IMG_FAULT.authIgnored]: ['auth-missing-key', 'auth-unknown-key'],
  [IMG_FAULT.putServedAsGet]: ['method-405'],
  [IMG_FAULT.deletedStillServed]: ['delete-then-404'],
  [IMG_FAULT.uploadNotStored]: ['upload-retrievable'],
  [IMG_FAULT.otherAccountCanRead]: ['other-account-404', 'stage-isolation'],
  [IMG_FAULT.publishLeavesUrlNull]: ['publish-applies'],
  [IMG_FAULT.unpublishKeepsCdn]: ['unpublish-applies'],
  [IMG_FAULT.skipsItemAtPageBoundary]: ['page-complete'],
  [IMG_FAULT.ignoresTake]: ['page-complete'],
  [IMG_FAULT.noNextOnFullPage]: ['page-complete'],
  [IMG_FAULT.duplicatesAcrossPages]: ['page-order'],
  [IMG_FAULT.nextLoops]: ['page-complete', 'page-order'],
  [IMG_FAULT.oldestFirst]: ['page-order'],
  [IMG_FAULT.rateLimitNotEnforced]: ['live-limit', 'test-limit', 'retry-after', 'recovers'],
  [IMG_FAULT.noRetryAfter]: ['retry-after'],
  [IMG_FAULT.neverRecovers]: ['recovers'],
  [IMG_FAULT.testKeyLiveLimit]: ['test-limit', 'recovers'],
};

/** The probes that fail on a server with `faults` on (each probe on its own fresh server). */
async function failingProbes(faults: readonly ImgFaultId[]): Promise<ProbeName[]> {
  const failing: ProbeName[] = [];
  for (const [name, probe] of Object.entries(PROBES) as [ProbeName, Probe][]) {
    const server = await startImg({ faults, ...probe.options });
    try {
      if (!(await probe.run(server))) failing.push(name);
    } finally {
      await server.close();
    }
  }
  return failing;
}

describe('IMG fault catalogue', () => {
  it('should hold at least 14 faults with unique ids named after the check or suite that catches them', () => {
    // Act
    const ids = imgFaults.map((fault) => fault.id);
    // Assert
    expect(imgFaults.length).toBeGreaterThanOrEqual(14);
    expect(new Set(ids).size).toBe(ids.length);
    for (const fault of imgFaults) {
      expect(fault.api).toBe('img');
      expect(fault.id).toMatch(/^[a-z_]+\/[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(fault.id.startsWith(`${fault.caughtBy}/`)).toBe(true);
      expect(CATCHERS.has(fault.caughtBy)).toBe(true);
      expect(fault.description.length).toBeGreaterThan(10);
    }
  });

  it('should give every fault an expectation in the probe matrix', () => {
    expect(Object.keys(BREAKS).sort()).toEqual(imgFaults.map((fault) => fault.id).sort());
  });

  it('should refuse an unknown fault id', async () => {
    await expect(startImg({ faults: ['img/nope' as ImgFaultId] })).rejects.toMatchObject({ code: 'CONFORM_USAGE' });
  });
});

describe('IMG fault switches change exactly the behaviour they name', () => {
  it('should pass every probe with no fault on', async () => {
    expect(await failingProbes([])).toEqual([]);
  });

  it.each(imgFaults.map((fault) => [fault.id as ImgFaultId]))('should break only the expected probes with %s on', async (id) => {
    // Act
    const failing = await failingProbes([id]);
    // Assert
    expect(failing.sort()).toEqual([...BREAKS[id]].sort());
  });
});

describe('IMG fault manifestations', () => {
  async function withFault<T>(id: ImgFaultId, act: (server: ReferenceServer) => Promise<T>): Promise<T> {
    const server = await startImg({ faults: [id] });
    try {
      return await act(server);
    } finally {
      await server.close();
    }
  }

  it('should answer take=100 with 500', async () => {
    const reply = await withFault(IMG_FAULT.serverErrorOnMaxTake, (server) => send(server, 'GET', '/v1/images?take=100'));
    expect(reply.status).toBe(500);
  });

  it('should answer 403 for an id that exists nowhere but still 404 for a foreign one', async () => {
    const [unknown, foreign] = await withFault(IMG_FAULT.unknownImage403, (server) =>
      Promise.all([send(server, 'GET', '/v1/images/image_000000'), send(server, 'GET', `/v1/images/${OWNER_PRIVATE}`, { as: 'other' })]),
    );
    expect([unknown.status, foreign.status]).toEqual([403, 404]);
  });

  it('should send the list as text/plain while the body stays JSON', async () => {
    const reply = await withFault(IMG_FAULT.listAsTextPlain, (server) => send(server, 'GET', '/v1/images'));
    expect(reply.headers.get('content-type')).toBe('text/plain');
    expect(schemas.errors('PaginatedImageResponse', reply.json)).toEqual([]);
  });

  it('should send a non-integer usage header', async () => {
    const reply = await withFault(IMG_FAULT.usageHeaderNotInteger, (server) => send(server, 'POST', `/v1/images/${OWNER_PRIVATE}/publish`));
    expect(reply.headers.get('x-image-processing-usage')).toBe('one');
  });

  it.each([
    [IMG_FAULT.missingCreatedAt, ' required', (image: ImageBody) => !('created_at' in image)],
    [IMG_FAULT.widthAsString, '/width type', (image: ImageBody) => typeof image.width === 'string'],
    [IMG_FAULT.formatJpg, '/format enum', (image: ImageBody) => image.format === 'jpg'],
    [IMG_FAULT.createdAtNotDateTime, '/created_at format', (image: ImageBody) => /^\d+$/.test(image.created_at)],
  ] as const)('should violate the Image schema with %s', async (id, error, shape) => {
    const reply = await withFault(id, (server) => send(server, 'GET', `/v1/images/${OWNER_PRIVATE}`));
    const image = reply.json as ImageBody;
    expect(shape(image)).toBe(true);
    expect(schemas.errors('ImgImage', image)).toEqual([error]);
  });

  it('should clamp out-of-range take instead of refusing it', async () => {
    const reply = await withFault(IMG_FAULT.takeOutOfRangeAccepted, (server) => send(server, 'GET', '/v1/images?take=0'));
    expect(reply.status).toBe(200);
    expect((reply.json as PageBody).data).toHaveLength(1);
  });

  it('should serve a keyless request as the owner', async () => {
    const reply = await withFault(IMG_FAULT.authIgnored, (server) => send(server, 'GET', `/v1/images/${OWNER_PRIVATE}`, { as: 'anonymous' }));
    expect(reply.status).toBe(200);
  });

  it('should answer PUT like GET', async () => {
    const reply = await withFault(IMG_FAULT.putServedAsGet, (server) => send(server, 'PUT', `/v1/images/${OWNER_PRIVATE}`));
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ id: OWNER_PRIVATE });
  });

  it("should let the other account read the owner's private image", async () => {
    const reply = await withFault(IMG_FAULT.otherAccountCanRead, (server) => send(server, 'GET', `/v1/images/${OWNER_PRIVATE}`, { as: 'other' }));
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ id: OWNER_PRIVATE, url: null });
  });

  it('should loop the last page back to the first', async () => {
    // Five owner images in pages of 4: the second page is the last, and its next is the first page again.
    const walk = await withFault(IMG_FAULT.nextLoops, (server) => walkPages(server, 4, 3));
    expect(walk.finished).toBe(false);
    expect(walk.ids.slice(5, 9)).toEqual(walk.ids.slice(0, 4));
  });

  it('should let a test key make 100 requests', async () => {
    const statuses = await withFault(IMG_FAULT.testKeyLiveLimit, (server) => statusesOf(server, 'ownerTest', 101));
    expect(statuses.indexOf(429)).toBe(100);
  });

  it('should refuse without Retry-After', async () => {
    const statuses = await withFault(IMG_FAULT.noRetryAfter, async (server) => {
      await statusesOf(server, 'ownerTest', 10);
      return send(server, 'GET', '/v1/images', { as: 'ownerTest' });
    });
    expect(statuses.status).toBe(429);
    expect(statuses.headers.get('retry-after')).toBeNull();
  });
});
