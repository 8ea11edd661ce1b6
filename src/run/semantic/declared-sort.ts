/**
 * A declared list's sort parameters (`pagination.<list>.sort`), walked: every key in each direction,
 * and once without a direction when the declaration says what that means. The data a list suite
 * creates has each writable string key in the reverse of the order it is created in, so a list that
 * ignores the key (and keeps insertion order, either way) breaks one of the two walks of that key
 * whatever the seed.
 */
import type { SortParamsDeclaration } from '../../openapi/declaration/declaration.ts';
import { pointerSegments } from '../../openapi/json-pointer.ts';
import { requestSchema, resolved } from '../../openapi/declaration/schema-shape.ts';
import type { ApiModel, Operation } from '../../openapi/types.ts';
import type { PresetField } from './declared-resource.ts';
import type { JudgedDraft } from './judge-walk.ts';
import { judgeOrder } from './judge-walk.ts';
import { atPointer, type ListAdapter, type Walk } from './pagination-walk.ts';

/** One walk a sort declaration asks for: the query it adds and the order its items must keep. */
export interface SortWalk {
  readonly key: string;
  readonly pointer: string;
  readonly direction: 'asc' | 'desc';
  /** False for the walk that leaves the direction to the API's default. */
  readonly directionSent: boolean;
  readonly query: ReadonlyArray<readonly [string, string]>;
}

/**
 * The walks of a sort declaration: each key ascending and descending, and without a direction when a
 * default is declared. With no direction parameter a key is walked once, judged by the declared
 * default (the reader requires one then).
 */
export function sortWalks(sort: SortParamsDeclaration): SortWalk[] {
  const walks: SortWalk[] = [];
  for (const [key, pointer] of Object.entries(sort.keys)) {
    const keyOnly: [string, string][] = [[sort.keyParam, key]];
    const { directionParam } = sort;
    if (directionParam === undefined) {
      walks.push({ key, pointer, direction: sort.defaultDirection ?? 'asc', directionSent: false, query: keyOnly });
      continue;
    }
    for (const direction of ['asc', 'desc'] as const) {
      walks.push({ key, pointer, direction, directionSent: true, query: [...keyOnly, [directionParam, sort.directions?.[direction] ?? direction]] });
    }
    if (sort.defaultDirection !== undefined) walks.push({ key, pointer, direction: sort.defaultDirection, directionSent: false, query: keyOnly });
  }
  return walks;
}

/** A sorted walk as findings name it: the list with its query, and the default it relies on when no direction was sent. */
export const sortedListLabel = (list: string, walk: SortWalk, query: ReadonlyArray<readonly [string, string]>): string =>
  `${list}?${new URLSearchParams(query.map(([name, value]): [string, string] => [name, value])).toString()}${walk.directionSent ? '' : ` (no direction sent: ${walk.direction}, the declared default)`}`;

/**
 * The sort keys a create request may set: top-level string properties of its JSON body, not
 * read-only, with no enum, pattern or format a made-up value could break.
 */
function writableStringKeys(model: ApiModel, create: Operation, sort: SortParamsDeclaration): string[] {
  const body = resolved(model, requestSchema(create));
  const properties = body && typeof body.properties === 'object' && body.properties !== null ? (body.properties as Record<string, unknown>) : {};
  return Object.values(sort.keys).filter((pointer) => {
    const segments = pointerSegments(pointer);
    const property = segments.length === 1 && segments[0] !== undefined ? resolved(model, properties[segments[0]] as Parameters<typeof resolved>[1]) : undefined;
    if (!property) return false;
    const types = Array.isArray(property.type) ? property.type : [property.type];
    const maxLength = typeof property.maxLength === 'number' ? property.maxLength : Number.POSITIVE_INFINITY;
    const minLength = typeof property.minLength === 'number' ? property.minLength : 0;
    return types.includes('string') && property.readOnly !== true && property.enum === undefined && property.const === undefined && property.pattern === undefined && property.format === undefined && maxLength >= 12 && minLength <= 12;
  });
}

/**
 * The preset fields of the `index`-th of `count` items a list suite creates: each writable string sort
 * key gets a value that sorts before every earlier item's (`conform-s0005`, then `conform-s0004`, …).
 */
export function sortPresets(model: ApiModel, create: Operation, sort: SortParamsDeclaration | undefined, index: number, count: number): PresetField[] {
  if (!sort) return [];
  const value = `conform-s${String(count - index).padStart(4, '0')}`;
  return writableStringKeys(model, create, sort).map((pointer) => ({ pointer, value }));
}

/** A sorted walk's order judged by the key's item field. Pure. */
export function judgeSortWalk(done: Walk, walk: SortWalk, label: string, adapter: Pick<ListAdapter, 'idOf'>): JudgedDraft[] {
  return judgeOrder(done, { field: walk.key, direction: walk.direction }, label, adapter, (item) => atPointer(item, walk.pointer));
}

/**
 * A sorted walk's findings, each key marked `:null-sort-values` when some item it listed, or should
 * have listed (`expected`: the whole list's items), has no value for the sort key. Paging past such an item is where databases disagree and where keyset paging goes
 * wrong (upstream Glance's marker repeats and skips items after one whose name is null), so a report,
 * and a known-deviations entry, can tell that defect from one that shows on any data. Pure.
 */
export function markedNullSortValues(found: readonly JudgedDraft[], done: Walk, walk: SortWalk, expected: readonly unknown[] = []): JudgedDraft[] {
  const blank = [...done.items, ...expected].some((item) => (atPointer(item, walk.pointer) ?? null) === null);
  return blank ? found.map(({ draft, exchange }) => ({ draft: { ...draft, key: `${draft.key}:null-sort-values` }, exchange })) : [...found];
}
