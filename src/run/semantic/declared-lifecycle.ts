import { createHash } from 'node:crypto';
import type { Declaration, PaginationDeclaration, ResourceDeclaration } from '../../openapi/declaration/declaration.ts';
import type { ApiModel, Operation } from '../../openapi/types.ts';
import type { Principal } from '../../principals.ts';
import type { Exchange } from '../../transport/exchange.ts';
import { declaredListAdapter } from './declared-list.ts';
import { Expectations } from './expectations.ts';
import { atPointer, walkPages } from './pagination-walk.ts';
import { plansInSequence, type SemanticPlan } from './semantic-plan.ts';
import { bodyOf, creatable, createItem, idPointerOf, itemPath } from './declared-resource.ts';
import { updateProbeOf } from './update-probe.ts';
import { joinUrl } from '../../transport/case-request.ts';
import type { SemanticProperty, SemanticSession } from './semantic-session.ts';

/** A declared resource with what the lifecycle needs of the document. */
export interface DeclaredResource {
  readonly name: string;
  readonly resource: ResourceDeclaration;
  /** The declared paging of its list, if any. */
  readonly listPagination?: PaginationDeclaration;
}

/** Pages a list walk may read looking for one item. */
const LIST_PAGES = 20;

/** The property a declared resource's lifecycle reports. */
export function declaredLifecycleProperty(model: ApiModel, declared: DeclaredResource): SemanticProperty {
  const label = (id: string | undefined): string | undefined => model.operations.find((operation) => operation.id === id)?.label;
  const steps = [label(declared.resource.create), declared.resource.delete ? label(declared.resource.delete) : undefined].filter(Boolean).join(' → ');
  return { checkId: 'lifecycle_semantics', operationId: declared.resource.create, operationLabel: `${steps} (lifecycle of ${declared.name})` };
}

/** The item a lifecycle created, as its extra steps see it. */
export interface LifecycleItem {
  readonly session: SemanticSession;
  readonly owner: Principal;
  readonly id: string;
  /** The item's URL (its read operation's path under the target). */
  readonly url: string;
  /** The create exchange. */
  readonly created: Exchange;
  /** The lifecycle's expectations: a step's findings are the lifecycle's. */
  readonly expect: Expectations;
}

/**
 * What an API's own code adds to a declared lifecycle where a rule cannot be declared (Glance: JSON
 * Patch `add` on an existing field, its media type, deactivate/reactivate, a protected image's delete):
 * steps on the created item after its update and before its delete.
 */
export type LifecycleExtras = (item: LifecycleItem) => Promise<void>;

/**
 * The lifecycle of a declared resource, as the owner, on data it creates: create (a positive case of
 * the create operation, up to five tries) → read by id (200, same id) → listed by its owner (every page
 * walked) → update a string field it shows (a JSON or JSON Patch body, as the update takes) and read
 * it back → the API's own extra steps, if any → delete (2xx) → read 404 → gone from the list. Every step is asserted in every run; what the declaration lacks (no read, no delete) is a
 * step not taken, and a missing delete leaves the item in the ledger for `conform cleanup`.
 */
export function declaredLifecyclePlan(model: ApiModel, declared: DeclaredResource, principalName = 'owner', extras?: LifecycleExtras): SemanticPlan {
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
      if (!creatable(create, resource)) {
        session.skip(property, `${create.label} needs path parameters the declaration does not give`);
        return;
      }
      await session.property(property, async () => {
        const expect = new Expectations(`lifecycle of ${declared.name} (declaration): created, readable, listed, updated and read back, deleted, then 404 and not listed`);
        const made = await createItem(session, model, create, owner, resource, 'declared-lifecycle');
        if (typeof made === 'string') return { skip: made };
        const { id, exchange: created, removeUrl } = made;
        const read = byId(resource.read);
        const remove = byId(resource.delete);
        const readPath = read ? itemPath(read, resource.idParameter, id) : undefined;
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
        const probe = updateProbeOf(model, update, read);
        const updatePath = update ? itemPath(update, resource.idParameter, id) : undefined;
        if (update && probe && typeof updatePath === 'string') {
          const { field } = probe;
          const value = `conform-${createHash('sha256').update(`${session.runtime.settings.seed}:${id}`).digest('hex').slice(0, 12)}`;
          const request = probe.request(value);
          const changed = await session.send(update.id, { method: update.method.toUpperCase(), path: updatePath, headers: { 'content-type': request.contentType }, body: request.body }, owner);
          if (expect.status(changed, [200, 201, 202, 204], 'update-refused', `${update.label} setting ${field}`)) {
            const after = await get();
            if (after) {
              const got = atPointer(bodyOf(after), `/${field}`);
              expect.that(got === value, 'update-not-persisted', `after ${update.label} set ${field} to ${JSON.stringify(value)}, ${read?.label} shows ${JSON.stringify(got)}`, after, { field, expected: value, got });
            }
          }
        }

        if (extras && typeof readPath === 'string') await extras({ session, owner, id, url: joinUrl(session.runtime.target, readPath), created, expect });

        if (remove && removeUrl) {
          const removed = await session.send(remove.id, { method: remove.method.toUpperCase(), path: removeUrl }, owner);
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
export function declaredResources(declaration: Pick<Declaration, 'resources' | 'pagination'>): DeclaredResource[] {
  return Object.entries(declaration.resources).map(([name, resource]) => {
    const listPagination = resource.list === undefined ? undefined : declaration.pagination[resource.list];
    return { name, resource, ...(listPagination ? { listPagination } : {}) };
  });
}

/** Every declared resource's lifecycle, one after another, as one plan. */
export function declaredLifecyclesPlan(model: ApiModel, resources: readonly DeclaredResource[], principalName = 'owner'): SemanticPlan {
  return plansInSequence(resources.map((declared) => declaredLifecyclePlan(model, declared, principalName)));
}
