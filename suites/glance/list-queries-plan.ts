import { randomUUID } from 'node:crypto';
import type { Principal } from '../../src/principals.ts';
import { Expectations } from '../../src/run/semantic/expectations.ts';
import type { SemanticPlan } from '../../src/run/semantic/semantic-plan.ts';
import type { ObservedDraft, SemanticProperty, SemanticSession, SuiteRequest } from '../../src/run/semantic/semantic-session.ts';
import type { Exchange } from '../../src/transport/exchange.ts';
import { createOwnImage } from './own-image.ts';
import { listedImageIds, listLink } from './image-bodies.ts';
import { principalOrSkip } from './plan-principal.ts';

/**
 * Upstream Glance's list queries judged exactly, in every run whatever the seed: every filter form
 * (exact name, `in:` and `eq:`, formats, status, owner, protected, custom properties, created_at with
 * its operators), the sort syntaxes with their default directions and tie-breakers, and the paging
 * edges (limit=0, the first and next links). A fixed data set of four images under a tag only this run
 * uses; every expectation is computed from that model by upstream's rules (glance/api/v2/images.py
 * `_get_sorting_params`, glance/db/sqlalchemy/api.py `image_get_all`), each verified on a real
 * glance-api (scripts/glance/).
 */
const LIST = 'listImages';
const FILTERS: SemanticProperty = { checkId: 'list_filters', operationId: LIST, operationLabel: 'GET /images (every filter form)' };
const SORTING: SemanticProperty = { checkId: 'pagination_order', operationId: LIST, operationLabel: 'GET /images (sort syntax and default order)' };
const PAGING: SemanticProperty = { checkId: 'pagination_complete', operationId: LIST, operationLabel: 'GET /images (paging edges and links)' };
const ARGUMENTS: SemanticProperty = { checkId: 'exact_errors', operationId: 'errors', operationLabel: 'list filter arguments (exact errors)' };
const DEFAULT_PAGE: SemanticProperty = { checkId: 'pagination_complete', operationId: LIST, operationLabel: 'GET /images (default page size)' };

/** The properties the Glance list-queries suite reports. */
export const glanceListQueryProperties: readonly SemanticProperty[] = [FILTERS, SORTING, PAGING, ARGUMENTS, DEFAULT_PAGE];

/** Upstream's page size without `limit` (glance-api.conf `limit_param_default`, 25 in Zed). */
const DEFAULT_PAGE_SIZE = 25;

/** What the model knows of one image of the data set; `order` is its place in creation order. */
interface Known {
  readonly id: string;
  readonly name: string;
  readonly disk_format: string;
  readonly container_format: string;
  readonly kind: string;
  readonly created_at: string;
  readonly owner: string;
  readonly order: number;
}

type Query = readonly (readonly [string, string])[];

/** A query as the address shows it. */
function queryText(query: Query): string {
  return new URLSearchParams(query.map(([name, value]): [string, string] => [name, value])).toString();
}

const SHAPES = [
  { suffix: 'alpha', disk_format: 'raw', container_format: 'bare' },
  // A name that contains the first one: a substring match would list it too.
  { suffix: 'alpha-2', disk_format: 'qcow2', container_format: 'bare' },
  { suffix: 'beta', disk_format: 'raw', container_format: 'ovf' },
  { suffix: 'gamma', disk_format: 'iso', container_format: 'bare' },
] as const;

/** The custom property every image of the data set carries, with a value of its own. */
const KIND = 'conform_kind';

type SortKey = 'name' | 'disk_format' | 'container_format' | 'created_at' | 'id';
interface Sorting {
  readonly keys: readonly SortKey[];
  readonly dirs: readonly ('asc' | 'desc')[];
}

/**
 * Upstream's order: the given keys, then created_at and id each in the default direction, which is
 * the one direction given when exactly one was given, desc otherwise. created_at is compared by
 * creation order: upstream keeps sub-second times, so images made one after another never tie.
 */
function expectedOrder(images: readonly Known[], sorting: Sorting): string[] {
  const keys = [...sorting.keys];
  const dirs = sorting.dirs.length === 1 ? keys.map(() => sorting.dirs[0] ?? 'desc') : [...sorting.dirs];
  const tieDir = sorting.dirs.length === 1 ? (sorting.dirs[0] ?? 'desc') : 'desc';
  for (const tie of ['created_at', 'id'] as const) {
    if (!keys.includes(tie)) {
      keys.push(tie);
      dirs.push(tieDir);
    }
  }
  const value = (image: Known, key: SortKey): string | number => (key === 'created_at' ? image.order : image[key]);
  return [...images]
    .sort((left, right) => {
      for (const [index, key] of keys.entries()) {
        const a = value(left, key);
        const b = value(right, key);
        if (a !== b) return (a < b ? -1 : 1) * (dirs[index] === 'desc' ? -1 : 1);
      }
      return 0;
    })
    .map((image) => image.id);
}



/** A query's pairs without the marker, in a stable order, for comparing links. */
function pairsWithoutMarker(query: Iterable<readonly [string, string]>): string[] {
  return [...query].filter(([name]) => name !== 'marker').map(([name, value]) => `${name}=${value}`).sort();
}

export function glanceListQueriesPlan(principalName = 'owner'): SemanticPlan {
  return {
    properties: glanceListQueryProperties,
    async run(session) {
      const owner = principalOrSkip(session, principalName, glanceListQueryProperties);
      if (!owner) return;
      const tag = `conform-lq-${randomUUID().slice(0, 8)}`;
      const images: Known[] = [];
      for (const [order, shape] of SHAPES.entries()) {
        // One after another, never together: the default order is creation order.
        const made = await createOwnImage(session, owner, { name: `${tag}-${shape.suffix}`, disk_format: shape.disk_format, container_format: shape.container_format, tags: [tag], [KIND]: `k-${shape.suffix}` });
        if (typeof made === 'string') {
          for (const item of glanceListQueryProperties) session.skip(item, `could not create the data set: ${made}`);
          return;
        }
        const text = (name: string): string => (typeof made.item[name] === 'string' ? (made.item[name] as string) : '');
        images.push({ id: made.id, name: text('name'), disk_format: shape.disk_format, container_format: shape.container_format, kind: `k-${shape.suffix}`, created_at: text('created_at'), owner: text('owner'), order });
      }
      const list = (query: Query): Promise<Exchange> => session.send(LIST, { method: 'GET', path: '/images', query: [['tag', tag], ...query] }, owner);
      const label = (query: Query): string => `GET /images?${queryText([['tag', tag], ...query])}`;

      await session.property(FILTERS, () => judgeFilters(images, list, label));
      await session.property(SORTING, () => judgeSorting(images, list, label));
      await session.property(PAGING, () => judgePaging(images, list, label));
      await session.property(ARGUMENTS, () => judgeArguments(session, owner));
      await session.property(DEFAULT_PAGE, () => judgeDefaultPage(session, owner, `${tag}-page`));
    },
  };
}

async function judgeFilters(images: readonly Known[], list: (query: Query) => Promise<Exchange>, label: (query: Query) => string): Promise<ObservedDraft[]> {
  const expect = new Expectations('Glance v2 list filters (upstream Zed): exact name, in: and eq:, columns, custom properties, created_at operators');
  const [alpha, alpha2, beta, gamma] = images as [Known, Known, Known, Known];
  // The second of the third image's created_at: upstream keeps sub-second times, so `gte:` that second
  // lists exactly the images shown with a created_at at or after it, and `lt:` the others.
  const threshold = beta.created_at;
  const where = (holds: (image: Known) => boolean): Known[] => images.filter(holds);
  const filters: { readonly query: Query; readonly expected: readonly Known[]; readonly key: string }[] = [
    { key: 'name-exact', query: [['name', alpha.name]], expected: [alpha] },
    { key: 'name-eq', query: [['name', `eq:${alpha.name}`]], expected: [alpha] },
    { key: 'name-in', query: [['name', `in:${alpha.name},${beta.name}`]], expected: [alpha, beta] },
    { key: 'name-in-quoted', query: [['name', `in:"${alpha2.name}",${gamma.name}`]], expected: [alpha2, gamma] },
    { key: 'disk-format', query: [['disk_format', 'qcow2']], expected: where((image) => image.disk_format === 'qcow2') },
    { key: 'disk-format-in', query: [['disk_format', 'in:raw,iso']], expected: where((image) => ['raw', 'iso'].includes(image.disk_format)) },
    { key: 'container-format', query: [['container_format', 'ovf']], expected: where((image) => image.container_format === 'ovf') },
    { key: 'status-queued', query: [['status', 'queued']], expected: images },
    { key: 'status-active', query: [['status', 'active']], expected: [] },
    { key: 'custom-property', query: [[KIND, beta.kind]], expected: [beta] },
    { key: 'owner', query: [['owner', alpha.owner]], expected: images },
    { key: 'owner-other', query: [['owner', 'conform-nobody']], expected: [] },
    { key: 'protected-false', query: [['protected', 'false']], expected: images },
    { key: 'protected-true', query: [['protected', 'true']], expected: [] },
    { key: 'created-gte', query: [['created_at', `gte:${threshold}`]], expected: where((image) => image.created_at >= threshold) },
    { key: 'created-lt', query: [['created_at', `lt:${threshold}`]], expected: where((image) => image.created_at < threshold) },
    { key: 'created-gt-past', query: [['created_at', 'gt:2000-01-01T00:00:00Z']], expected: images },
    { key: 'created-lt-past', query: [['created_at', 'lt:2000-01-01T00:00:00Z']], expected: [] },
  ];
  for (const filter of filters) {
    const query: Query = [...filter.query, ['limit', '1000']];
    const answer = await list(query);
    if (!expect.status(answer, [200], `filter-status:${filter.key}`, label(query))) continue;
    const listed = listedImageIds(answer) ?? [];
    const wanted = filter.expected.map((image) => image.id).sort();
    const nameOf = (id: string): string => images.find((image) => image.id === id)?.name.slice(-7) ?? id;
    expect.that(
      JSON.stringify([...listed].sort()) === JSON.stringify(wanted),
      `filter:${filter.key}`,
      `${label(query)} listed [${listed.map(nameOf).join(', ')}], expected [${wanted.map(nameOf).join(', ')}]`,
      answer,
      { listed, expected: wanted },
    );
  }
  return expect.findings;
}

async function judgeSorting(images: readonly Known[], list: (query: Query) => Promise<Exchange>, label: (query: Query) => string): Promise<ObservedDraft[]> {
  const expect = new Expectations('Glance v2 list order (upstream Zed): sort and sort_key/sort_dir, default direction desc, created_at and id as tie-breakers');
  const orders: { readonly key: string; readonly query: Query; readonly sorting: Sorting }[] = [
    { key: 'default', query: [], sorting: { keys: [], dirs: [] } },
    { key: 'sort-name', query: [['sort', 'name']], sorting: { keys: ['name'], dirs: ['desc'] } },
    { key: 'sort-name-asc', query: [['sort', 'name:asc']], sorting: { keys: ['name'], dirs: ['asc'] } },
    { key: 'sort-one-dir-ties', query: [['sort', 'disk_format:asc']], sorting: { keys: ['disk_format'], dirs: ['asc'] } },
    { key: 'sort-two-keys', query: [['sort', 'disk_format,name:asc']], sorting: { keys: ['disk_format', 'name'], dirs: ['desc', 'asc'] } },
    { key: 'sort-container-ties', query: [['sort', 'container_format']], sorting: { keys: ['container_format'], dirs: ['desc'] } },
    { key: 'sort-key-one-dir', query: [['sort_key', 'disk_format'], ['sort_key', 'name'], ['sort_dir', 'asc']], sorting: { keys: ['disk_format', 'name'], dirs: ['asc'] } },
    { key: 'sort-key-two-dirs', query: [['sort_key', 'disk_format'], ['sort_key', 'name'], ['sort_dir', 'asc'], ['sort_dir', 'desc']], sorting: { keys: ['disk_format', 'name'], dirs: ['asc', 'desc'] } },
    { key: 'sort-key-ties', query: [['sort_key', 'container_format'], ['sort_dir', 'asc']], sorting: { keys: ['container_format'], dirs: ['asc'] } },
  ];
  const nameOf = (id: string): string => images.find((image) => image.id === id)?.name.slice(-7) ?? id;
  for (const order of orders) {
    const query: Query = [...order.query, ['limit', '1000']];
    const answer = await list(query);
    if (!expect.status(answer, [200], `order-status:${order.key}`, label(query))) continue;
    const listed = listedImageIds(answer) ?? [];
    const wanted = expectedOrder(images, order.sorting);
    expect.that(
      JSON.stringify(listed) === JSON.stringify(wanted),
      `order:${order.key}`,
      `${label(query)} listed [${listed.map(nameOf).join(', ')}], expected [${wanted.map(nameOf).join(', ')}]`,
      answer,
      { listed, expected: wanted },
    );
  }
  return expect.findings;
}

async function judgePaging(images: readonly Known[], list: (query: Query) => Promise<Exchange>, label: (query: Query) => string): Promise<ObservedDraft[]> {
  const expect = new Expectations('Glance v2 list paging (upstream Zed): limit=0, relative first and next links that keep the query');
  const zero: Query = [['limit', '0']];
  const empty = await list(zero);
  if (expect.status(empty, [200], 'limit-zero-status', label(zero))) {
    const listed = listedImageIds(empty);
    expect.that(listed !== undefined && listed.length === 0, 'limit-zero-items', `${label(zero)} listed ${listed?.length ?? 'no'} images, expected none`, empty, { listed });
    expect.that(listLink(empty, 'next') === undefined, 'limit-zero-next', `${label(zero)} has a next link on an empty page`, empty, { next: listLink(empty, 'next') });
  }
  // Two pages of two by name, then the empty third page upstream gives after a full one.
  const byName = expectedOrder(images, { keys: ['name'], dirs: ['asc'] });
  const firstQuery: Query = [['sort', 'name:asc'], ['limit', '2']];
  const first = await list(firstQuery);
  if (!expect.status(first, [200], 'page-status', label(firstQuery))) return expect.findings;
  const sent = new URL(first.request.url).searchParams;
  const checkLinks = (page: Exchange, what: string): string | undefined => {
    const firstLink = listLink(page, 'first');
    const relative = typeof firstLink === 'string' && firstLink.startsWith('/') && new URL(firstLink, 'http://x').pathname.endsWith('/images');
    if (expect.that(relative, `first-link-form:${what}`, `${what}: first is ${JSON.stringify(firstLink)}, expected a relative link to /images`, page, { first: firstLink })) {
      const kept = pairsWithoutMarker(new URL(firstLink as string, 'http://x').searchParams);
      expect.that(JSON.stringify(kept) === JSON.stringify(pairsWithoutMarker(sent)), `first-link-query:${what}`, `${what}: first is ${JSON.stringify(firstLink)}, expected the query asked for without marker (${pairsWithoutMarker(sent).join('&')})`, page, { first: firstLink });
    }
    const next = listLink(page, 'next');
    if (next === undefined) return undefined;
    const ok = typeof next === 'string' && next.startsWith('/') && new URL(next, 'http://x').pathname.endsWith('/images');
    return expect.that(ok, `next-link-form:${what}`, `${what}: next is ${JSON.stringify(next)}, expected a relative link to /images`, page, { next }) ? (next as string) : undefined;
  };
  const nextOfFirst = checkLinks(first, label(firstQuery));
  expect.that(JSON.stringify(listedImageIds(first)) === JSON.stringify(byName.slice(0, 2)), 'page-1-items', `${label(firstQuery)} listed other images than the first two by name`, first, { listed: listedImageIds(first), expected: byName.slice(0, 2) });
  if (!expect.that(nextOfFirst !== undefined, 'page-1-next', `${label(firstQuery)}: a full page without a next link`, first)) return expect.findings;
  const nextUrl = new URL(nextOfFirst as string, 'http://x');
  const marker = nextUrl.searchParams.get('marker');
  expect.that(marker === byName[1], 'next-marker', `${label(firstQuery)}: next names marker ${JSON.stringify(marker)}, expected the last image of the page (${byName[1] ?? ''})`, first, { next: nextOfFirst });
  expect.that(
    JSON.stringify(pairsWithoutMarker(nextUrl.searchParams)) === JSON.stringify(pairsWithoutMarker(sent)),
    'next-keeps-query',
    `${label(firstQuery)}: next is ${nextOfFirst ?? ''}, which drops or changes the query asked for (${pairsWithoutMarker(sent).join('&')})`,
    first,
    { next: nextOfFirst },
  );
  // The second page, asked for the way a client follows next: the same query with the marker.
  const secondQuery: Query = [...firstQuery, ['marker', byName[1] ?? '']];
  const second = await list(secondQuery);
  if (expect.status(second, [200], 'page-2-status', label(secondQuery))) {
    const nextOfSecond = checkLinks(second, label(secondQuery));
    // Page 2 is full too, so upstream gives a next, naming page 2's own last image (not the marker asked with).
    const secondMarker = nextOfSecond === undefined ? undefined : new URL(nextOfSecond, 'http://x').searchParams.get('marker');
    expect.that(secondMarker === byName[3], 'page-2-next-marker', `${label(secondQuery)}: next names marker ${JSON.stringify(secondMarker ?? null)}, expected the last image of this page (${byName[3] ?? ''})`, second, { next: nextOfSecond });
    expect.that(JSON.stringify(listedImageIds(second)) === JSON.stringify(byName.slice(2, 4)), 'page-2-items', `${label(secondQuery)} listed other images than the third and fourth by name`, second, { listed: listedImageIds(second), expected: byName.slice(2, 4) });
  }
  return expect.findings;
}

async function judgeArguments(session: SemanticSession, owner: Principal): Promise<ObservedDraft[]> {
  const expect = new Expectations('Glance v2 (upstream Zed): the exact status of each refusal');
  const probes: { readonly what: string; readonly key: string; readonly query: Query }[] = [
    { what: 'name filter with an operator other than in/eq', key: 'filter-operator-name', query: [['name', 'gt:a']] },
    { what: 'created_at filter that is no ISO 8601 time', key: 'filter-time-format', query: [['created_at', 'gt:yesterday']] },
    { what: 'created_at filter with an unknown operator', key: 'filter-time-operator', query: [['created_at', 'after:2000-01-01T00:00:00Z']] },
    { what: 'size_min that is not a number', key: 'filter-size-text', query: [['size_min', 'big']] },
    { what: 'protected that is not true or false', key: 'filter-protected', query: [['protected', 'yes']] },
    { what: 'visibility that is none of the five', key: 'filter-visibility', query: [['visibility', 'everyone']] },
    { what: 'member_status that is none of the four', key: 'filter-member-status', query: [['member_status', 'maybe']] },
    { what: 'more sort_dir values than sort_key values', key: 'sort-dir-count', query: [['sort_key', 'name'], ['sort_dir', 'asc'], ['sort_dir', 'desc']] },
    { what: 'a limit that is not an integer', key: 'limit-fraction', query: [['limit', '1.5']] },
    { what: 'an empty limit', key: 'limit-empty', query: [['limit', '']] },
  ];
  for (const probe of probes) {
    const request: SuiteRequest = { method: 'GET', path: '/images', query: probe.query };
    const answer = await session.send('errors', request, owner);
    expect.status(answer, [400], `${probe.key}:${answer.response?.status ?? 'none'}`, `GET /images?${queryText(probe.query)} (${probe.what})`);
  }
  return expect.findings;
}

/**
 * Without `limit` a page holds upstream's default (25): one more image than that under a tag of its
 * own, so the first page is full (with next) and the second holds the last one (without).
 */
async function judgeDefaultPage(session: SemanticSession, owner: Principal, tag: string): Promise<ObservedDraft[] | { skip: string }> {
  const expect = new Expectations('Glance v2 list paging (upstream Zed): without limit a page holds limit_param_default (25) images');
  const ids: string[] = [];
  for (let index = 0; index <= DEFAULT_PAGE_SIZE; index += 1) {
    const made = await createOwnImage(session, owner, { name: `${tag}-${index}`, tags: [tag] });
    if (typeof made === 'string') return { skip: `could not create the ${DEFAULT_PAGE_SIZE + 1} images: ${made}` };
    ids.push(made.id);
  }
  const query: Query = [['tag', tag]];
  const first = await session.send(LIST, { method: 'GET', path: '/images', query }, owner);
  if (!expect.status(first, [200], 'default-page-status', `GET /images?${queryText(query)}`)) return expect.findings;
  const page = listedImageIds(first) ?? [];
  expect.that(page.length === DEFAULT_PAGE_SIZE, 'default-page-size', `GET /images?${queryText(query)} (no limit) listed ${page.length} of ${ids.length} images, expected the default page of ${DEFAULT_PAGE_SIZE}`, first, { listed: page.length });
  const next = listLink(first, 'next');
  if (!expect.that(typeof next === 'string', 'default-page-next', `GET /images?${queryText(query)}: a full default page without a next link`, first)) return expect.findings;
  const marker = new URL(next as string, 'http://x').searchParams.get('marker') ?? '';
  const rest = await session.send(LIST, { method: 'GET', path: '/images', query: [...query, ['marker', marker]] }, owner);
  if (expect.status(rest, [200], 'default-page-2-status', `GET /images?${queryText(query)}&marker=…`)) {
    const second = listedImageIds(rest) ?? [];
    const all = new Set([...page, ...second]);
    expect.that(all.size === ids.length && ids.every((id) => all.has(id)), 'default-page-walk', `the two default pages listed ${all.size} distinct images of the ${ids.length}`, rest, { first: page.length, second: second.length });
    expect.that(listLink(rest, 'next') === undefined, 'default-page-2-next', 'the last, short default page has a next link', rest);
  }
  return expect.findings;
}
