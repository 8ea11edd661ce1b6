import type { ApiModel, Operation, Parameter } from '../types.ts';
import type { SortParamsDeclaration } from './declaration.ts';
import { shapeOf, successSchema, type Shape } from './schema-shape.ts';

const KEY = ['sort_key', 'sort', 'sort_by', 'sortBy', 'order_by', 'orderBy'];
const DIRECTION = ['sort_dir', 'direction', 'sort_direction', 'sortDirection', 'sort_order', 'sortOrder', 'order', 'dir'];
const ASC = ['asc', 'ascending', 'ASC'];
const DESC = ['desc', 'descending', 'DESC'];

/** A list's sort parameters as far as the document settles them, or what is missing for the user to say. */
export type InferredSort = { readonly sort: SortParamsDeclaration } | { readonly missing: string } | undefined;

const queryNamed = (operation: Operation, names: readonly string[]): Parameter | undefined =>
  names.map((name) => operation.parameters.find((parameter) => parameter.in === 'query' && parameter.name === name)).find((parameter) => parameter !== undefined);

/** The item shape of a list whose items are at `itemsPointer` (`''`: the body is the array). */
function itemShape(model: ApiModel, operation: Operation, itemsPointer: string): Shape {
  const body = shapeOf(model, successSchema(operation));
  const array = itemsPointer === '' ? body : shapeOf(model, body.properties.get(itemsPointer.slice(1)));
  return shapeOf(model, array.items);
}

/**
 * Sort parameters from the names most APIs use (`sort_key`/`sort`/`order_by`, `sort_dir`/`direction`):
 * the key parameter's enum values that are properties of the list's items are the keys, the direction
 * parameter's enum gives the asc/desc values and its default the direction of a key sent alone. Not
 * settled (a key parameter with no enum of item fields, or no direction parameter and so no known
 * direction): what is missing, for the user to declare.
 */
export function inferSort(model: ApiModel, operation: Operation, itemsPointer: string): InferredSort {
  const key = queryNamed(operation, KEY);
  if (!key) return undefined;
  const direction = queryNamed(operation, DIRECTION.filter((name) => name !== key.name));
  const keyShape = shapeOf(model, key.schema);
  const fields = itemShape(model, operation, itemsPointer).properties;
  const keys = Object.fromEntries((keyShape.enum ?? []).filter((value): value is string => typeof value === 'string' && fields.has(value)).map((value) => [value, `/${value}`]));
  if (Object.keys(keys).length === 0) return { missing: `which values of '${key.name}' sort by which item field (sort.keys)${keyShape.enum ? `: its values ${JSON.stringify(keyShape.enum)} name no field of the items` : ''}` };
  if (!direction) return { missing: `the one direction '${key.name}' sorts in (sort.defaultDirection): the list has no direction parameter` };
  const values = shapeOf(model, direction.schema).enum?.filter((value): value is string => typeof value === 'string') ?? [];
  const asc = values.find((value) => ASC.includes(value));
  const desc = values.find((value) => DESC.includes(value));
  if (asc === undefined || desc === undefined) return { missing: `which values of '${direction.name}' mean ascending and descending (sort.directions)` };
  const fallback = shapeOf(model, direction.schema).default;
  const defaultDirection = fallback === asc ? 'asc' : fallback === desc ? 'desc' : undefined;
  return {
    sort: {
      keyParam: key.name,
      directionParam: direction.name,
      keys,
      ...(asc === 'asc' && desc === 'desc' ? {} : { directions: { asc, desc } }),
      ...(defaultDirection ? { defaultDirection } : {}),
    },
  };
}
