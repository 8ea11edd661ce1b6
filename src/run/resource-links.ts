import type { Operation } from '../spec/types.ts';

/**
 * A collection the API lets a client create items in, and the operations that act on one item.
 * Inferred from path shape (`POST /images` ↔ `GET|DELETE /images/{image_id}`), the way RESTler and
 * Schemathesis infer links when a document declares none.
 */
export interface ResourceLinks {
  readonly create: Operation;
  /** The item path template, e.g. `/images/{image_id}`. */
  readonly itemPath: string;
  /** The path parameter naming the item. */
  readonly idParameter: string;
  readonly read?: Operation;
  readonly remove?: Operation;
  /** Every operation whose path starts with the item path: they act on an existing item. */
  readonly actsOnItem: readonly Operation[];
}

const ITEM_SUFFIX = /^\/\{([^}/]+)\}$/;

/** Every create operation with the item operations that follow from it. */
export function resourceLinks(operations: readonly Operation[]): ResourceLinks[] {
  const links: ResourceLinks[] = [];
  for (const create of operations) {
    if (create.method !== 'post' || !create.responses.some((response) => response.status === '201' || response.status === '200')) continue;
    const itemOps = operations.filter((operation) => {
      if (!operation.path.startsWith(`${create.path}/`)) return false;
      const rest = operation.path.slice(create.path.length);
      return /^\/\{[^}/]+\}/.test(rest);
    });
    const item = itemOps.map((operation) => operation.path.slice(create.path.length)).find((rest) => ITEM_SUFFIX.test(rest));
    const idParameter = item ? ITEM_SUFFIX.exec(item)?.[1] : undefined;
    if (!item || !idParameter) continue;
    const itemPath = `${create.path}${item}`;
    links.push({
      create,
      itemPath,
      idParameter,
      ...optional('read', itemOps.find((operation) => operation.path === itemPath && operation.method === 'get')),
      ...optional('remove', itemOps.find((operation) => operation.path === itemPath && operation.method === 'delete')),
      actsOnItem: itemOps,
    });
  }
  return links;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** Whether an operation may change or delete what it addresses: such requests go only to resources the run created. */
export function isDestructive(operation: Operation): boolean {
  return operation.method !== 'get' && operation.method !== 'head' && operation.method !== 'options';
}
