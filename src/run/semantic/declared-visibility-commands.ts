/**
 * The commands of the declared visibility suites (declared-visibility.ts): create, read, list, move,
 * update, delete and fetch a public link, as a principal or with no credential, each judged against the
 * declaration's rule table (declared-visibility-rules.ts) and nothing else of the API.
 */
import { pointerSegments, toPointer } from '../../openapi/json-pointer.ts';
import type { Case } from '../../generate/case.ts';
import { withPathParam } from '../../transport/case-request.ts';
import type { Exchange } from '../../transport/exchange.ts';
import { idPointerOf, itemPath, withValueAt } from './declared-resource.ts';
import { createdIdOf, withChosenId } from '../created-id.ts';
import { fieldUpdate } from './update-probe.ts';
import { declaredListAdapter } from './declared-list.ts';
import { createNamesState, linkedIn, listHolds, listJudgedFor, mayChange, mayMove, mayRead, movableBy, moveRefusals, refusalsFor, ruleOf, setterOf, stateOfValue, type Caller, type DeclaredVisibility, type JudgedList } from './declared-visibility-rules.ts';
import { belowTarget, fetchLinks, judgeLinkShown } from './declared-link.ts';
import { atPointer, walkPages } from './pagination-walk.ts';
import { jsonBody, statusOf, type VisibilityClient, type VisibilityRequest } from './visibility-client.ts';
import type { VisibilityCommand } from './visibility-run.ts';

export interface ModelItem {
  readonly declared: DeclaredVisibility;
  readonly id: string;
  readonly label: string;
  readonly owner: string;
  state: string;
  /** Its representation as last read: `params` of an owner list are filled from it. */
  shown: unknown;
  /** Its public link as last seen (a declared `link`), and the links it left. */
  link: string | null;
  readonly retired: Set<string>;
}

/** The state of one sequence: the items it created and has not deleted. */
export interface DeclaredVisibilityModel {
  readonly items: ModelItem[];
}

/** What the commands of one run share. */
export interface Env {
  /** Resource name → who acts on it: the owner, then the others the principals file has (the first required). */
  readonly principals: ReadonlyMap<string, readonly string[]>;
  /** Remove URL path → the item's owner and how to delete it, for every item the run made and has not deleted. */
  readonly created: Map<string, { readonly by: string; readonly method: string }>;
  /** Resource name → positive create requests to draw from. */
  readonly createCases: ReadonlyMap<string, readonly Case[]>;
  /** Resource name → positive update requests (another principal's change), where no probe field is found. */
  readonly updateCases: ReadonlyMap<string, readonly Case[]>;
  /** Resource name → the body of another principal's update: a free string field set, as the owner could have. */
  readonly probeUpdates: ReadonlyMap<string, (value: string) => { readonly contentType: string; readonly body: string }>;
  /** Setters (`setBy`) the principals file lacks: the states only they set are reached by nobody. */
  readonly absent: ReadonlySet<string>;
}

/** Pages a list walk reads before it stops judging what is missing. */
const LIST_PAGES = 10;
/** Create requests generated per resource: tried in turn until one is accepted. */
export const CREATE_CASES = 5;

const who = (caller: Caller): string => caller ?? 'anybody (no credential)';
/** A 2xx status. */
export const success = (status: number): boolean => status >= 200 && status < 300;

function clause(declared: DeclaredVisibility, state: string, what: string): string {
  const rule = ruleOf(declared, state);
  return `declaration: a ${state} ${declared.name} (read: ${rule.read}, listed: ${rule.listed}, change: ${rule.change}, refusal: ${rule.refusal}): ${what}`;
}

/** The value without the field at `pointer`. */
function withoutValueAt(root: unknown, pointer: string): unknown {
  const copy: unknown = structuredClone(root);
  const segments = pointerSegments(pointer);
  const parent = atPointer(copy, toPointer(segments.slice(0, -1)));
  const last = segments[segments.length - 1];
  if (typeof parent === 'object' && parent !== null && last !== undefined) delete (parent as Record<string, unknown>)[last];
  return copy;
}

/** A generated case as a visibility request (no credentials: the client adds the caller's), its JSON body replaced when given. */
function requestOf(testCase: Case, body?: unknown): VisibilityRequest {
  const query = testCase.query.map(([name, value]) => (typeof value === 'string' ? `${name}=${value}` : undefined)).filter((pair) => pair !== undefined);
  const headers: Record<string, string> = {};
  // Accept is the client's to set, as for every suite request (the user's --accept included).
  for (const [name, value] of Object.entries(testCase.headers)) if (typeof value === 'string' && name.toLowerCase() !== 'accept') headers[name] = value;
  const raw = body === undefined ? testCase.body?.raw : JSON.stringify(body);
  return { method: testCase.method, path: `${testCase.path}${query.length > 0 ? `?${query.join('&')}` : ''}`, headers, ...(raw === undefined ? {} : { body: raw }) };
}

export const isJson = (testCase: Case): boolean => /json/i.test(testCase.body?.mediaType ?? '') && !/patch/i.test(testCase.body?.mediaType ?? '');

function removePathOf(declared: DeclaredVisibility, id: string): string | undefined {
  const path = declared.remove ? itemPath(declared.remove, declared.resource.idParameter, id) : undefined;
  return typeof path === 'string' ? path : undefined;
}

function itemsOf(model: DeclaredVisibilityModel, declared: DeclaredVisibility): ModelItem[] {
  return model.items.filter((item) => item.declared === declared);
}

const pick = <T>(items: readonly T[], index: number): T | undefined => items[index % Math.max(items.length, 1)];

/** `image A`, `image B`… in creation order within the sequence, for readable traces. */
function labelFor(declared: DeclaredVisibility, model: DeclaredVisibilityModel): string {
  return `${declared.name} ${String.fromCharCode(65 + (model.items.length % 26))}${model.items.length >= 26 ? String(model.items.length) : ''}`;
}

export class Create implements VisibilityCommand<DeclaredVisibilityModel> {
  constructor(
    readonly env: Env,
    readonly declared: DeclaredVisibility,
    readonly by: string,
    /** The state to create it in; undefined: as the create leaves it (the default). */
    readonly state: string | undefined,
  ) {}
  check(): boolean {
    return true;
  }
  async run(model: DeclaredVisibilityModel, client: VisibilityClient): Promise<void> {
    const { declared } = this;
    const { field, values } = declared.visibility;
    const expected = this.state ?? declared.visibility.default;
    if (this.state !== undefined && setterOf(declared, this.state) !== undefined && createNamesState(declared)) {
      await this.#refused(model, client, this.state);
      return;
    }
    // A state its action puts the item in: created in the default one, then moved (by its creator).
    const action = this.state === undefined || this.state === declared.visibility.default ? undefined : declared.actions.get(this.state);
    const cases = this.env.createCases.get(declared.name) ?? [];
    let exchange: Exchange | undefined;
    let id: string | undefined;
    for (let attempt = 0; attempt < cases.length && id === undefined; attempt += 1) {
      // The least item first (leastFirst), the others only if it is refused: an optional flag drawn at
      // random (Glance's `protected`) could keep the sweep from deleting it, and is no rule of the table.
      const chosen = withChosenId(declared.create, declared.resource, cases[attempt] as Case);
      const { testCase } = chosen;
      const body = field && values ? (this.state === undefined ? withoutValueAt(testCase.body?.value, field) : withValueAt(testCase.body?.value, field, values[this.state])) : undefined;
      exchange = await client.send(this.by, requestOf(testCase, body));
      if (success(statusOf(exchange))) id = chosen.id ?? createdIdOf(exchange, declared.resource.id);
    }
    if (!exchange || id === undefined) {
      throw new Error(`no ${declared.name} could be created: ${declared.create.label} as ${this.by} answered ${exchange ? statusOf(exchange) : 'nothing'} to ${cases.length} positive requests${exchange && success(statusOf(exchange)) ? ' without the declared id' : ''}`);
    }
    const label = labelFor(declared, model);
    this.#remember(client, id);
    const shown = jsonBody(exchange);
    const item: ModelItem = { declared, id, label, owner: this.by, state: action && !field ? declared.visibility.default : expected, shown, link: null, retired: new Set() };
    model.items.push(item);
    client.step(`${this.by} creates ${label} ${this.state === undefined ? `(state not set: ${expected} by default)` : expected} → ${statusOf(exchange)}`);
    if (field) {
      const value = atPointer(shown, field);
      const actual = stateOfValue(declared, value);
      if (value !== undefined && actual !== expected) {
        client.mismatch({ suiteId: 'visibility_applied', clause: clause(declared, expected, `created ${this.state === undefined ? 'without the field' : `with ${field} ${JSON.stringify(values?.[expected])}`}, it is ${expected}`), key: `create-state:${expected}`, expected: `${field} ${JSON.stringify(values?.[expected])}`, got: JSON.stringify(value), exchange });
        if (actual) item.state = actual;
      }
    }
    judgeLinkShown(client, item, shown, exchange, 'create');
    if (action) await moveTo(client, item, this.by, this.state ?? expected);
  }
  /**
   * A create in a state only another principal sets: refused (setRefusal), whatever the body. With
   * actions the create leaves the state to the default and the move is refused instead (moveTo).
   */
  async #refused(model: DeclaredVisibilityModel, client: VisibilityClient, state: string): Promise<void> {
    const { declared } = this;
    const { field, values } = declared.visibility;
    if (!field || !values) return;
    const first = this.env.createCases.get(declared.name)?.[0];
    if (!first) return;
    const chosen = withChosenId(declared.create, declared.resource, first);
    const exchange = await client.send(this.by, requestOf(chosen.testCase, withValueAt(chosen.testCase.body?.value, field, values[state])));
    const status = statusOf(exchange);
    client.step(`${this.by} creates a ${state} ${declared.name} (only ${setterOf(declared, state) ?? ''} makes one ${state}) → ${status}`);
    const refusals = moveRefusals(declared, { owner: this.by, state }, this.by, state);
    if (refusals.includes(status)) return;
    client.mismatch({ suiteId: 'visibility_isolation', clause: clause(declared, state, `only ${setterOf(declared, state) ?? ''} makes a ${declared.name} ${state}; its owner's create is refused`), key: `create-set-by:${state}:${status}`, expected: refusals.join(' or '), got: String(status), exchange });
    const id = success(status) ? (chosen.id ?? createdIdOf(exchange, declared.resource.id)) : undefined;
    if (id === undefined) return;
    // Created all the same: the run still deletes it, and the model holds it as the target shows it.
    this.#remember(client, id);
    const shown = jsonBody(exchange);
    model.items.push({ declared, id, label: labelFor(declared, model), owner: this.by, state: stateOfValue(declared, atPointer(shown, field)) ?? state, shown, link: null, retired: new Set() });
  }
  /** Notes a created item for the sweep and the ledger (which deletes it if the run is cut short). */
  #remember(client: VisibilityClient, id: string): void {
    const { declared } = this;
    const removePath = removePathOf(declared, id);
    if (!removePath || !declared.remove) return;
    this.env.created.set(removePath, { by: this.by, method: declared.remove.method.toUpperCase() });
    client.runtime.ledger.record({ operationId: declared.create.id, url: `${client.runtime.target.replace(/\/+$/, '')}${removePath}`, removeMethod: declared.remove.method.toUpperCase(), principal: this.by, createdAt: new Date().toISOString() });
  }
  toString(): string {
    return `create(${this.declared.name}, ${this.by}, ${this.state ?? 'default'})`;
  }
}

/** Moves an item to `state` as `by` (its action, or an update of the field) and judges the answer. */
async function moveTo(client: VisibilityClient, item: ModelItem, by: Caller, state: string): Promise<void> {
  const { declared } = item;
  const how = movableBy(declared);
  const operation = how === 'action' ? declared.actions.get(state) : declared.update;
  const path = operation ? itemPath(operation, declared.resource.idParameter, item.id) : undefined;
  if (!operation || typeof path !== 'string') return;
  const field = declared.visibility.field;
  const allowed = mayMove(declared, item, by, state);
  if (allowed === undefined) return;
  const change = how === 'update' && field ? fieldUpdate(operation, field, declared.visibility.values?.[state]) : undefined;
  if (how === 'update' && !change) return;
  const request: VisibilityRequest = change ? { method: operation.method.toUpperCase(), path, headers: { 'content-type': change.contentType }, body: change.body } : { method: operation.method.toUpperCase(), path };
  const exchange = await client.send(by, request);
  const status = statusOf(exchange);
  client.step(`${who(by)} makes ${item.label} (${item.owner}'s, ${item.state}) ${state} → ${status}`);
  if (!allowed) {
    const refusals = moveRefusals(declared, item, by, state);
    if (!refusals.includes(status)) {
      const setter = setterOf(declared, state);
      const rule = by === item.owner && setter !== undefined ? `only ${setter} makes it ${state}; its owner is refused` : `only its owner changes its visibility; ${by === null ? 'a request without credentials' : 'another principal'} is refused`;
      client.mismatch({ suiteId: 'visibility_isolation', clause: clause(declared, by === item.owner ? state : item.state, rule), key: by === item.owner ? `move-set-by:${state}:${status}` : `move-other:${status}`, expected: refusals.join(' or '), got: String(status), exchange });
      if (success(status)) item.state = state;
    }
    return;
  }
  if (!success(status)) {
    client.mismatch({ suiteId: 'visibility_applied', clause: clause(declared, state, `its owner makes it ${state}`), key: `move:${state}:${status}`, expected: '2xx', got: String(status), exchange });
    return;
  }
  const linkedBefore = linkedIn(declared, item.state);
  item.state = state;
  const answer = jsonBody(exchange);
  const value = field ? atPointer(answer, field) : undefined;
  if (field && value !== undefined && stateOfValue(declared, value) !== state) {
    client.mismatch({ suiteId: 'visibility_applied', clause: clause(declared, state, `its owner makes it ${state}`), key: `move-answer:${state}`, expected: `${field} ${JSON.stringify(declared.visibility.values?.[state])}`, got: JSON.stringify(value), exchange });
  }
  judgeLinkShown(client, item, answer, exchange, 'move');
  // Served from the move on, or no longer: seen at once, as anybody would.
  if (linkedBefore !== linkedIn(declared, state)) await fetchLinks(client, item);
}

export class Read implements VisibilityCommand<DeclaredVisibilityModel> {
  constructor(
    readonly by: Caller,
    readonly index: number,
  ) {}
  check(model: Readonly<DeclaredVisibilityModel>): boolean {
    return model.items.length > 0;
  }
  async run(model: DeclaredVisibilityModel, client: VisibilityClient): Promise<void> {
    const item = pick(model.items, this.index);
    const read = item?.declared.read;
    if (!item || !read || (this.by === null && !item.declared.anonymous)) return;
    const path = itemPath(read, item.declared.resource.idParameter, item.id);
    if (typeof path !== 'string') return;
    const { declared } = item;
    const exchange = await client.send(this.by, { method: 'GET', path });
    const status = statusOf(exchange);
    client.step(`${who(this.by)} reads ${item.label} (${item.owner}'s, ${item.state}) → ${status}`);
    if (!mayRead(declared, item, this.by)) {
      const refusals = refusalsFor(declared, item, this.by);
      if (!refusals.includes(status)) {
        client.mismatch({ suiteId: 'visibility_isolation', clause: clause(declared, item.state, `only its owner reads it by id; ${this.by === null ? 'a request without credentials' : 'another principal'} is refused`), key: `read-other:${item.state}:${status}`, expected: refusals.join(' or '), got: String(status), exchange });
      }
      return;
    }
    const readers = ruleOf(declared, item.state).read === 'anyone' ? 'anyone' : 'its owner';
    if (status !== 200) {
      client.mismatch({ suiteId: 'visibility_applied', clause: clause(declared, item.state, `${readers} reads it by id${this.by === null && readers === 'anyone' ? ', without credentials too' : ''}`), key: `read:${item.state}:${status}`, expected: '200', got: String(status), exchange });
      return;
    }
    const shown = jsonBody(exchange);
    if (this.by === item.owner) item.shown = shown;
    judgeLinkShown(client, item, shown, exchange, 'read');
    const field = declared.visibility.field;
    const value = field ? atPointer(shown, field) : undefined;
    if (field && value !== undefined && stateOfValue(declared, value) !== item.state) {
      client.mismatch({ suiteId: 'visibility_applied', clause: clause(declared, item.state, `read by id, it shows ${field} ${JSON.stringify(declared.visibility.values?.[item.state])}`), key: `read-state:${item.state}`, expected: `${field} ${JSON.stringify(declared.visibility.values?.[item.state])}`, got: JSON.stringify(value), exchange });
      item.state = stateOfValue(declared, value) ?? item.state;
    }
  }
  toString(): string {
    return `read(${who(this.by)}, item#${this.index})`;
  }
}

export class List implements VisibilityCommand<DeclaredVisibilityModel> {
  constructor(
    readonly declared: DeclaredVisibility,
    readonly judged: JudgedList,
    readonly by: Caller,
    /** For an owner list: which item's owner (and fields) it is called for. */
    readonly anchor: number,
  ) {}
  check(model: Readonly<DeclaredVisibilityModel>): boolean {
    return itemsOf(model, this.declared).length > 0;
  }
  async run(model: DeclaredVisibilityModel, client: VisibilityClient): Promise<void> {
    const { declared, judged, by } = this;
    if (!listJudgedFor(judged.list, by) || (by === null && !declared.anonymous)) return;
    const items = itemsOf(model, declared);
    const anchor = pick(items, this.anchor);
    let path = judged.operation.path;
    for (const [name, pointer] of Object.entries(judged.list.params ?? {})) {
      const value = atPointer(anchor?.shown, pointer);
      if (typeof value !== 'string' && typeof value !== 'number') {
        client.step(`${judged.operation.label}: ${anchor?.label ?? 'no item'} shows no ${pointer} for {${name}}; not listed`);
        return;
      }
      path = path.replace(`{${name}}`, encodeURIComponent(String(value)));
    }
    const pagination = judged.pagination;
    const size = pagination?.maxPageSize;
    const target = client.runtime.target.replace(/\/+$/, '');
    const first = `${target}${path}${pagination && size ? `?${encodeURIComponent(pagination.pageSizeParam)}=${size}` : ''}`;
    const adapter = declaredListAdapter(pagination, idPointerOf(declared.resource), '');
    const walk = await walkPages(first, (url) => client.send(by, { method: 'GET', path: belowTarget(url, target) }), adapter, LIST_PAGES);
    const listed = new Map<string, unknown>();
    for (const entry of walk.items) {
      const id = adapter.idOf(entry);
      if (id !== undefined) listed.set(id, entry);
    }
    const boundOwner = judged.list.params ? anchor?.owner : undefined;
    const exchange = walk.pages[walk.pages.length - 1]?.exchange ?? walk.errorExchange;
    const heading = `${judged.operation.label}${boundOwner ? ` for ${boundOwner}` : ''}`;
    client.step(`${who(by)} lists ${heading} → ${exchange ? statusOf(exchange) : walk.end} [${items.filter((item) => listed.has(item.id)).map((item) => item.label).join(', ')}] (${walk.pages.length} pages)`);
    if (!exchange) return;
    for (const item of items) {
      const expected = listHolds(declared, judged.list, item, by, boundOwner);
      const present = listed.has(item.id);
      const whose = `${item.label} (${item.owner}'s, ${item.state})`;
      if (present && expected) judgeLinkShown(client, item, listed.get(item.id), exchange, 'list');
      if (present && !expected) {
        client.mismatch({ suiteId: 'visibility_isolation', clause: clause(declared, item.state, `${heading} (shows: ${judged.list.shows}${judged.list.states ? `, states: ${judged.list.states.join(', ')}` : ''}) does not hold it for ${who(by)}`), key: `listed:${judged.operation.id}:${item.state}`, expected: `no ${whose} in ${who(by)}'s ${heading}`, got: `${item.label} listed`, exchange });
      } else if (!present && expected && (walk.end === 'last-page' || walk.end === 'error')) {
        client.mismatch({ suiteId: 'visibility_applied', clause: clause(declared, item.state, `${heading} (shows: ${judged.list.shows}) holds it for ${who(by)}`), key: `unlisted:${judged.operation.id}:${item.state}`, expected: `${whose} in ${who(by)}'s ${heading}`, got: walk.end === 'error' ? `${statusOf(exchange)}: ${walk.detail ?? 'the list could not be read'}` : `not listed (${walk.pages.length} pages walked to the end)`, exchange });
      }
    }
  }
  toString(): string {
    return `list(${this.judged.operation.id}, ${who(this.by)}, anchor#${this.anchor})`;
  }
}

/** Anybody, with no credential, fetches an item's public link and the links it left (a declared `link`). */
export class FetchLinks implements VisibilityCommand<DeclaredVisibilityModel> {
  constructor(readonly index: number) {}
  check(model: Readonly<DeclaredVisibilityModel>): boolean {
    return model.items.some((item) => item.link !== null || item.retired.size > 0);
  }
  async run(model: DeclaredVisibilityModel, client: VisibilityClient): Promise<void> {
    const item = pick(model.items.filter((candidate) => candidate.link !== null || candidate.retired.size > 0), this.index);
    if (item) await fetchLinks(client, item);
  }
  toString(): string {
    return `fetchLinks(item#${this.index})`;
  }
}

export type ChangeKind = 'update' | 'delete' | { readonly move: string };

export class Change implements VisibilityCommand<DeclaredVisibilityModel> {
  constructor(
    readonly env: Env,
    readonly by: Caller,
    readonly index: number,
    readonly kind: ChangeKind,
  ) {}
  check(model: Readonly<DeclaredVisibilityModel>): boolean {
    return model.items.length > 0;
  }
  async run(model: DeclaredVisibilityModel, client: VisibilityClient): Promise<void> {
    const item = pick(model.items, this.index);
    if (!item || (this.by === null && !item.declared.anonymous)) return;
    const { declared } = item;
    if (typeof this.kind === 'object') {
      if (movableBy(declared) && item.state !== this.kind.move) await moveTo(client, item, this.by, this.kind.move);
      return;
    }
    // The owner's own updates are the lifecycle suite's; here only who may not change an item does.
    if (this.kind === 'update' && mayChange(item, this.by)) return;
    const request = this.kind === 'delete' ? this.#deleteRequest(item) : this.#updateRequest(item);
    if (!request) return;
    const exchange = await client.send(this.by, request);
    const status = statusOf(exchange);
    client.step(`${who(this.by)} ${this.kind === 'delete' ? 'deletes' : 'updates'} ${item.label} (${item.owner}'s, ${item.state}) → ${status}`);
    const deleted = this.kind === 'delete' && success(status);
    if (!mayChange(item, this.by)) {
      const refusals = refusalsFor(declared, item, this.by);
      if (!refusals.includes(status)) {
        client.mismatch({ suiteId: 'visibility_isolation', clause: clause(declared, item.state, `only its owner ${this.kind === 'delete' ? 'deletes' : 'updates'} it; ${this.by === null ? 'a request without credentials' : 'another principal'} is refused`), key: `${this.kind}-other:${item.state}:${status}`, expected: refusals.join(' or '), got: String(status), exchange });
      }
    }
    if (deleted) {
      model.items.splice(model.items.indexOf(item), 1);
      const path = removePathOf(declared, item.id);
      if (path && this.env.created.delete(path)) client.runtime.ledger.markRemoved(`${client.runtime.target.replace(/\/+$/, '')}${path}`);
    }
  }
  #deleteRequest(item: ModelItem): VisibilityRequest | undefined {
    const path = removePathOf(item.declared, item.id);
    return path && item.declared.remove ? { method: item.declared.remove.method.toUpperCase(), path } : undefined;
  }
  #updateRequest(item: ModelItem): VisibilityRequest | undefined {
    const { declared } = item;
    const update = declared.update;
    const path = update ? itemPath(update, declared.resource.idParameter, item.id) : undefined;
    if (!update || typeof path !== 'string') return undefined;
    // A change the owner would have made (a free string field the read shows), so a refusal can only
    // be for the item being another's, not for a body the API finds invalid first.
    const probe = this.env.probeUpdates.get(declared.name)?.(`conform-${this.index}`);
    if (probe) return { method: update.method.toUpperCase(), path, headers: { 'content-type': probe.contentType }, body: probe.body };
    const testCase = pick(this.env.updateCases.get(declared.name) ?? [], this.index);
    if (!testCase) return undefined;
    const addressed = withPathParam(testCase, declared.resource.idParameter, item.id);
    const visibilityField = declared.visibility.field;
    return requestOf(addressed, visibilityField && isJson(addressed) ? withoutValueAt(addressed.body?.value, visibilityField) : undefined);
  }
  toString(): string {
    return `${typeof this.kind === 'object' ? `move-${this.kind.move}` : this.kind}(${who(this.by)}, item#${this.index})`;
  }
}
