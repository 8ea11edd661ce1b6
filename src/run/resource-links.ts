import type { Declaration, IdSource } from '../openapi/declaration/declaration.ts';
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
  /** Where a created item's id is, as the declaration says; absent: the body's `id`, else `Location`. */
  readonly id?: IdSource;
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

/**
 * The links of the declared resources (the user's declaration, or what it inferred from the document),
 * then the path-shape links of the creates no resource declares. A declared resource's own parts win:
 * its id source (a response field, `Location`, or the id the client chooses in the create's path:
 * `PUT /bookmarks/{id}`), its read and delete; an operation acts on its items when its path is the item
 * path or lies under it. A declared create whose operations are not in `operations` is left out.
 */
export function contractLinks(operations: readonly Operation[], resources: Declaration['resources'] = {}): ResourceLinks[] {
  const byId = new Map(operations.map((operation) => [operation.id, operation]));
  const declared: ResourceLinks[] = [];
  for (const resource of Object.values(resources)) {
    const create = byId.get(resource.create);
    const read = resource.read === undefined ? undefined : byId.get(resource.read);
    const remove = resource.delete === undefined ? undefined : byId.get(resource.delete);
    const update = resource.update === undefined ? undefined : byId.get(resource.update);
    const itemPath = (read ?? remove ?? update ?? (resource.id.from === 'path' ? create : undefined))?.path;
    if (!create || itemPath === undefined || !itemPath.includes(`{${resource.idParameter}}`)) continue;
    declared.push({
      create,
      itemPath,
      idParameter: resource.idParameter,
      ...optional('read', read),
      ...optional('remove', remove),
      actsOnItem: operations.filter((operation) => operation.path === itemPath || operation.path.startsWith(`${itemPath}/`)),
      id: resource.id,
    });
  }
  const creates = new Set(declared.map((link) => link.create));
  return [...declared, ...resourceLinks(operations).filter((link) => !creates.has(link.create))];
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** Whether an operation may change or delete what it addresses: such requests go only to resources the run created. */
export function isDestructive(operation: Operation): boolean {
  return operation.method !== 'get' && operation.method !== 'head' && operation.method !== 'options';
}
