import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { deriveSeed } from '../../src/generate/derive-seed.ts';
import type { SortOrder } from '../../src/openapi/extensions/pagination.ts';
import { judgeCompleteness, judgeFilter, judgeOrder, type JudgedDraft } from '../../src/run/semantic/judge-walk.ts';
import { judgeRefusals } from '../../src/run/semantic/list-probes.ts';
import { pointerAdapter, walkPages, type Walk } from '../../src/run/semantic/pagination-walk.ts';
import type { SemanticPlan } from '../../src/run/semantic/semantic-plan.ts';
import type { ObservedDraft, SemanticProperty } from '../../src/run/semantic/semantic-session.ts';
import { createOwnImage } from './own-image.ts';
import { unprotectSuiteRequest } from './unprotect.ts';

const LIST = 'listImages';
const PAGES: SemanticProperty = { checkId: 'pagination_complete', operationId: LIST, operationLabel: 'GET /images (pagination)' };
const ORDER: SemanticProperty = { checkId: 'pagination_order', operationId: LIST, operationLabel: 'GET /images (pagination)' };
const FILTERS: SemanticProperty = { checkId: 'list_filters', operationId: LIST, operationLabel: 'GET /images (filters)' };

/** The properties the Glance pagination suite reports. */
export const glancePaginationProperties: readonly SemanticProperty[] = [PAGES, ORDER, FILTERS];

/** Glance v2 pages: `images[]`, a relative `next` link (`limit`/`marker`), items identified by `id`. */
export const glanceListAdapter = pointerAdapter('/images', '/next');

const EXTRA_TAGS = ['conform-a', 'conform-b', 'conform-c'] as const;
const SORTS: readonly SortOrder[] = [
  { field: 'name', direction: 'desc' },
  { field: 'id', direction: 'asc' },
  { field: 'id', direction: 'desc' },
  { field: 'created_at', direction: 'asc' },
];

interface DataSet {
  readonly images: readonly { readonly name: string; readonly tags: readonly string[] }[];
  readonly walks: readonly { readonly limit: number; readonly sort: SortOrder }[];
}

/** K images (random names, random subsets of three tags) and three walks (random limits, the first at most 2; sort by name first). */
function dataSet(seed: number): DataSet {
  const arbitrary = fc.record({
    images: fc.array(fc.record({ name: fc.stringMatching(/^[a-z]{1,6}$/), tags: fc.subarray([...EXTRA_TAGS]) }), { minLength: 5, maxLength: 8 }),
    // The first walk's pages are small enough (at most 2 of at least 5 images) that it follows next from a
    // page that was itself reached by next: a next that loops shows whatever the seed.
    limits: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })),
    sorts: fc.tuple(fc.constantFrom(...SORTS), fc.constantFrom(...SORTS)),
  });
  const [sample] = fc.sample(arbitrary, { seed: deriveSeed(seed, 'glance-pagination'), numRuns: 1 });
  if (!sample) throw new Error('fast-check gave no sample');
  const sorts: SortOrder[] = [{ field: 'name', direction: 'asc' }, ...sample.sorts];
  return { images: sample.images, walks: sample.limits.map((limit, index) => ({ limit, sort: sorts[index] ?? { field: 'name', direction: 'asc' } })) };
}

function observed(judged: readonly JudgedDraft[], clause: string): ObservedDraft[] {
  return judged.map((item) => ({ ...item, clause }));
}

/**
 * The Glance list suite: creates a random data set tagged with a tag only this run uses, walks it
 * with random limits and sorts (`pagination_complete`, `pagination_order`), probes a deleted image's
 * id as marker and bad limits (400), and checks tag and name filters against the model (`list_filters`).
 */
export function glancePaginationPlan(principalName = 'owner'): SemanticPlan {
  return {
    properties: glancePaginationProperties,
    async run(session) {
      const owner = session.principal(principalName);
      if (!owner) {
        const reason = `principal '${principalName}' is not configured (the list suites create their own images as it)`;
        for (const property of glancePaginationProperties) session.skip(property, reason);
        return;
      }
      const data = dataSet(session.runtime.settings.seed);
      const runTag = `conform-list-${randomUUID().slice(0, 8)}`;
      const created: { id: string; item: unknown }[] = [];
      let failure: string | undefined;
      for (const image of data.images) {
        const made = await createOwnImage(session, owner, { name: image.name, disk_format: 'raw', container_format: 'bare', tags: [runTag, ...image.tags] });
        if (typeof made === 'string') {
          failure = made;
          break;
        }
        created.push(made);
      }
      if (failure !== undefined) {
        for (const property of glancePaginationProperties) session.skip(property, `could not create the data set: ${failure}`);
        return;
      }
      const ids = created.map((image) => image.id);
      const walk = async (query: ReadonlyArray<readonly [string, string]>, limit: number): Promise<Walk> =>
        walkPages(
          session.outgoing({ method: 'GET', path: '/images', query }, owner).url,
          (url) => session.send(LIST, { method: 'GET', path: url }, owner),
          glanceListAdapter,
          Math.ceil(ids.length / limit) + 3,
        );
      const walks: { walk: Walk; label: string; limit: number; sort: SortOrder }[] = [];
      for (const { limit, sort } of data.walks) {
        const query: [string, string][] = [['tag', runTag], ['limit', String(limit)], ['sort_key', sort.field], ['sort_dir', sort.direction]];
        walks.push({ walk: await walk(query, limit), label: `GET /images?${new URLSearchParams(query).toString()}`, limit, sort });
      }

      await session.property(PAGES, async () => {
        const found = walks.flatMap(({ walk: done, label, limit }) =>
          judgeCompleteness(done, { limit, expectedIds: ids, exact: true, fullPageNeedsNext: true, label }, glanceListAdapter),
        );
        // A marker naming no visible image (one this run deleted) and limits that are no page size are 400.
        const gone = await createOwnImage(session, owner, { name: 'conform-gone', disk_format: 'raw', container_format: 'bare' });
        const probes = [];
        if (typeof gone !== 'string') {
          await session.send('deleteImage', { method: 'DELETE', path: gone.url }, owner);
          session.removed(gone.url);
          probes.push({ what: 'marker of a deleted image', key: 'bad-marker-accepted', exchange: await session.send(LIST, { method: 'GET', path: '/images', query: [['marker', gone.id]] }, owner) });
        }
        for (const limit of ['-1', 'abc']) {
          probes.push({ what: `limit=${limit}`, key: 'bad-limit-accepted', exchange: await session.send(LIST, { method: 'GET', path: '/images', query: [['limit', limit]] }, owner) });
        }
        return observed([...found, ...judgeRefusals(probes, 'GET /images')], 'Glance v2 list: limit, marker and next');
      });

      await session.property(ORDER, async () =>
        observed(walks.flatMap(({ walk: done, label, sort }) => judgeOrder(done, sort, label, glanceListAdapter)), 'Glance v2 list: sort_key and sort_dir'),
      );

      await session.property(FILTERS, async () => {
        const model = created.map((image) => image.item);
        const tagsOf = (item: unknown): readonly unknown[] => {
          const tags = (item as { tags?: unknown }).tags;
          return Array.isArray(tags) ? tags : [];
        };
        const filters: { query: [string, string][]; matches: (item: unknown) => boolean }[] = [
          ...[['conform-a'], ['conform-a', 'conform-b'], ['conform-b', 'conform-c']].map((tags) => ({
            query: tags.map((tag): [string, string] => ['tag', tag]),
            matches: (item: unknown) => tags.every((tag) => tagsOf(item).includes(tag)),
          })),
          ...[data.images[0]?.name ?? 'a'].map((name) => ({ query: [['name', name]] as [string, string][], matches: (item: unknown) => (item as { name?: unknown }).name === name })),
        ];
        const found: JudgedDraft[] = [];
        for (const filter of filters) {
          const query: [string, string][] = [['tag', runTag], ...filter.query, ['limit', '1000']];
          const filtered = await walk(query, 1000);
          found.push(...judgeFilter(model, filtered, filter.matches, `GET /images?${new URLSearchParams(query).toString()}`, glanceListAdapter));
        }
        return observed(found, 'Glance v2 list: filters (tag: every given tag; name: exact)');
      });
    },
    beforeRemove: (entry) => [unprotectSuiteRequest(entry.url)],
  };
}
