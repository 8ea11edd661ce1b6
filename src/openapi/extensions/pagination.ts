import type { Operation, Parameter } from '../types.ts';

/** A sort: the item field and its direction. */
export interface SortOrder {
  readonly field: string;
  readonly direction: 'asc' | 'desc';
}

/** The `x-pagination` extension of a list operation (cursor style), as `specs/img-processing.yaml` writes it. */
export interface PaginationSpec {
  readonly style: 'cursor';
  readonly pageSizeParam: string;
  readonly cursorParam: string;
  readonly itemsPointer: string;
  readonly nextPointer: string;
  readonly order?: SortOrder;
  /** The page size bounds from the parameter's schema. */
  readonly minPageSize: number;
  readonly maxPageSize: number;
}

function bound(parameter: Parameter | undefined, keyword: 'minimum' | 'maximum', fallback: number): number {
  const schema = parameter?.schema;
  const value = typeof schema === 'object' ? schema[keyword] : undefined;
  return typeof value === 'number' ? value : fallback;
}

/** The operation's `x-pagination`, validated; undefined when it has none or it is not understood. */
export function paginationSpec(operation: Operation): PaginationSpec | undefined {
  const raw = operation.extensions['x-pagination'];
  if (typeof raw !== 'object' || raw === null) return undefined;
  const fields = raw as Record<string, unknown>;
  const text = (name: string): string | undefined => (typeof fields[name] === 'string' ? fields[name] : undefined);
  const pageSizeParam = text('pageSizeParam');
  const cursorParam = text('cursorParam');
  const itemsPointer = text('itemsPointer');
  const nextPointer = text('nextPointer');
  if (fields.style !== 'cursor' || !pageSizeParam || !cursorParam || itemsPointer === undefined || nextPointer === undefined) return undefined;
  const orderRaw = fields.order as { field?: unknown; direction?: unknown } | undefined;
  const direction = orderRaw?.direction;
  const order: SortOrder | undefined =
    orderRaw && typeof orderRaw.field === 'string' && (direction === 'asc' || direction === 'desc') ? { field: orderRaw.field, direction } : undefined;
  const sizeParameter = operation.parameters.find((parameter) => parameter.in === 'query' && parameter.name === pageSizeParam);
  return {
    style: 'cursor',
    pageSizeParam,
    cursorParam,
    itemsPointer,
    nextPointer,
    ...(order ? { order } : {}),
    minPageSize: bound(sizeParameter, 'minimum', 1),
    maxPageSize: bound(sizeParameter, 'maximum', 100),
  };
}
