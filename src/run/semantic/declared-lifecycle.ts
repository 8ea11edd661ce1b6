import { createHash } from 'node:crypto';
import { casesForOperation } from '../../generate/cases.ts';
import type { ResourceDeclaration, PaginationDeclaration } from '../../openapi/declaration/declaration.ts';
import { requestSchema, shapeOf, successSchema } from '../../openapi/declaration/schema-shape.ts';
import type { ApiModel, Operation } from '../../openapi/types.ts';
import type { Principal } from '../../principals.ts';
import { joinUrl, toOutgoingRequest, withPrincipal } from '../../transport/case-request.ts';
import { lenientJsonBody, responseHeader, type Exchange } from '../../transport/exchange.ts';
import { deriveSeed } from '../../generate/derive-seed.ts';
import { declaredListAdapter } from './declared-list.ts';
import { Expectations } from './expectations.ts';
import { atPointer, walkPages } from './pagination-walk.ts';
import type { SemanticPlan } from './semantic-plan.ts';
import type { SemanticProperty, SemanticSession } from './semantic-session.ts';

/** A declared resource with what the lifecycle needs of the document. */
export interface DeclaredResource {
  readonly name: string;
  readonly resource: ResourceDeclaration;
  /** The declared paging of its list, if any. */
  readonly listPagination?: PaginationDeclaration;
}

/** How many positive create requests to try before the resource counts as impossible to create. */
const CREATE_ATTEMPTS = 5;
/** Pages a list walk may read looking for one item. */
const LIST_PAGES = 20;

/** The property a declared resource's lifecycle reports. */
export function declaredLifecycleProperty(model: ApiModel, declared: DeclaredResource): SemanticProperty {
  const label = (id: string | undefined): string | undefined => model.operations.find((operation) => operation.id === id)?.label;
  const steps = [label(declared.resource.create), declared.resource.delete ? label(declared.resource.delete) : undefined].filter(Boolean).join(' → ');
  return { checkId: 'lifecycle_semantics', operationId: declared.resource.create, operationLabel: `${steps} (lifecycle of ${declared.name})` };
}

/** A string field the update writes and the read shows: the lifecycle changes it and reads it back. */
function probeField(model: ApiModel, update: Operation, read: Operation | undefined): string | undefined {
  const written = shapeOf(model, requestSchema(update));
  const shown = shapeOf(model, read ? successSchema(read) : successSchema(update));
  for (const [name, schema] of written.properties) {
    const types = shapeOf(model, schema).types;
    const free = schema.enum === undefined && schema.format === undefined && schema.pattern === undefined && schema.readOnly !== true;
    const roomy = typeof schema.maxLength !== 'number' || schema.maxLength >= 24;
    if (types.includes('string') && free && roomy && shown.properties.has(name)) return name;
  }
  return undefined;
}

const bodyOf = (exchange: Exchange): unknown => (exchange.response ? lenientJsonBody(exchange.response) : undefined);

/** Where an item's id is in its own representation (a Location-declared id is read as `id`). */
export const idPointerOf = (resource: ResourceDeclaration): string => (resource.id.from === 'body' ? resource.id.pointer : '/id');

export function idFrom(exchange: Exchange, resource: ResourceDeclaration): string | undefined {
  const response = exchange.response;
  if (!response) return undefined;
  if (resource.id.from === 'body') {
    const id = atPointer(bodyOf(exchange), resource.id.pointer);
    return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
  }
  const location = responseHeader(response, 'location');
  const last = location?.replace(/[?#].*$/, '').split('/').filter(Boolean).pop();
  return last ? decodeURIComponent(last) : undefined;
}

/** The item path of an operation with the id put in, or why it cannot be built. */
export function itemPath(operation: Operation, idParameter: string, id: string): string | { reason: string } {
  const path = operation.path.replace(`{${idParameter}}`, encodeURIComponent(id));
  const left = /\{[^}]+\}/.exec(path);
  return left ? { reason: `${operation.label} needs ${left[0]} besides the id, which the declaration does not give` } : path;
}

/**
 * The lifecycle of a declared resource, as the owner, on data it creates: create (a positive case of
 * the create operation, up to five tries) → read by id (200, same id) → listed by its owner (every page
 * walked) → update a string field it shows and read it back → delete (2xx) → read 404 → gone from the
 * list. Every step is asserted in every run; what the declaration lacks (no read, no delete) is a
 * step not taken, and a missing delete leaves the item in the ledger for `conform cleanup`.
 */
export function declaredLifecyclePlan(model: ApiModel, declared: DeclaredResource, principalName = 'owner'): SemanticPlan {
  const property = declaredLifecycleProperty(model, declared);
  const byId = (id: string | undefined): Operation | undefined => model.operations.find((operation) => operation.id === id);
  const { resource } = declared;
  return {
    properties: [property],
    async run(session) {
      const owner = session.principal(principalName);
      if (!owner) {
        session.skip(property, `principal '${principalName}' is not configured (the lifecycle creates its own ${declared.name} as it)`);
        return;
      }
      const create = byId(resource.create);
      if (!create) {
        session.skip(property, `no operation '${resource.create}'`);
        return;
      }
      // A resource under a parent (`POST /orgs/{org}/things`) needs the parent's value, which nothing declares yet.
      if (/\{[^}]+\}/.test(create.path)) {
        session.skip(property, `${create.label} needs path parameters the declaration does not give`);
        return;
      }
      await session.property(property, async () => {
        const expect = new Expectations(`lifecycle of ${declared.name} (declaration): created, readable, listed, updated and read back, deleted, then 404 and not listed`);
        const made = await createItem(session, model, create, owner, resource);
        if (typeof made === 'string') return { skip: made };
        const { id, exchange: created } = made;
        const read = byId(resource.read);
        const remove = byId(resource.delete);
        const readPath = read ? itemPath(read, resource.idParameter, id) : undefined;
        const removePath = remove ? itemPath(remove, resource.idParameter, id) : undefined;
        const removeUrl = typeof removePath === 'string' ? joinUrl(session.runtime.target, removePath) : undefined;
        if (removeUrl) session.created({ operationId: create.id, url: removeUrl, removeMethod: remove?.method.toUpperCase() ?? 'DELETE', principal: owner.name });
        const get = async (): Promise<Exchange | undefined> => (read && typeof readPath === 'string' ? session.send(read.id, { method: 'GET', path: readPath }, owner) : undefined);

        const shown = await get();
        if (shown) {
          const shownId = atPointer(bodyOf(shown), idPointerOf(resource));
          const sameId = typeof shownId === 'string' || typeof shownId === 'number' ? String(shownId) : undefined;
          expect.that(shown.response?.status === 200 && (sameId === undefined || sameId === id), 'get-after-create', `${read?.label} of the ${declared.name} just created (${id}) answered ${shown.response?.status ?? shown.failure?.message}${sameId !== undefined && sameId !== id ? ` with id ${sameId}` : ''}`, shown, { id });
        }
        const list = byId(resource.list);
        const listed = list ? await listedIds(session, list, owner, declared) : undefined;
        if (list && listed) expect.that(listed.ids.includes(id), 'created-not-listed', `${list.label} does not list the ${declared.name} just created (${id}; walked ${listed.pages} pages)`, listed.exchange ?? created, { id });

        const update = byId(resource.update);
        const field = update ? probeField(model, update, read) : undefined;
        const updatePath = update ? itemPath(update, resource.idParameter, id) : undefined;
        if (update && field && typeof updatePath === 'string' && /json/i.test(update.requestBody?.content[0]?.mediaType ?? 'application/json')) {
          const value = `conform-${createHash('sha256').update(`${session.runtime.settings.seed}:${id}`).digest('hex').slice(0, 12)}`;
          const changed = await session.send(update.id, { method: update.method.toUpperCase(), path: updatePath, json: { [field]: value } }, owner);
          if (expect.status(changed, [200, 201, 202, 204], 'update-refused', `${update.label} setting ${field}`)) {
            const after = await get();
            if (after) {
              const got = atPointer(bodyOf(after), `/${field}`);
              expect.that(got === value, 'update-not-persisted', `after ${update.label} set ${field} to ${JSON.stringify(value)}, ${read?.label} shows ${JSON.stringify(got)}`, after, { field, expected: value, got });
            }
          }
        }

        if (remove && typeof removePath === 'string' && removeUrl) {
          const removed = await session.send(remove.id, { method: remove.method.toUpperCase(), path: removePath }, owner);
          if (expect.status(removed, [200, 202, 204], 'delete-refused', `${remove.label} of the ${declared.name}`)) {
            session.removed(removeUrl);
            const gone = await get();
            if (gone) expect.status(gone, [404, 410], 'get-after-delete', `${read?.label} of the deleted ${declared.name}`);
            const left = list ? await listedIds(session, list, owner, declared) : undefined;
            if (list && left) expect.that(!left.ids.includes(id), 'listed-after-delete', `${list.label} still lists the deleted ${declared.name} ${id}`, left.exchange ?? removed, { id });
          }
        }
        return expect.findings;
      });
    },
  };
}

/** Creates one item of a declared resource as `owner` (a positive case of its create operation, up to five tries); its id, or why not. */
export async function createItem(session: SemanticSession, model: ApiModel, create: Operation, owner: Principal, resource: ResourceDeclaration, salt = 'declared-lifecycle'): Promise<{ id: string; exchange: Exchange } | string> {
  const cases = casesForOperation(model, create, { count: CREATE_ATTEMPTS, seed: deriveSeed(session.runtime.settings.seed, salt, create.id), mode: 'positive' });
  let last = 'no positive request could be generated';
  for (const testCase of cases) {
    const exchange = await session.sendRaw(create.id, toOutgoingRequest(withPrincipal(testCase, owner), session.runtime.target));
    const status = exchange.response?.status;
    if (status === undefined || status < 200 || status >= 300) {
      last = `${create.label} answered ${status ?? exchange.failure?.message}`;
      continue;
    }
    const id = idFrom(exchange, resource);
    if (id === undefined) return `${create.label} answered ${status} without the id the declaration points at (${resource.id.from === 'body' ? resource.id.pointer : 'Location'})`;
    return { id, exchange };
  }
  return `could not create: ${last} (${cases.length} positive requests)`;
}

/** The ids the owner's list holds, every page walked (bounded); undefined when the list cannot be read. */
async function listedIds(session: SemanticSession, list: Operation, owner: Principal, declared: DeclaredResource): Promise<{ ids: string[]; pages: number; exchange?: Exchange } | undefined> {
  if (/\{[^}]+\}/.test(list.path)) return undefined;
  const pagination = declared.listPagination;
  const adapter = declaredListAdapter(pagination, idPointerOf(declared.resource), '');
  const query: [string, string][] = pagination?.maxPageSize ? [[pagination.pageSizeParam, String(pagination.maxPageSize)]] : [];
  const first = session.outgoing({ method: 'GET', path: list.path, query }, owner).url;
  const walk = await walkPages(first, (url) => session.send(list.id, { method: 'GET', path: url }, owner), adapter, LIST_PAGES);
  const ids = walk.items.map((item) => adapter.idOf(item)).filter((id): id is string => id !== undefined);
  const exchange = walk.pages[walk.pages.length - 1]?.exchange ?? walk.errorExchange;
  return { ids, pages: walk.pages.length, ...(exchange ? { exchange } : {}) };
}

/** The resources of a resolved declaration, each with its list's paging. */
export function declaredResources(declaration: { readonly resources: Readonly<Record<string, ResourceDeclaration>>; readonly pagination: Readonly<Record<string, PaginationDeclaration>> }): DeclaredResource[] {
  return Object.entries(declaration.resources).map(([name, resource]) => {
    const listPagination = resource.list === undefined ? undefined : declaration.pagination[resource.list];
    return { name, resource, ...(listPagination ? { listPagination } : {}) };
  });
}

/** Every declared resource's lifecycle, one after another, as one plan. */
export function declaredLifecyclesPlan(model: ApiModel, resources: readonly DeclaredResource[], principalName = 'owner'): SemanticPlan {
  const plans = resources.map((declared) => declaredLifecyclePlan(model, declared, principalName));
  return {
    properties: plans.flatMap((plan) => plan.properties),
    async run(session) {
      for (const plan of plans) await plan.run(session);
    },
  };
}
