import type { Operation } from '../openapi/types.ts';

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
    // `POST /images` creates under itself; `POST /v1/images/upload` creates under its parent.
    const collections = [create.path, create.path.replace(/\/[^/{}]+$/, '')].filter((path, index, all) => path !== '' && all.indexOf(path) === index);
    const found = collections
      .map((collection) => {
        const itemOps = operations.filter(
          (operation) => operation.path.startsWith(`${collection}/`) && /^\/\{[^}/]+\}/.test(operation.path.slice(collection.length)),
        );
        const item = itemOps.map((operation) => operation.path.slice(collection.length)).find((rest) => ITEM_SUFFIX.test(rest));
        return item ? { collection, itemOps, item } : undefined;
      })
      .find((candidate) => candidate !== undefined);
    if (!found) continue;
    const { collection, itemOps, item } = found;
    const idParameter = ITEM_SUFFIX.exec(item)?.[1];
    if (!idParameter) continue;
    const itemPath = `${collection}${item}`;
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
