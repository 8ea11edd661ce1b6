import { toPointer } from '../json-pointer.ts';
import type { ApiModel, Operation, Parameter } from '../types.ts';
import type { PaginationDeclaration, Unresolved } from './declaration.ts';
import { inferSort } from './infer-sort.ts';
import { declaresHeader, shapeOf, successSchema, type Shape } from './schema-shape.ts';

const PAGE_SIZE = ['limit', 'per_page', 'perPage', 'page_size', 'pageSize', 'size', 'take', 'max_results', 'maxResults', 'count'];
const CURSOR = ['cursor', 'marker', 'after', 'starting_after', 'startingAfter', 'page_token', 'pageToken', 'next_token', 'nextToken', 'continuation', 'from', 'start_after'];
const OFFSET = ['offset', 'skip', 'start'];
const PAGE = ['page', 'page_number', 'pageNumber'];
const ITEMS = ['data', 'items', 'results', 'entries', 'values', 'records'];
const NEXT = [['next'], ['next_cursor'], ['nextCursor'], ['next_page_token'], ['nextPageToken'], ['next_token'], ['links', 'next'], ['_links', 'next'], ['paging', 'next'], ['meta', 'next_cursor'], ['pagination', 'next']];
const TOTAL = ['total', 'total_count', 'totalCount', 'count'];

/** A list's paging inferred from common names, with why. */
export interface InferredPagination {
  readonly operationId: string;
  readonly pagination: PaginationDeclaration;
  readonly because: string;
}

const queryParameter = (operation: Operation, names: readonly string[]): Parameter | undefined =>
  names.map((name) => operation.parameters.find((parameter) => parameter.in === 'query' && parameter.name === name)).find((parameter) => parameter !== undefined);

/** A number keyword of a parameter's schema (`maximum`, `default`): what a page-size parameter documents. */
export const numberIn = (parameter: Parameter | undefined, keyword: 'maximum' | 'default'): number | undefined => {
  const schema = parameter?.schema;
  const value = typeof schema === 'object' ? schema[keyword] : undefined;
  return typeof value === 'number' ? value : undefined;
};

/** Where the items are: `''` for a top-level array, else the one array property (or the usual name of several). */
function itemsPointerOf(shape: Shape): string | undefined {
  if (shape.types.includes('array')) return '';
  const arrays = [...shape.properties].filter(([, schema]) => schema.type === 'array' || (Array.isArray(schema.type) && schema.type.includes('array')) || schema.items !== undefined);
  if (arrays.length === 1) return `/${arrays[0]?.[0] ?? ''}`;
  const usual = ITEMS.find((name) => arrays.some(([candidate]) => candidate === name));
  return usual === undefined ? undefined : `/${usual}`;
}

function nextPointerOf(model: ApiModel, shape: Shape): string | undefined {
  for (const path of NEXT) {
    let current: Shape | undefined = shape;
    for (const segment of path) {
      const property: ReturnType<Shape['properties']['get']> = current?.properties.get(segment);
      current = property ? shapeOf(model, property) : undefined;
    }
    if (current) return `/${path.join('/')}`;
  }
  return undefined;
}

/**
 * Paging of each list (a GET whose success is an array or an object holding one) from the names most
 * APIs use: `Link` response header → link-header; a cursor parameter and a next field → cursor;
 * `offset` → offset; `page` → page. A list with paging parameters whose style or items the names do
 * not settle is reported for the user to declare.
 */
export function inferPagination(model: ApiModel, taken: ReadonlySet<string>, unresolved: Unresolved[]): InferredPagination[] {
  const found: InferredPagination[] = [];
  for (const operation of model.operations) {
    if (operation.method !== 'get' || taken.has(operation.id)) continue;
    const size = queryParameter(operation, PAGE_SIZE);
    const cursor = queryParameter(operation, CURSOR);
    const offset = queryParameter(operation, OFFSET);
    const page = queryParameter(operation, PAGE);
    if (!size && !cursor && !offset && !page) continue;
    const shape = shapeOf(model, successSchema(operation));
    const itemsPointer = itemsPointerOf(shape);
    const at = toPointer(['pagination', operation.id]);
    if (itemsPointer === undefined) {
      if (shape.types.length > 0) unresolved.push({ pointer: `${at}/itemsPointer`, what: `where ${operation.label} puts its items (no single array in its response)` });
      continue;
    }
    if (!size) {
      unresolved.push({ pointer: `${at}/pageSizeParam`, what: `${operation.label} pages but has no page-size parameter the usual names find` });
      continue;
    }
    const common = {
      pageSizeParam: size.name,
      itemsPointer,
      ...(numberIn(size, 'maximum') !== undefined ? { maxPageSize: numberIn(size, 'maximum') } : {}),
      ...(numberIn(size, 'default') !== undefined ? { defaultPageSize: numberIn(size, 'default') } : {}),
      ...(() => {
        const total = TOTAL.find((name) => name !== itemsPointer.slice(1) && shapeOf(model, shape.properties.get(name)).types.includes('integer'));
        return total ? { totalPointer: `/${total}` } : {};
      })(),
    };
    const next = nextPointerOf(model, shape);
    let pagination: PaginationDeclaration | undefined;
    let because = '';
    if (declaresHeader(operation, 'link')) {
      pagination = { style: 'link-header', ...common, ...(page ? { pageParam: page.name } : {}) };
      because = `a Link response header and '${size.name}'`;
    } else if (cursor && next) {
      pagination = { style: 'cursor', ...common, cursorParam: cursor.name, nextPointer: next };
      because = `'${cursor.name}' and '${next}' in the response`;
    } else if (offset) {
      pagination = { style: 'offset', ...common, offsetParam: offset.name };
      because = `'${offset.name}' and '${size.name}'`;
    } else if (page) {
      pagination = { style: 'page', ...common, pageParam: page.name, firstPage: numberIn(page, 'default') ?? 1 };
      because = `'${page.name}' and '${size.name}'`;
    }
    if (!pagination) {
      unresolved.push({ pointer: `${at}/style`, what: `${operation.label} has '${(cursor ?? size).name}' but no next field, Link header, offset or page parameter the usual names find` });
      continue;
    }
    unresolved.push({ pointer: `${at}/order`, what: `the order ${operation.label} keeps, if any (the walk then checks it)` });
    const sort = inferSort(model, operation, itemsPointer);
    if (sort && 'missing' in sort) unresolved.push({ pointer: `${at}/sort`, what: `${operation.label} sorts: ${sort.missing}` });
    if (sort && 'sort' in sort) {
      pagination = { ...pagination, sort: sort.sort };
      because += `; sorts by '${sort.sort.keyParam}' (${Object.keys(sort.sort.keys).join(', ')}) and '${sort.sort.directionParam ?? ''}'`;
    }
    found.push({ operationId: operation.id, pagination, because });
  }
  return found;
}
