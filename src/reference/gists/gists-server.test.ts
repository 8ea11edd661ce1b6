import { afterEach, describe, expect, it } from 'vitest';
import { startServerOf } from '../server.ts';
import type { ReferenceServer } from '../types.ts';
import { gistsApi } from './api.ts';
import { GISTS_FAULT, gistsFaults, type GistsFaultId } from './faults.ts';
import { GISTS_USERS } from './users.ts';

const [OWNER, OTHER] = GISTS_USERS;
let server: ReferenceServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(faults: readonly string[] = [], rateWindowMs?: number): Promise<string> {
  server = await startServerOf(gistsApi, { faults, ...(rateWindowMs === undefined ? {} : { rateWindowMs }) });
  return server.url;
}

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

async function call(base: string, method: string, path: string, as: { token: string } | null, body?: unknown): Promise<Answer> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { accept: 'application/json', ...(as ? { authorization: `Bearer ${as.token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

const idOf = (answer: Answer): string => String((answer.body as { id?: unknown }).id);
const ids = (answer: Answer): string[] => (answer.body as { id: string }[]).map((gist) => gist.id);

async function create(base: string, isPublic: boolean, name = 'a.txt'): Promise<string> {
  const made = await call(base, 'POST', '/gists', OWNER, { description: name, public: isPublic, files: { [name]: { content: 'hello' } } });
  expect(made.status).toBe(201);
  return idOf(made);
}

describe('the gists reference server', () => {
  it('should keep secret gists readable by id but out of public lists, and changes to the owner', async () => {
    // Arrange
    const base = await start();
    const secret = await create(base, false);
    const open = await create(base, true);
    // Act / Assert
    expect((await call(base, 'GET', `/gists/${secret}`, null)).status).toBe(200);
    expect(ids(await call(base, 'GET', '/gists/public', null))).toEqual([open]);
    expect(ids(await call(base, 'GET', '/gists', OWNER))).toEqual([open, secret]);
    expect(ids(await call(base, 'GET', '/gists', OTHER))).toEqual([]);
    expect(ids(await call(base, 'GET', `/users/${OWNER.login}/gists`, OTHER))).toEqual([open]);
    expect((await call(base, 'PATCH', `/gists/${secret}`, OTHER, { description: 'x' })).status).toBe(404);
    expect((await call(base, 'DELETE', `/gists/${secret}`, OTHER)).status).toBe(404);
    expect((await call(base, 'DELETE', `/gists/${secret}`, OWNER)).status).toBe(204);
    expect((await call(base, 'GET', `/gists/${secret}`, OWNER)).status).toBe(404);
  });

  it('should page with per_page and a Link header, newest first, and announce its quota', async () => {
    // Arrange
    const base = await start();
    const made: string[] = [];
    for (let index = 0; index < 5; index += 1) made.push(await create(base, true, `f${index}.txt`));
    // Act
    const first = await call(base, 'GET', '/gists/public?per_page=2', null);
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '')?.[1] ?? '';
    const second = await call(base, 'GET', new URL(next).pathname + new URL(next).search, null);
    // Assert
    expect(ids(first)).toEqual([made[4], made[3]]);
    expect(ids(second)).toEqual([made[2], made[1]]);
    expect(first.headers.get('link')).toMatch(/rel="last"/);
    expect(Number(first.headers.get('x-ratelimit-remaining'))).toBeGreaterThan(Number(second.headers.get('x-ratelimit-remaining')));
  });

  it('should answer 429 with Retry-After past the limit of a shortened window, per token, and recover', async () => {
    // Arrange: a 1 s window comes with a limit of 30
    const base = await start([], 1_000);
    // Act
    const answers: Answer[] = [];
    for (let index = 0; index < 31; index += 1) answers.push(await call(base, 'GET', '/gists', OWNER));
    const other = await call(base, 'GET', '/gists', OTHER);
    // Assert
    expect(answers.slice(0, 30).every((answer) => answer.status === 200)).toBe(true);
    expect(answers[30]?.status).toBe(429);
    expect(Number(answers[30]?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(other.status).toBe(200);
  });

  it('should refuse a body without files, or with a file without content, with 422', async () => {
    const base = await start();
    expect((await call(base, 'POST', '/gists', OWNER, { description: 'x' })).status).toBe(422);
    expect((await call(base, 'POST', '/gists', OWNER, { files: { 'a.txt': {} } })).status).toBe(422);
    expect((await call(base, 'POST', '/gists', OWNER, { files: { 'a.txt': { content: 'x' } }, public: 'yes' })).status).toBe(422);
  });
});

/** Whether `path`, read as `as` (anonymous when null), lists the gist `id`. */
async function listedAfter(base: string, id: string, path: string, as: { token: string } | null): Promise<boolean> {
  return ids(await call(base, 'GET', path, as)).includes(id);
}

/** For each fault, a request sequence whose answer differs between the clean server and the faulty one. */
const SYMPTOMS: Readonly<Record<GistsFaultId, (base: string) => Promise<unknown>>> = {
  [GISTS_FAULT.createdNotReadable]: async (base) => (await call(base, 'GET', `/gists/${await create(base, false)}`, OWNER)).status,
  [GISTS_FAULT.createdNotListed]: async (base) => listedAfter(base, await create(base, false), '/gists', OWNER),
  [GISTS_FAULT.updateNotPersisted]: async (base) => {
    const id = await create(base, false);
    await call(base, 'PATCH', `/gists/${id}`, OWNER, { description: 'changed' });
    return ((await call(base, 'GET', `/gists/${id}`, OWNER)).body as { description: unknown }).description;
  },
  [GISTS_FAULT.deletedStillReadable]: async (base) => {
    const id = await create(base, false);
    await call(base, 'DELETE', `/gists/${id}`, OWNER);
    return (await call(base, 'GET', `/gists/${id}`, OWNER)).status;
  },
  [GISTS_FAULT.deletedStillListed]: async (base) => {
    const id = await create(base, false);
    await call(base, 'DELETE', `/gists/${id}`, OWNER);
    return ids(await call(base, 'GET', '/gists', OWNER)).includes(id);
  },
  [GISTS_FAULT.secretInPublicList]: async (base) => listedAfter(base, await create(base, false), '/gists/public', null),
  [GISTS_FAULT.secretInUserList]: async (base) => listedAfter(base, await create(base, false), `/users/${OWNER.login}/gists`, OTHER),
  [GISTS_FAULT.othersGistsInMyList]: async (base) => listedAfter(base, await create(base, true), '/gists', OTHER),
  [GISTS_FAULT.otherCanUpdate]: async (base) => (await call(base, 'PATCH', `/gists/${await create(base, false)}`, OTHER, { description: 'x' })).status,
  [GISTS_FAULT.otherCanDelete]: async (base) => (await call(base, 'DELETE', `/gists/${await create(base, false)}`, OTHER)).status,
  [GISTS_FAULT.publicFlagIgnored]: async (base) => ((await call(base, 'GET', `/gists/${await create(base, true)}`, OWNER)).body as { public: unknown }).public,
  [GISTS_FAULT.publicNeedsToken]: async (base) => (await call(base, 'GET', `/gists/${await create(base, true)}`, null)).status,
  [GISTS_FAULT.skipsItemAtPageBoundary]: async (base) => {
    for (let index = 0; index < 4; index += 1) await create(base, true, `f${index}.txt`);
    return ids(await call(base, 'GET', '/gists/public?per_page=2&page=2', null)).length;
  },
  [GISTS_FAULT.ignoresPerPage]: async (base) => {
    for (let index = 0; index < 3; index += 1) await create(base, true, `f${index}.txt`);
    return ids(await call(base, 'GET', '/gists/public?per_page=1', null)).length;
  },
  [GISTS_FAULT.noNextOnFullPage]: async (base) => {
    for (let index = 0; index < 3; index += 1) await create(base, true, `f${index}.txt`);
    return /rel="next"/.test((await call(base, 'GET', '/gists/public?per_page=2', null)).headers.get('link') ?? '');
  },
  [GISTS_FAULT.duplicatesAcrossPages]: async (base) => {
    for (let index = 0; index < 4; index += 1) await create(base, true, `f${index}.txt`);
    return ids(await call(base, 'GET', '/gists/public?per_page=2&page=2', null));
  },
  [GISTS_FAULT.notEnforced]: async (base) => {
    let last = 0;
    for (let index = 0; index < 31; index += 1) last = (await call(base, 'GET', '/gists', OWNER)).status;
    return last;
  },
  [GISTS_FAULT.remainingNeverDecreases]: async (base) => {
    await call(base, 'GET', '/gists', OWNER);
    return (await call(base, 'GET', '/gists', OWNER)).headers.get('x-ratelimit-remaining');
  },
  [GISTS_FAULT.sharedAcrossTokens]: async (base) => {
    for (let index = 0; index < 30; index += 1) await call(base, 'GET', '/gists', OWNER);
    return (await call(base, 'GET', '/gists', OTHER)).status;
  },
};

describe('the gists faults', () => {
  it('should have a symptom for every fault of the catalogue', () => {
    expect(Object.keys(SYMPTOMS).sort()).toEqual(gistsFaults.map((fault) => fault.id).sort());
  });

  it.each(gistsFaults.map((fault) => fault.id as GistsFaultId))('should change what the server answers when %s is on', async (id) => {
    // Arrange: the quota faults need the shortened window's limit of 30 to be reachable
    const window = id.startsWith('rate_limit_enforced/') ? 60_000 : undefined;
    const clean = await SYMPTOMS[id](await start([], window));
    await server?.close();
    // Act
    const faulty = await SYMPTOMS[id](await start([id], window));
    // Assert
    expect(faulty).not.toEqual(clean);
  });
});
