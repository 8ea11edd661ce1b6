import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { deriveSeed } from '../../src/generate/derive-seed.ts';
import type { Principal } from '../../src/principals.ts';
import { declaredLists, declaredPaginationPlan } from '../../src/run/semantic/declared-pagination.ts';
import { judgeCompleteness, judgeFilter, type JudgedDraft } from '../../src/run/semantic/judge-walk.ts';
import { markedNullSortValues, type SortWalk } from '../../src/run/semantic/declared-sort.ts';
import { judgeRefusals, type RefusalProbe } from '../../src/run/semantic/list-probes.ts';
import { pointerAdapter, walkPages } from '../../src/run/semantic/pagination-walk.ts';
import type { SemanticPlan } from '../../src/run/semantic/semantic-plan.ts';
import type { ObservedDraft, SemanticProperty, SemanticSession } from '../../src/run/semantic/semantic-session.ts';
import { loadSuiteApi } from '../../src/run/suite-api.ts';
import { glanceDeclaration } from './declaration.ts';
import { createOwnImage } from './own-image.ts';
import { unprotectSuiteRequest } from './unprotect.ts';

const LIST = 'listImages';
const PAGES: SemanticProperty = { checkId: 'pagination_complete', operationId: LIST, operationLabel: 'GET /images (pagination)' };
const ORDER: SemanticProperty = { checkId: 'pagination_order', operationId: LIST, operationLabel: 'GET /images (pagination)' };
const FILTERS: SemanticProperty = { checkId: 'list_filters', operationId: LIST, operationLabel: 'GET /images (filters)' };

/** The properties the Glance pagination suite reports. */
export const glancePaginationProperties: readonly SemanticProperty[] = [PAGES, ORDER, FILTERS];

/** Glance v2 pages: `images[]`, a relative `next` link (`limit`/`marker`), items identified by `id`. */
const glanceListAdapter = pointerAdapter('/images', '/next');

const EXTRA_TAGS = ['conform-a', 'conform-b', 'conform-c'] as const;

/**
 * What Glance's list refuses, which no declaration part says: a marker naming no visible image (one
 * this run deleted) and limits that are no page size are 400.
 */
async function glanceListRefusals(session: SemanticSession, owner: Principal): Promise<readonly JudgedDraft[]> {
  const probes: RefusalProbe[] = [];
  const gone = await createOwnImage(session, owner, { name: 'conform-gone', disk_format: 'raw', container_format: 'bare' });
  if (typeof gone !== 'string') {
    await session.send('deleteImage', { method: 'DELETE', path: gone.url }, owner);
    session.removed(gone.url);
    probes.push({ what: 'marker of a deleted image', key: 'bad-marker-accepted', exchange: await session.send(LIST, { method: 'GET', path: '/images', query: [['marker', gone.id]] }, owner) });
  }
  for (const limit of ['-1', 'abc']) {
    probes.push({ what: `limit=${limit}`, key: 'bad-limit-accepted', exchange: await session.send(LIST, { method: 'GET', path: '/images', query: [['limit', limit]] }, owner) });
  }
  return judgeRefusals(probes, 'GET /images');
}

/**
 * Paging by name past images without one (name null, as an image created without a name has): two
 * named "" first, then two with no name, under a tag only this run uses, walked one image a page each
 * way. Every image must be listed once: upstream Glance's marker pagination compares the marker's
 * null name as "" and leaves out the "" images ascending and the nameless ones descending. Run on
 * every run, so this defect is reported whatever the seed, not only when the random walks meet such
 * images (their findings then carry the same `:null-sort-values` keys).
 */
async function glanceNullNameWalks(session: SemanticSession, owner: Principal): Promise<readonly JudgedDraft[]> {
  const tag = `conform-nulls-${randomUUID().slice(0, 8)}`;
  const ids: string[] = [];
  const items: unknown[] = [];
  for (const name of ['', '', undefined, undefined]) {
    const made = await createOwnImage(session, owner, { ...(name === undefined ? {} : { name }), disk_format: 'raw', container_format: 'bare', tags: [tag] });
    if (typeof made === 'string') throw new Error(`could not create the images without a name: ${made}`);
    ids.push(made.id);
    items.push(made.item);
  }
  const found: JudgedDraft[] = [];
  for (const direction of ['asc', 'desc'] as const) {
    const walk: SortWalk = { key: 'name', pointer: '/name', direction, directionSent: true, query: [['sort_key', 'name'], ['sort_dir', direction]] };
    const query: [string, string][] = [['tag', tag], ...walk.query.map(([name, value]): [string, string] => [name, value]), ['limit', '1']];
    const label = `GET /images?${new URLSearchParams(query).toString()}`;
    const done = await walkPages(session.outgoing({ method: 'GET', path: '/images', query }, owner).url, (url) => session.send(LIST, { method: 'GET', path: url }, owner), glanceListAdapter, ids.length + 3);
    found.push(...markedNullSortValues(judgeCompleteness(done, { limit: 1, expectedIds: ids, exact: true, fullPageNeedsNext: false, label }, glanceListAdapter), done, walk, items));
  }
  return found;
}

/**
 * Glance's tag filter, which no equality filter states (`tag` may repeat, and an image matches when it
 * has every tag given), and the exact `name` filter, on a random data set (5 to 8 images, random names,
 * random subsets of three tags) under a tag only this run uses.
 */
async function glanceTagFilters(session: SemanticSession, owner: Principal): Promise<readonly ObservedDraft[]> {
  const arbitrary = fc.array(fc.record({ name: fc.stringMatching(/^[a-z]{1,6}$/), tags: fc.subarray([...EXTRA_TAGS]) }), { minLength: 5, maxLength: 8 });
  const [images] = fc.sample(arbitrary, { seed: deriveSeed(session.runtime.settings.seed, 'glance-pagination'), numRuns: 1 });
  const runTag = `conform-list-${randomUUID().slice(0, 8)}`;
  const model: unknown[] = [];
  for (const image of images ?? []) {
    const made = await createOwnImage(session, owner, { name: image.name, disk_format: 'raw', container_format: 'bare', tags: [runTag, ...image.tags] });
    if (typeof made === 'string') throw new Error(`could not create the tagged data set: ${made}`);
    model.push(made.item);
  }
  const tagsOf = (item: unknown): readonly unknown[] => {
    const tags = (item as { tags?: unknown }).tags;
    return Array.isArray(tags) ? tags : [];
  };
  const filters: { query: [string, string][]; matches: (item: unknown) => boolean }[] = [
    ...[['conform-a'], ['conform-a', 'conform-b'], ['conform-b', 'conform-c']].map((tags) => ({
      query: tags.map((tag): [string, string] => ['tag', tag]),
      matches: (item: unknown) => tags.every((tag) => tagsOf(item).includes(tag)),
    })),
    ...[images?.[0]?.name ?? 'a'].map((name) => ({ query: [['name', name]] as [string, string][], matches: (item: unknown) => (item as { name?: unknown }).name === name })),
  ];
  const found: JudgedDraft[] = [];
  for (const filter of filters) {
    const query: [string, string][] = [['tag', runTag], ...filter.query, ['limit', '1000']];
    const filtered = await walkPages(
      session.outgoing({ method: 'GET', path: '/images', query }, owner).url,
      (url) => session.send(LIST, { method: 'GET', path: url }, owner),
      glanceListAdapter,
      3,
    );
    found.push(...judgeFilter(model, filtered, filter.matches, `GET /images?${new URLSearchParams(query).toString()}`, glanceListAdapter));
  }
  return found.map((item) => ({ ...item, clause: 'Glance v2 list: filters (tag: every given tag; name: exact)' }));
}

/**
 * The Glance list suite: the declared pagination suite of any document (issue "Semantics for any
 * document") on Glance's declaration (specs/glance-v2.conform.yaml: `limit`/`marker`/`next`, newest
 * first, `sort_key`/`sort_dir` on name, id and created_at, equality filters on status, owner,
 * protected and visibility). Glance's own code adds only what no declaration part says: the 400s of a
 * deleted image's marker and of bad limits, and paging by name past images without one (pagination_complete),
 * and the tag filter (list_filters).
 */
export function glancePaginationPlan(principalName = 'owner'): SemanticPlan {
  return {
    properties: glancePaginationProperties,
    async run(session) {
      const model = await loadSuiteApi(session.runtime.settings.sources);
      const list = declaredLists(glanceDeclaration(model)).find((candidate) => candidate.operationId === LIST);
      if (!list) {
        for (const property of glancePaginationProperties) session.skip(property, `${LIST} declares no paging the suite understands (specs/glance-v2.conform.yaml)`);
        return;
      }
      const pages = async (session: SemanticSession, owner: Principal): Promise<readonly JudgedDraft[]> => [...(await glanceListRefusals(session, owner)), ...(await glanceNullNameWalks(session, owner))];
      await declaredPaginationPlan(model, list, principalName, { pages, filters: glanceTagFilters }).run(session);
    },
    beforeRemove: (entry) => [unprotectSuiteRequest(entry.url)],
  };
}
