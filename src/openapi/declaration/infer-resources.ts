import { toPointer } from '../json-pointer.ts';
import type { ApiModel, Operation, Schema, SchemaObject } from '../types.ts';
import type { IdSource, ResourceDeclaration, Unresolved, VisibilityDeclaration } from './declaration.ts';
import { declaresHeader, requestSchema, resolved, shapeOf, successSchema } from './schema-shape.ts';

/** A resource inferred from the document's path shapes, with why and what is left to declare. */
export interface InferredResource {
  readonly name: string;
  readonly resource: ResourceDeclaration;
  readonly because: string;
}

const ITEM_PATH = /^(.*)\/\{([^/{}]+)\}$/;

/** A REST collection's name from its last literal segment: `/users/{u}/gists` → `gist`. */
function nameOf(collection: string): string {
  const segment = collection.split('/').filter((part) => part !== '' && !part.startsWith('{')).pop() ?? 'resource';
  const word = segment.replace(/[^A-Za-z0-9_]/g, '_');
  if (/ies$/i.test(word)) return `${word.slice(0, -3)}y`;
  if (/(s|x|ch|sh)es$/i.test(word)) return word.slice(0, -2);
  if (/s$/i.test(word) && !/ss$/i.test(word)) return word.slice(0, -1);
  return word;
}

/** Where a created item's id is: `id` (or the path parameter's name) in the response, else `Location`. */
function idSourceOf(model: ApiModel, create: Operation, idParameter: string): IdSource | undefined {
  const shape = shapeOf(model, successSchema(create));
  for (const name of new Set(['id', idParameter])) {
    if (shape.properties.has(name)) return { from: 'body', pointer: `/${name}` };
  }
  if (declaresHeader(create, 'location')) return { from: 'location' };
  return undefined;
}

/** A client-chosen id: where the item's representation shows it (`id`, or the path parameter's name). */
function pathIdSourceOf(model: ApiModel, read: Operation, idParameter: string): IdSource {
  const shown = shapeOf(model, successSchema(read));
  const field = ['id', idParameter].find((name) => shown.properties.has(name));
  return field === undefined || field === 'id' ? { from: 'path' } : { from: 'path', pointer: `/${field}` };
}

const BOOLEAN_PUBLIC = ['public', 'is_public', 'isPublic'];
const BOOLEAN_PRIVATE = ['private', 'is_private', 'isPrivate'];
const ENUM_FIELDS = ['visibility', 'access', 'privacy', 'access_level', 'accessLevel'];

/** A boolean field's documented default, also where it is one branch of a union (GitHub's `public`). */
function booleanDefault(model: ApiModel, schema: SchemaObject | undefined): boolean | undefined {
  if (!schema) return undefined;
  if (typeof schema.default === 'boolean') return schema.default;
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const branches = schema[keyword];
    if (!Array.isArray(branches)) continue;
    for (const branch of branches as Schema[]) {
      const inner = resolved(model, branch);
      if (inner && typeof inner.default === 'boolean') return inner.default;
    }
  }
  return undefined;
}

/** A visibility field of the resource (a public/private boolean or a visibility enum), or publish/unpublish operations. */
function visibilityOf(model: ApiModel, create: Operation, read: Operation | undefined, itemPath: string, name: string, unresolved: Unresolved[]): VisibilityDeclaration | undefined {
  const written = shapeOf(model, requestSchema(create));
  const shown = shapeOf(model, read ? successSchema(read) : successSchema(create));
  const has = (field: string): SchemaObject | undefined => written.properties.get(field) ?? shown.properties.get(field);
  const at = toPointer(['resources', name, 'visibility']);
  // Who reads, lists and changes each state is the API's policy, which no document shape tells: a
  // guess would be run as if declared once the output is pasted, so the rules are left for a person.
  const askRules = (states: readonly string[]): void => {
    const [open, closed] = states;
    unresolved.push({
      pointer: `${at}/rules`,
      what: `who reads, lists and changes each state; until written the visibility suites are skipped. E.g. rules: {${open}: {read: anyone, listed: anyone, change: owner, refusal: 404}, ${closed}: {read: owner, listed: owner, change: owner, refusal: 404}} (a state only one principal may set: setBy: <principal>); and which lists hold what (lists: {<operationId>: {shows: caller | everyone | owner}})`,
    });
  };
  for (const [fields, publicValue] of [[BOOLEAN_PUBLIC, true], [BOOLEAN_PRIVATE, false]] as const) {
    const field = fields.find((candidate) => shapeOf(model, has(candidate)).types.includes('boolean'));
    if (!field) continue;
    const fallback = booleanDefault(model, has(field));
    if (fallback === undefined) unresolved.push({ pointer: `${at}/default`, what: `the state of a resource created without '${field}' (the document gives no default)` });
    askRules(['public', 'private']);
    return {
      field: `/${field}`,
      values: { public: publicValue, private: !publicValue },
      default: fallback === undefined ? 'private' : fallback === publicValue ? 'public' : 'private',
    };
  }
  for (const field of ENUM_FIELDS) {
    const values = shapeOf(model, has(field)).enum?.filter((value): value is string => typeof value === 'string');
    if (!values || values.length < 2) continue;
    const publicState = values.find((value) => /public/i.test(value));
    const privateState = values.find((value) => /private/i.test(value));
    if (!publicState || !privateState) continue;
    const schema = has(field);
    const fallback = typeof schema?.default === 'string' && values.includes(schema.default) ? schema.default : undefined;
    if (fallback === undefined) unresolved.push({ pointer: `${at}/default`, what: `the state of a resource created without '${field}'` });
    askRules([publicState, privateState]);
    const extra = values.filter((value) => value !== publicState && value !== privateState);
    if (extra.length > 0) unresolved.push({ pointer: `${at}/values`, what: `the states ${JSON.stringify(extra)} of '${field}' are left out: add each with its rule` });
    return {
      field: `/${field}`,
      values: { [publicState]: publicState, [privateState]: privateState },
      default: fallback ?? privateState,
    };
  }
  const publish = model.operations.find((operation) => operation.method === 'post' && operation.path === `${itemPath}/publish`);
  const unpublish = model.operations.find((operation) => operation.method === 'post' && operation.path === `${itemPath}/unpublish`);
  if (publish && unpublish) {
    unresolved.push({ pointer: `${at}/default`, what: 'the state of a created resource (private assumed)' });
    askRules(['public', 'private']);
    // A nullable URL the item shows is likely where publishing serves it, but only a person knows who may fetch it.
    const url = [...shown.properties].find(([, schema]) => schema.format === 'uri' && (schema.nullable === true || shapeOf(model, schema).types.includes('null')))?.[0];
    if (url) unresolved.push({ pointer: `${at}/link`, what: `whether '${url}' (a nullable URL) is where a public item is served to anybody: link: {pointer: /${url}, states: [public]}` });
    return { actions: { public: publish.id, private: unpublish.id }, default: 'private' };
  }
  return undefined;
}

/**
 * Resources from REST shapes: `POST /things` with `GET`/`PATCH`/`PUT`/`DELETE /things/{id}` (and
 * `GET /things` as the list), or, with no POST, `PUT /things/{id}` answering 201 (the client chooses the id). The id is `id` in the create response (or the path parameter's name),
 * else the `Location` header; what the document leaves open is reported, not guessed silently.
 */
function restResources(model: ApiModel, takenCreates: ReadonlySet<string>, names: Set<string>, unresolved: Unresolved[]): InferredResource[] {
  const found: InferredResource[] = [];
  const byPath = new Map<string, Operation[]>();
  for (const operation of model.operations) byPath.set(operation.path, [...(byPath.get(operation.path) ?? []), operation]);
  for (const [itemPath, itemOperations] of byPath) {
    const match = ITEM_PATH.exec(itemPath);
    if (!match) continue;
    const [, collection = '', idParameter = ''] = match;
    const on = (method: string): Operation | undefined => itemOperations.find((operation) => operation.method === method);
    // `PUT /things/{id}` answering 201 creates at an id the client chooses, where no POST /things does.
    const posted = (byPath.get(collection) ?? []).find((operation) => operation.method === 'post');
    const put = on('put');
    const putCreates = !posted && put !== undefined && put.responses.some((response) => response.status === '201');
    const create = posted ?? (putCreates ? put : undefined);
    if (!create || takenCreates.has(create.id)) continue;
    const read = on('get');
    const update = on('patch') ?? (putCreates ? undefined : on('put'));
    const remove = on('delete');
    if (!read && !remove) continue;
    const list = (byPath.get(collection) ?? []).find((operation) => operation.method === 'get');
    let name = nameOf(collection);
    for (let n = 2; names.has(name); n += 1) name = `${nameOf(collection)}${n}`;
    names.add(name);
    const id = putCreates ? pathIdSourceOf(model, read ?? create, idParameter) : idSourceOf(model, create, idParameter);
    if (!id) unresolved.push({ pointer: toPointer(['resources', name, 'id']), what: `where ${create.label} puts the new id (no 'id' in its response, no Location header)` });
    if (!remove) unresolved.push({ pointer: toPointer(['resources', name, 'delete']), what: `no DELETE ${itemPath}: conform cannot remove what it creates; declare the operation that does` });
    const visibility = visibilityOf(model, create, read, itemPath, name, unresolved);
    const resource: ResourceDeclaration = {
      create: create.id,
      ...(read ? { read: read.id } : {}),
      ...(list ? { list: list.id } : {}),
      ...(update ? { update: update.id } : {}),
      ...(remove ? { delete: remove.id } : {}),
      id: id ?? { from: 'body', pointer: '/id' },
      idParameter,
      ...(visibility ? { visibility } : {}),
    };
    const shape = `${[read && 'GET', update && update.method.toUpperCase(), remove && 'DELETE'].filter(Boolean).join('/')} ${itemPath}`;
    found.push({ name, resource, because: putCreates ? `PUT ${itemPath} answering 201 (the client chooses '${idParameter}') with ${shape}` : `POST ${collection} with ${shape}` });
  }
  return found;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The raw object at a local `$ref`, followed until it is not one. */
function deref(model: ApiModel, value: unknown, depth = 0): unknown {
  if (!isObject(value) || typeof value.$ref !== 'string' || depth > 8) return value;
  return deref(model, model.resolveRef(value.$ref), depth + 1);
}

/** The operation a link names: `operationId`, or `operationRef` `#/paths/~1things~1{id}/get`. */
function linkTarget(model: ApiModel, link: Record<string, unknown>): Operation | undefined {
  if (typeof link.operationId === 'string') return model.operations.find((operation) => operation.operationId === link.operationId || operation.id === link.operationId);
  if (typeof link.operationRef !== 'string' || !link.operationRef.startsWith('#/paths/')) return undefined;
  const [path, method] = link.operationRef.slice('#/paths/'.length).split('/').map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  return model.operations.find((operation) => operation.path === path && operation.method === method);
}

/**
 * Resources the document's OpenAPI `links` state: a create operation whose success response links to
 * an item operation with its path parameter taken from the body (`{id: $response.body#/id}`). The
 * item path's other methods are its read, update and delete; a GET beside the create its list.
 */
function linkedResources(model: ApiModel, takenCreates: ReadonlySet<string>, names: Set<string>, unresolved: Unresolved[]): InferredResource[] {
  const found: InferredResource[] = [];
  const paths = isObject(model.document.paths) ? model.document.paths : {};
  for (const create of model.operations) {
    if (create.method !== 'post' || takenCreates.has(create.id) || found.some((resource) => resource.resource.create === create.id)) continue;
    const pathItem = deref(model, paths[create.path]);
    const operationObject = isObject(pathItem) ? deref(model, pathItem[create.method]) : undefined;
    const responses = isObject(operationObject) && isObject(operationObject.responses) ? operationObject.responses : {};
    for (const [status, raw] of Object.entries(responses)) {
      if (!/^2/.test(status)) continue;
      const response = deref(model, raw);
      const links = isObject(response) && isObject(response.links) ? response.links : {};
      const resource = Object.entries(links)
        .map(([name, value]) => ({ name, link: deref(model, value) }))
        .flatMap(({ name, link }) => {
          if (!isObject(link) || !isObject(link.parameters)) return [];
          const target = linkTarget(model, link);
          const entry = Object.entries(link.parameters).find(([, expression]) => typeof expression === 'string' && expression.startsWith('$response.body#'));
          if (!target || !entry) return [];
          const [idParameter, expression] = entry as [string, string];
          if (!target.parameters.some((parameter) => parameter.in === 'path' && parameter.name === idParameter)) return [];
          return [{ name, target, idParameter, pointer: expression.slice('$response.body#'.length) }];
        })[0];
      if (!resource) continue;
      const siblings = model.operations.filter((operation) => operation.path === resource.target.path);
      const on = (method: string): Operation | undefined => siblings.find((operation) => operation.method === method);
      const read = on('get');
      const update = on('patch') ?? on('put');
      const remove = on('delete');
      const list = model.operations.find((operation) => operation.path === create.path && operation.method === 'get');
      // `POST /orders/submit`: the collection is the last plural segment, not the verb after it.
      const literal = create.path.split('/').filter((part) => part !== '' && !part.startsWith('{'));
      const base = nameOf(`/${[...literal].reverse().find((part) => /s$/i.test(part)) ?? literal.pop() ?? 'resource'}`);
      let name = base;
      for (let n = 2; names.has(name); n += 1) name = `${base}${n}`;
      names.add(name);
      if (!remove) unresolved.push({ pointer: toPointer(['resources', name, 'delete']), what: `no DELETE ${resource.target.path}: conform cannot remove what it creates; declare the operation that does` });
      const visibility = visibilityOf(model, create, read, resource.target.path, name, unresolved);
      found.push({
        name,
        resource: {
          create: create.id,
          ...(read ? { read: read.id } : {}),
          ...(list ? { list: list.id } : {}),
          ...(update ? { update: update.id } : {}),
          ...(remove ? { delete: remove.id } : {}),
          id: { from: 'body', pointer: resource.pointer },
          idParameter: resource.idParameter,
          ...(visibility ? { visibility } : {}),
        },
        because: `the link '${resource.name}' of ${create.label} ${status} to ${resource.target.label} (${resource.idParameter} from $response.body#${resource.pointer})`,
      });
      break;
    }
  }
  return found;
}

/**
 * Resources the document makes unambiguous: first those its OpenAPI `links` state, then REST shapes
 * for the create operations left. `takenCreates`: create operations of written resources; `takenNames`:
 * their names (an inferred one gets another).
 */
export function inferResources(model: ApiModel, takenCreates: ReadonlySet<string>, takenNames: ReadonlySet<string>, unresolved: Unresolved[]): InferredResource[] {
  const names = new Set<string>(takenNames);
  const linked = linkedResources(model, takenCreates, names, unresolved);
  const taken = new Set([...takenCreates, ...linked.map((found) => found.resource.create)]);
  return [...linked, ...restResources(model, taken, names, unresolved)];
}
