import fc from 'fast-check';
import { deriveSeed } from '../../generate/derive-seed.ts';
import type { Declaration, PaginationDeclaration, ResourceDeclaration, VisibilityList } from '../../openapi/declaration/declaration.ts';
import type { ApiModel } from '../../openapi/types.ts';
import type { Principal } from '../../principals.ts';
import type { Exchange } from '../../transport/exchange.ts';
import { bodyOf, creatable, createItem, idPointerOf, type CreatedItem, type PresetField } from './declared-resource.ts';
import { declaredListAdapter } from './declared-list.ts';
import { judgeSortWalk, markedNullSortValues, sortedListLabel, sortPresets, sortWalks, type SortWalk } from './declared-sort.ts';
import { judgeCompleteness, judgeOrder, type JudgedDraft } from './judge-walk.ts';
import { numberIn } from '../../openapi/declaration/infer-pagination.ts';
import { atPointer, walkPages, type ListAdapter, type Walk } from './pagination-walk.ts';
import { plansInSequence, type SemanticPlan } from './semantic-plan.ts';
import type { ObservedDraft, SemanticProperty, SemanticSession } from './semantic-session.ts';

/** A declared paged list, with the resource it lists when one declares it. */
export interface DeclaredList {
  readonly operationId: string;
  readonly pagination: PaginationDeclaration;
  readonly resource?: { readonly name: string; readonly resource: ResourceDeclaration };
  /** What the resource's visibility says the list holds: the states its data is created in, the path parameters filled from an item. */
  readonly listing?: VisibilityList;
}

/** Pages a walk may read. */
const WALK_PAGES = 60;

/** The properties a declared list reports: every item exactly once, the order kept across pages, and its filters applied (declared, or an API's own). */
export function declaredPaginationProperties(model: ApiModel, list: DeclaredList, ownFilters = false): SemanticProperty[] {
  const listLabel = model.operations.find((operation) => operation.id === list.operationId)?.label ?? list.operationId;
  const label = `${listLabel} (pagination)`;
  return [
    { checkId: 'pagination_complete', operationId: list.operationId, operationLabel: label },
    { checkId: 'pagination_order', operationId: list.operationId, operationLabel: label },
    ...(ownFilters || Object.keys(list.pagination.filters ?? {}).length > 0 ? [{ checkId: 'list_filters' as const, operationId: list.operationId, operationLabel: `${listLabel} (filters)` }] : []),
  ];
}

/** The paged lists of a declaration, each with the resource whose `list` it is, or whose visibility names it. */
export function declaredLists(declaration: Pick<Declaration, 'resources' | 'pagination'>): DeclaredList[] {
  return Object.entries(declaration.pagination).map(([operationId, pagination]) => {
    const resources = Object.entries(declaration.resources);
    const owner = resources.find(([, resource]) => resource.list === operationId) ?? resources.find(([, resource]) => resource.visibility?.lists?.[operationId]);
    const listing = owner?.[1].visibility?.lists?.[operationId];
    return { operationId, pagination, ...(owner ? { resource: { name: owner[0], resource: owner[1] } } : {}), ...(listing ? { listing } : {}) };
  });
}

const observed = (judged: readonly JudgedDraft[], clause: string): ObservedDraft[] => judged.map((item) => ({ ...item, clause }));

/**
 * What an API's own code adds to a declared list's checks, where a rule cannot be declared: probes
 * judged with the list's completeness (pagination_complete), e.g. IMG's refusal of a deleted image's
 * id as cursor.
 */
export type ExtraListProbes = (session: SemanticSession, owner: Principal) => Promise<readonly JudgedDraft[]>;

/** An API's own additions to a declared list's checks, each judged with the property it belongs to. */
export interface ListExtras {
  readonly pages?: ExtraListProbes;
  /** Filters no declaration states (Glance's `tag`: every tag given), each draft with its own clause; reported under list_filters. */
  readonly filters?: (session: SemanticSession, owner: Principal) => Promise<readonly ObservedDraft[]>;
}

/**
 * A declared list's paging, walked as the owner: with a resource behind it, three to six items of it
 * are created first (and deleted after); the whole list read in the largest pages is the model, and
 * walks in small pages (sizes drawn from the seed, each leaving at least two pages, the first three) must give every
 * item exactly once, no page over its size, a next link on every page before the last (pagination
 * complete), and the model's items in the model's order, and the declared sort if any (order).
 */
export function declaredPaginationPlan(model: ApiModel, list: DeclaredList, principalName = 'owner', extras: ListExtras = {}): SemanticPlan {
  const properties = declaredPaginationProperties(model, list, extras.filters !== undefined);
  const [pages, order] = properties as [SemanticProperty, SemanticProperty];
  const filters = properties[2];
  const { pagination } = list;
  return {
    properties,
    async run(session) {
      const skipBoth = (reason: string): void => {
        for (const property of properties) session.skip(property, reason);
      };
      const operation = model.operations.find((candidate) => candidate.id === list.operationId);
      if (!operation) return skipBoth(`no operation '${list.operationId}'`);
      const params = list.listing?.params ?? {};
      const unfilled = (operation.path.match(/\{[^}]+\}/g) ?? []).filter((name) => params[name.slice(1, -1)] === undefined);
      if (unfilled.length > 0) return skipBoth(`${operation.label} needs ${unfilled.join(', ')}, which the declaration does not say how to fill (visibility.lists.${operation.id}.params)`);
      const owner = session.principal(principalName);
      if (!owner) return skipBoth(`principal '${principalName}' is not configured (the list suites read, and create their data, as it)`);
      const data = await createData(session, model, list, owner);
      if (typeof data === 'string') return skipBoth(data);
      const created = data.map((item) => item.id);
      const path = filledPath(operation.path, params, data[0]);
      if (path === undefined) return skipBoth(`${operation.label}: the items created show no ${Object.values(params).join(', ')} to fill its path with`);
      const idPointer = list.resource ? idPointerOf(list.resource.resource) : '/id';
      const adapter = declaredListAdapter(pagination, idPointer, pagination.itemsPointer);
      const walk = (size: number | undefined, bound: number, extraQuery: ReadonlyArray<readonly [string, string]> = []): Promise<Walk> =>
        walkPages(
          session.outgoing({ method: 'GET', path, query: [...extraQuery, ...(size === undefined ? [] : [[pagination.pageSizeParam, String(size)] as const])] }, owner).url,
          (url) => session.send(operation.id, { method: 'GET', path: url }, owner),
          adapter,
          bound,
        );
      // A declaration written without sizes (an x-pagination) still has the page-size parameter's documented bounds.
      const sizeParameter = operation.parameters.find((parameter) => parameter.in === 'query' && parameter.name === pagination.pageSizeParam);
      const modelSize = pagination.maxPageSize ?? numberIn(sizeParameter, 'maximum') ?? pagination.defaultPageSize ?? numberIn(sizeParameter, 'default');
      const whole = await walk(modelSize, WALK_PAGES);
      const modelIds = whole.items.map((item) => adapter.idOf(item)).filter((id): id is string => id !== undefined);
      const expected = [...new Set([...modelIds, ...created])];
      // A model walk that broke is judged below (pagination complete); too short a list cannot be paged.
      if (whole.end === 'last-page' && expected.length < 2) return skipBoth(`${expected.length} item(s) to page through: at least two are needed`);
      // The first size leaves at least three pages, whatever the seed: a full page fetched with a cursor,
      // and its next link, is only seen on a second page that is not the last (a next that repeats its
      // own cursor loops only there).
      const [sizes] = fc.sample(
        fc.tuple(fc.integer({ min: 1, max: Math.max(1, Math.floor((expected.length - 1) / 2)) }), fc.array(fc.integer({ min: 1, max: Math.max(1, Math.min(4, expected.length - 1)) }), { minLength: 2, maxLength: 2 })).map(([three, others]) => [three, ...others]),
        { seed: deriveSeed(session.runtime.settings.seed, 'declared-pagination', list.operationId), numRuns: 1 },
      );
      const label = (size: number | undefined): string => `${operation.label}${size === undefined ? '' : `?${pagination.pageSizeParam}=${size}`}`;
      const walks: { walk: Walk; size: number | undefined }[] = [{ walk: whole, size: modelSize }];
      for (const size of sizes ?? []) walks.push({ walk: await walk(size, Math.ceil(expected.length / size) + 3), size });
      // Sorted walks in about three pages each: every declared key, each direction (declared-sort.ts).
      const sortSize = Math.max(1, Math.ceil(expected.length / 3));
      const sorted: { walk: Walk; label: string; sort: SortWalk }[] = [];
      for (const sort of pagination.sort ? sortWalks(pagination.sort) : []) {
        const done = await walk(sortSize, Math.ceil(expected.length / sortSize) + 3, sort.query);
        sorted.push({ walk: done, sort, label: sortedListLabel(operation.label, sort, [...sort.query, [pagination.pageSizeParam, String(sortSize)]]) });
      }
      const clause = `paging of ${operation.label} (declaration: ${pagination.style}, ${pagination.pageSizeParam})`;

      await session.property(pages, async () =>
        observed(
          [
            ...(extras.pages ? await extras.pages(session, owner) : []),
            // With no size sent, the server's own page size is the first page's: a shorter page with a next link is the defect.
            ...walks.flatMap(({ walk: done, size }) =>
              judgeCompleteness(done, { limit: size ?? done.pages[0]?.items.length ?? Number.POSITIVE_INFINITY, expectedIds: expected, exact: true, fullPageNeedsNext: false, label: label(size) }, adapter),
            ),
            ...sorted.flatMap(({ walk: done, sort, label: sortedLabel }) => markedNullSortValues(judgeCompleteness(done, { limit: sortSize, expectedIds: expected, exact: true, fullPageNeedsNext: false, label: sortedLabel }, adapter), done, sort, whole.items)),
          ],
          clause,
        ),
      );
      await session.property(order, async () => {
        const found: JudgedDraft[] = [];
        for (const { walk: done, size } of walks.slice(1)) {
          const ids = done.items.map((item) => adapter.idOf(item));
          const at = ids.findIndex((id, index) => id !== modelIds[index]);
          const exchange: Exchange | undefined = done.pages.at(-1)?.exchange ?? done.errorExchange;
          if (at >= 0 && exchange && done.end === 'last-page') {
            found.push({ draft: { key: 'order-not-kept', message: `${label(size)}: item ${at + 1} is ${ids[at] ?? 'missing'} where the whole list has ${modelIds[at] ?? 'nothing'}: pages do not keep one order`, evidence: { list: label(size), position: at + 1 } }, exchange });
          }
          if (pagination.order) found.push(...judgeOrder(done, pagination.order, label(size), adapter));
        }
        if (pagination.order) found.push(...judgeOrder(whole, pagination.order, label(modelSize), adapter));
        for (const { walk: done, sort, label: sortedLabel } of sorted) found.push(...markedNullSortValues(judgeSortWalk(done, sort, sortedLabel, adapter), done, sort, whole.items));
        return observed(found, clause);
      });
      if (filters) {
        await session.property(filters, async () => {
          const declared = Object.keys(pagination.filters ?? {});
          const judged = declared.length === 0 ? [] : await judgeFilters(data, pagination.filters ?? {}, (query) => walkPages(session.outgoing({ method: 'GET', path, query: [...query, ...(modelSize === undefined ? [] : [[pagination.pageSizeParam, String(modelSize)] as const])] }, owner).url, (url) => session.send(operation.id, { method: 'GET', path: url }, owner), adapter, WALK_PAGES), operation.label, adapter);
          const own = extras.filters ? await extras.filters(session, owner) : undefined;
          if (typeof judged === 'string' && own === undefined) return { skip: judged };
          return [...(typeof judged === 'string' ? [] : observed(judged, `filters of ${operation.label} (declaration: ${declared.join(', ')})`)), ...(own ?? [])];
        });
      }
    },
  };
}

/**
 * Each declared equality filter, with the value one of the created items has (from its create
 * answer): the filtered list must hold only items with that value and every created item that has it.
 * Why nothing could be judged, when no created item shows a value for any filter.
 */
async function judgeFilters(data: readonly CreatedItem[], filters: Readonly<Record<string, string>>, walk: (query: ReadonlyArray<readonly [string, string]>) => Promise<Walk>, label: string, adapter: ListAdapter): Promise<JudgedDraft[] | string> {
  const found: JudgedDraft[] = [];
  let judged = 0;
  const scalar = (value: unknown): string | undefined => (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined);
  for (const [param, pointer] of Object.entries(filters)) {
    const values = data.map((item) => scalar(atPointer(bodyOf(item.exchange), pointer)));
    const value = values.find((candidate) => candidate !== undefined);
    if (value === undefined) continue;
    judged += 1;
    const done = await walk([[param, value]]);
    const exchange = done.pages.at(-1)?.exchange ?? done.errorExchange;
    if (!exchange) continue;
    const filtered = `${label}?${param}=${value}`;
    if (done.end === 'error') {
      found.push({ draft: { key: 'filter-refused', message: `${filtered}: ${done.detail ?? 'the list could not be read'}`, evidence: { param, value } }, exchange });
      continue;
    }
    const stray = done.items.find((item) => scalar(atPointer(item, pointer)) !== value);
    if (stray !== undefined) {
      found.push({ draft: { key: 'filter-not-applied', message: `${filtered} lists ${adapter.idOf(stray) ?? 'an item'} whose ${pointer} is ${JSON.stringify(atPointer(stray, pointer))}`, evidence: { param, value, id: adapter.idOf(stray) } }, exchange });
    }
    const listed = new Set(done.items.map((item) => adapter.idOf(item)));
    const missing = data.filter((item, index) => values[index] === value && !listed.has(item.id));
    if (missing.length > 0 && done.end === 'last-page') {
      found.push({ draft: { key: 'filter-drops-match', message: `${filtered} leaves out ${missing.map((item) => item.id).join(', ')}, created with ${pointer} ${value}`, evidence: { param, value, missing: missing.map((item) => item.id) } }, exchange });
    }
  }
  return judged === 0 ? `no item created shows a value for ${Object.values(filters).join(', ')} to filter on` : found;
}

/** The list's path with each parameter filled from the item's representation; undefined when one is missing. */
function filledPath(template: string, params: Readonly<Record<string, string>>, item: CreatedItem | undefined): string | undefined {
  let path = template;
  for (const [name, pointer] of Object.entries(params)) {
    const value = atPointer(item ? bodyOf(item.exchange) : undefined, pointer);
    if (typeof value !== 'string' && typeof value !== 'number') return undefined;
    path = path.replace(`{${name}}`, encodeURIComponent(String(value)));
  }
  return path;
}

/**
 * Items of the list's resource, created as `owner` (recorded for cleanup), in the first state the list
 * holds when its visibility says (a public list gets public items, whatever the seed); or why not.
 */
async function createData(session: SemanticSession, model: ApiModel, list: DeclaredList, owner: NonNullable<ReturnType<SemanticSession['principal']>>): Promise<CreatedItem[] | string> {
  if (!list.resource) return [];
  const { resource } = list.resource;
  const state = list.listing?.states?.[0];
  const { field, values } = resource.visibility ?? {};
  const preset: PresetField | undefined = field && values && state !== undefined ? { pointer: field, value: values[state] } : undefined;
  const create = model.operations.find((operation) => operation.id === resource.create);
  if (!create || !creatable(create, resource)) return [];
  const [drawn] = fc.sample(fc.integer({ min: 3, max: 6 }), { seed: deriveSeed(session.runtime.settings.seed, 'declared-pagination-size', list.operationId), numRuns: 1 });
  const count = drawn ?? 3;
  const items: CreatedItem[] = [];
  for (let index = 0; index < count; index += 1) {
    const presets = [...(preset ? [preset] : []), ...sortPresets(model, create, list.pagination.sort, index, count)];
    const made = await createItem(session, model, create, owner, resource, `declared-pagination-${index}`, presets);
    if (typeof made === 'string') return `could not create the data set: ${made}`;
    items.push(made);
  }
  return items;
}

/** Every declared list's paging, one after another, as one plan. */
export function declaredPaginationsPlan(model: ApiModel, lists: readonly DeclaredList[], principalName = 'owner'): SemanticPlan {
  return plansInSequence(lists.map((list) => declaredPaginationPlan(model, list, principalName)));
}

