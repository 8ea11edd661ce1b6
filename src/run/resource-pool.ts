import type fc from 'fast-check';
import type { Case } from '../generate/case.ts';
import type { Draw } from '../generate/draw.ts';
import { deferredSample } from '../generate/deferred-sample.ts';
import type { Principal } from '../principals.ts';
import { lenientJsonBody, responseHeader, type Exchange } from '../transport/exchange.ts';
import { joinUrl, withPathParam, withPrincipal } from '../transport/case-request.ts';
import { deriveSeed } from '../generate/derive-seed.ts';
import type { Ledger } from './ledger.ts';
import type { ResourceLinks } from './resource-links.ts';
import { idOfCreated, withFreshId } from './created-id.ts';

/** An item this run created and may therefore change or delete. */
export interface OwnedResource {
  readonly id: string;
  readonly url: string;
  /** The create exchange, the evidence that the API said it exists. */
  readonly created: Exchange;
}

/** Sends a fully prepared case (no further changes) and records it. */
export type SendPrepared = (testCase: Case) => Promise<Exchange>;

/** Extra requests a run makes before deleting what it created (e.g. Glance: unprotect first). */
export type BeforeRemove = (resource: OwnedResource, principal: Principal | undefined) => readonly Case[];

export interface ResourcePoolOptions {
  readonly links: ResourceLinks;
  readonly baseUrl: string;
  readonly seed: number;
  readonly principal?: Principal;
  readonly ledger: Ledger;
  readonly send: SendPrepared;
  /** Positive cases of the create operation. */
  readonly createCases: fc.Arbitrary<Case>;
  /** A case of the remove operation, to be addressed at an owned item. */
  readonly removeCase?: () => Case | undefined;
  readonly beforeRemove?: BeforeRemove;
  /** How many positive create cases to try before giving up on making an item. */
  readonly attempts?: number;
}

function idFrom(exchange: Exchange, links: ResourceLinks): string | undefined {
  if (links.id) return idOfCreated(exchange, links.create, links.idParameter, links.id);
  const itemPathPrefix = `${links.itemPath.slice(0, links.itemPath.lastIndexOf('/'))}/`;
  const response = exchange.response;
  if (!response || response.status < 200 || response.status >= 300) return undefined;
  const body = lenientJsonBody(response);
  if (typeof body === 'object' && body !== null && 'id' in body) {
    const id: unknown = body.id;
    if (typeof id === 'string' && id !== '') return id;
    if (typeof id === 'number') return String(id);
  }
  // Otherwise the Location header names it.
  const location = responseHeader(response, 'location');
  if (!location) return undefined;
  const path = location.replace(/^[a-z]+:\/\/[^/]+/i, '');
  const index = path.indexOf(itemPathPrefix);
  const rest = index >= 0 ? path.slice(index + itemPathPrefix.length) : path.split('/').pop();
  return rest ? decodeURIComponent(rest.split(/[/?#]/)[0] ?? '') || undefined : undefined;
}

/**
 * Items of one collection created by this run, recorded in the ledger the moment the API confirms
 * them. Destructive requests address only these; `cleanup` deletes whatever is left.
 */
export class ResourcePool {
  readonly #options: ResourcePoolOptions;
  readonly #owned: OwnedResource[] = [];
  readonly #byId = new Map<string, OwnedResource>();
  #samples: Draw<Case>[] | undefined;
  #cursor = 0;
  #failure: string | undefined;

  constructor(options: ResourcePoolOptions) {
    this.#options = options;
  }

  get links(): ResourceLinks {
    return this.#options.links;
  }

  /** Why no item could be created, once `create` has failed. */
  get failure(): string | undefined {
    return this.#failure;
  }

  /** Creates one more item through the create operation; undefined when every attempt was refused. */
  async create(): Promise<OwnedResource | undefined> {
    const { links, principal, send } = this.#options;
    const attempts = this.#options.attempts ?? 10;
    // The values fc.sample gives, each generated when first tried: an operation usually needs two or
    // three items of the forty on offer.
    this.#samples ??= deferredSample(this.#options.createCases, { seed: deriveSeed(this.#options.seed, links.create.id, 'pool'), numRuns: attempts * 4 });
    for (let tried = 0; tried < attempts && this.#cursor < this.#samples.length; tried += 1) {
      const drawn = this.#samples[this.#cursor]?.();
      this.#cursor += 1;
      if (!drawn) break;
      // An id the client chooses is a fresh one: a generated one may name an item someone else owns.
      const generated = links.id?.from === 'path' ? withFreshId(links.create, links.idParameter, drawn).testCase : drawn;
      const exchange = await send(withPrincipal(generated, principal));
      const owned = this.adopt(exchange);
      if (!owned) {
        this.#failure = `${links.create.label} did not create an item (last answer: ${exchange.response?.status ?? exchange.failure?.message ?? 'none'})`;
        continue;
      }
      return owned;
    }
    // Nothing was sent, or nothing more could be: say which, never "unknown".
    this.#failure ??= `no ${links.create.label} request could be generated to create one`;
    return undefined;
  }

  /**
   * Takes an item the create operation just made (any successful create exchange of the run, not only
   * the pool's own) into the ledger and the pool, so that it is deleted at the end. Idempotent.
   */
  adopt(exchange: Exchange): OwnedResource | undefined {
    const { links, baseUrl, principal, ledger } = this.#options;
    const id = idFrom(exchange, links);
    if (!id) return undefined;
    const known = this.#byId.get(id);
    if (known) return known;
    const url = joinUrl(baseUrl, links.itemPath.replace(`{${links.idParameter}}`, encodeURIComponent(id)));
    ledger.record({
      operationId: links.create.id,
      url,
      ...(links.remove ? { removeMethod: 'DELETE' } : {}),
      principal: principal?.name ?? 'anonymous',
      createdAt: new Date().toISOString(),
    });
    const owned = { id, url, created: exchange };
    this.#byId.set(id, owned);
    this.#owned.push(owned);
    return owned;
  }

  /** An owned item for a request that changes one: the pool's items in turn, creating the first ones on demand. */
  async acquire(index: number, size = 2): Promise<OwnedResource | undefined> {
    while (this.#owned.length < size) {
      const made = await this.create();
      if (!made) break;
    }
    return this.#owned.length === 0 ? undefined : this.#owned[index % this.#owned.length];
  }

  /** Addresses `testCase` (an item operation) at `resource`. */
  address(testCase: Case, resource: OwnedResource): Case {
    return withPathParam(testCase, this.#options.links.idParameter, resource.id);
  }

  /** Marks an item deleted by a test step, so cleanup does not try again. */
  forget(resource: OwnedResource): void {
    this.#options.ledger.markRemoved(resource.url);
    this.#byId.delete(resource.id);
    const index = this.#owned.indexOf(resource);
    if (index >= 0) this.#owned.splice(index, 1);
  }

  /** Sends what must precede a delete of `resource` (e.g. lifting a Glance image's protection). */
  async prepareRemoval(resource: OwnedResource): Promise<void> {
    const { beforeRemove, principal, send } = this.#options;
    for (const step of beforeRemove?.(resource, principal) ?? []) await send(withPrincipal(step, principal));
  }

  /** Deletes every item this pool created and has not seen deleted; resolves to what could not be. */
  async cleanup(): Promise<string[]> {
    const { removeCase, principal, send, ledger } = this.#options;
    const left: string[] = [];
    for (const resource of [...this.#owned].reverse()) {
      const template = removeCase?.();
      if (!template) {
        left.push(`${resource.url} (the API documents no delete)`);
        continue;
      }
      await this.prepareRemoval(resource);
      const exchange = await send(withPrincipal(this.address(template, resource), principal));
      const status = exchange.response?.status ?? 0;
      if ((status >= 200 && status < 300) || status === 404 || status === 410) {
        ledger.markRemoved(resource.url);
      } else {
        left.push(`${resource.url} (DELETE answered ${status || exchange.failure?.message})`);
      }
    }
    this.#owned.length = 0;
    this.#byId.clear();
    return left;
  }
}
